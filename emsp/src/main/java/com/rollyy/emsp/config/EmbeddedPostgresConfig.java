package com.rollyy.emsp.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * With no {@code spring.datasource.url}, the service runs on a real PostgreSQL that it starts
 * itself, its cluster kept under {@code <data-dir>/postgres} so a restart loses nothing.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfig.NoDatasourceUrl.class)
public class EmbeddedPostgresConfig {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfig.class);

    /**
     * The server {@link EmbeddedPostgresStart} started while the context was being built (waited
     * for here if it is not up yet), or, in an application that listener did not start one, started
     * now.
     */
    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(RollyyProperties properties, StartupTimings timings,
                                      ObjectProvider<EmbeddedPostgresStart.Running> inParallel) throws Exception {
        long t0 = System.nanoTime();
        EmbeddedPostgresStart.Running start = inParallel.getIfAvailable();
        Started started = start != null ? start.take() : start(properties.dataDir());
        timings.postgresStarted(started.nanos(), start != null, System.nanoTime() - t0);
        return started.postgres();
    }

    /** A running server and how long its start took. */
    record Started(EmbeddedPostgres postgres, long nanos) {
    }

    static Started start(Path dataDir) throws IOException {
        long t0 = System.nanoTime();
        Path dir = dataDir.resolve("postgres").toAbsolutePath().normalize();
        Files.createDirectories(dir);
        log.info("No SPRING_DATASOURCE_URL set: starting embedded PostgreSQL with data in {}", dir);
        // after a kill -9 of this service its postmaster is still running on this directory
        new OrphanedPostmaster(dir, Duration.ofSeconds(30)).clear();
        // zonky starts PostgreSQL for throw-away test databases (fsync off); this one keeps real data
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                // stopped by this bean's close, after the pool and everything using it: zonky's own
                // JVM shutdown hook would stop it at once, beside Spring's graceful stop, failing
                // requests in flight and the background tasks being waited for
                .setRegisterShutdownHook(false)
                .start();
        return new Started(postgres, System.nanoTime() - t0);
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres, Environment environment) {
        HikariConfig config = hikariConfig(environment);
        // batched inserts travel as multi-row INSERTs: a pull writes thousands of rows per batch
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true");
        config.setUsername("postgres");
        return new HikariDataSource(config);
    }

    /**
     * The pool as {@code spring.datasource.hikari.*} configures it (like Spring Boot's own pool for
     * an external database), on defaults fit for one service on its own PostgreSQL: each pooled
     * connection is a PostgreSQL backend process, so an idle service keeps only a few.
     */
    static HikariConfig hikariConfig(Environment environment) {
        var config = new HikariConfig();
        config.setPoolName("embedded-postgres");
        config.setMaximumPoolSize(10);
        config.setMinimumIdle(2);
        // while the database is down a request fails after this long (503), instead of Hikari's 30 s
        config.setConnectionTimeout(5_000L);
        Binder.get(environment).bind("spring.datasource.hikari", Bindable.ofInstance(config));
        return config;
    }

    static boolean embedded(Environment environment) {
        String url = environment.getProperty("spring.datasource.url");
        return url == null || url.isBlank();
    }

    static final class NoDatasourceUrl implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return embedded(context.getEnvironment());
        }
    }
}
