package com.rollyy.emsp.config;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the queries behind gauges that count rows in the background, every few seconds, so a
 * scrape never waits for the database: with the database down a scrape still answers at once
 * (those gauges then read NaN), and every other meter is still collected.
 */
public final class DatabaseGauges implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseGauges.class);

    private final ScheduledExecutorService executor;

    /** {@code refresh} reads the database and stores what the gauges show; {@code failed} marks them unknown. */
    public DatabaseGauges(String name, Duration every, Runnable refresh, Runnable failed) {
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                refresh.run();
            } catch (RuntimeException e) {
                failed.run();
                log.debug("{} not refreshed: {}", name, e.toString());
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
