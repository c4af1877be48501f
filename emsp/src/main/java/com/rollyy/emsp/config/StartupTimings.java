package com.rollyy.emsp.config;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Where the start-up time went, logged once when the service is ready:
 * {@code Ready in 8.0 s: JVM 0.6 s, PostgreSQL 2.1 s, Flyway 0.9 s, context 4.4 s}. JVM is from
 * the process start to {@code SpringApplication.run}; PostgreSQL is the embedded server's start
 * (0 with an external database); Flyway is the whole {@code migrate()} (validation included);
 * context is the rest of the Spring start-up. The bench parses this line (bench/README.md). In a JVM
 * that starts several applications one after the other (the tests), JVM is all that came before.
 */
@Configuration(proxyBeanMethods = false)
public class StartupTimings {

    private static final Logger log = LoggerFactory.getLogger(StartupTimings.class);

    private volatile long postgresNanos;
    private volatile long flywayNanos;

    void postgresStarted(long nanos) {
        postgresNanos = nanos;
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

    @EventListener(ApplicationReadyEvent.class)
    void ready(ApplicationReadyEvent event) {
        Duration spring = event.getTimeTaken();
        long total = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        if (spring == null) {
            return;
        }
        double springSeconds = spring.toNanos() / 1e9;
        double totalSeconds = Math.max(total / 1e3, springSeconds);
        double postgres = postgresNanos / 1e9;
        double flyway = flywayNanos / 1e9;
        log.info(String.format(Locale.ROOT, "Ready in %.1f s: JVM %.1f s, PostgreSQL %.1f s, Flyway %.1f s,"
                        + " context %.1f s", totalSeconds, totalSeconds - springSeconds, postgres, flyway,
                Math.max(0, springSeconds - postgres - flyway)));
    }
}
