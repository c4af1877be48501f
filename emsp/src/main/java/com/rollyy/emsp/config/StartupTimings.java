package com.rollyy.emsp.config;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.metrics.ApplicationStartup;

/**
 * Where the start-up time went, logged once when the service is ready:
 * {@code Ready in 8.0 s: JVM 0.6 s, PostgreSQL 2.1 s (in parallel, waited 0.3 s), Flyway 0.9 s, context 4.1 s}.
 * JVM is from the process start to {@code SpringApplication.run}; PostgreSQL is the embedded
 * server's start (0 with an external database), which runs beside the context's own start-up
 * ({@link EmbeddedPostgresStart}): "waited" is how long the context was blocked on it (the whole
 * start when it was not started in parallel); Flyway is the whole {@code migrate()} (validation
 * included); context is the rest of the Spring start-up (the time Spring took, less the wait for
 * PostgreSQL and Flyway). The bench parses this line (bench/README.md). In a JVM that starts several
 * applications one after the other (the tests), JVM is all that came before.
 *
 * <p>With {@code -Drollyy.startup.steps=N} it also logs the N slowest start-up steps Spring recorded
 * (bean instantiations, configuration-class parsing, ...), each with its own time and its bean name.
 */
@Configuration(proxyBeanMethods = false)
public class StartupTimings {

    private static final Logger log = LoggerFactory.getLogger(StartupTimings.class);

    private volatile long postgresNanos;
    private volatile boolean postgresInParallel;
    private volatile long postgresWaitedNanos;
    private volatile long flywayNanos;

    /** The server took {@code nanos} to start; the context was blocked on it for {@code waitedNanos}. */
    void postgresStarted(long nanos, boolean inParallel, long waitedNanos) {
        postgresNanos = nanos;
        postgresInParallel = inParallel;
        postgresWaitedNanos = inParallel ? waitedNanos : nanos;
    }

    /** Flyway migrates as Spring Boot would, timed. */
    @Bean
    FlywayMigrationStrategy timedFlywayMigration() {
        return flyway -> {
            long t0 = System.nanoTime();
            try {
                flyway.migrate();
            } finally {
                flywayNanos = System.nanoTime() - t0;
            }
        };
    }

    /** {@code -Drollyy.startup.steps=N}: Spring records its start-up steps, the N slowest logged when ready. */
    public static void recordStepsIfAsked(SpringApplication application) {
        if (Integer.getInteger(STEPS, 0) > 0) {
            application.setApplicationStartup(new BufferingApplicationStartup(100_000));
        }
    }

    private static final String STEPS = "rollyy.startup.steps";

    private static void logSlowestSteps(ApplicationStartup startup) {
        if (!(startup instanceof BufferingApplicationStartup buffering)) {
            return;
        }
        int n = Integer.getInteger(STEPS, 0);
        // a step's own time: its duration less its children's
        var steps = buffering.getBufferedTimeline().getEvents();
        Map<Long, Duration> children = new HashMap<>();
        for (var step : steps) {
            Long parent = step.getStartupStep().getParentId();
            if (parent != null) {
                children.merge(parent, step.getDuration(), Duration::plus);
            }
        }
        steps.stream()
                .map(step -> Map.entry(step, step.getDuration().minus(children.getOrDefault(step.getStartupStep().getId(),
                        Duration.ZERO))))
                .sorted(Map.Entry.<StartupTimeline.TimelineEvent, Duration>comparingByValue().reversed())
                .limit(n)
                .forEach(e -> {
                    var tags = new StringBuilder();
                    e.getKey().getStartupStep().getTags().forEach(t -> tags.append(' ').append(t.getKey()).append('=')
                            .append(t.getValue()));
                    log.info(String.format(Locale.ROOT, "start-up step %6d ms own (%6d ms in all) %s%s",
                            e.getValue().toMillis(), e.getKey().getDuration().toMillis(),
                            e.getKey().getStartupStep().getName(), tags));
                });
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready(ApplicationReadyEvent event) {
        logSlowestSteps(event.getApplicationContext().getApplicationStartup());
        Duration spring = event.getTimeTaken();
        long total = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        if (spring == null) {
            return;
        }
        double springSeconds = spring.toNanos() / 1e9;
        double totalSeconds = Math.max(total / 1e3, springSeconds);
        double postgres = postgresNanos / 1e9;
        double waited = postgresWaitedNanos / 1e9;
        double flyway = flywayNanos / 1e9;
        log.info(String.format(Locale.ROOT, "Ready in %.1f s: JVM %.1f s, PostgreSQL %.1f s (%s, waited %.1f s),"
                        + " Flyway %.1f s, context %.1f s", totalSeconds, totalSeconds - springSeconds, postgres,
                postgresInParallel ? "in parallel" : "not in parallel", waited, flyway,
                Math.max(0, springSeconds - waited - flyway)));
    }
}
