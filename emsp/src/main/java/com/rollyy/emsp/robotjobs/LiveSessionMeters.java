package com.rollyy.emsp.robotjobs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code rollyy_sessions_live{status}}: robot charging sessions not over yet, by status, read
 * from the database at scrape time (one query per scrape, whichever gauge asks first), so every
 * instance shows the same numbers.
 */
@Component
class LiveSessionMeters {

    private static final long FRESH_NANOS = 1_000_000_000L;

    private final JdbcClient jdbc;
    private volatile Map<String, Long> counts = Map.of();
    private volatile long readAt;

    LiveSessionMeters(JdbcClient jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        for (SessionStatus status : SessionStatus.values()) {
            if (status.isLive()) {
                Gauge.builder("rollyy.sessions.live", this, m -> m.count(status.value()))
                        .description("Robot charging sessions not over yet, by status")
                        .tag("status", status.value())
                        .register(registry);
            }
        }
    }

    private double count(String status) {
        if (System.nanoTime() - readAt > FRESH_NANOS) {
            var read = new ConcurrentHashMap<String, Long>();
            jdbc.sql("select status, count(*) from job_session where status in ('pending', 'active', 'stopping')"
                            + " group by status")
                    .query((rs, n) -> read.put(rs.getString(1), rs.getLong(2))).list();
            counts = read;
            readAt = System.nanoTime();
        }
        return counts.getOrDefault(status, 0L);
    }
}
