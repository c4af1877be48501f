package com.rollyy.emsp.robotjobs;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.rollyy.emsp.config.DatabaseGauges;

/**
 * {@code rollyy_sessions_live{status}}: robot charging sessions not over yet, by status, read
 * from the database every few seconds ({@link DatabaseGauges}), so every instance shows the same
 * numbers and a scrape never waits for the database.
 */
@Component
class LiveSessionMeters implements AutoCloseable {

    private final JdbcClient jdbc;
    private final DatabaseGauges refresh;
    /** Null while unknown (not read yet, or the database did not answer): the gauges read NaN. */
    private volatile Map<String, Long> counts;

    LiveSessionMeters(JdbcClient jdbc, MeterRegistry registry,
                      @Value("${rollyy.metrics.database-gauges-every:5s}") Duration every) {
        this.jdbc = jdbc;
        for (SessionStatus status : SessionStatus.values()) {
            if (status.isLive()) {
                Gauge.builder("rollyy.sessions.live", this, m -> m.count(status.value()))
                        .description("Robot charging sessions not over yet, by status")
                        .tag("status", status.value())
                        .register(registry);
            }
        }
        this.refresh = new DatabaseGauges("live-session-gauges", every, this::read, () -> counts = null);
    }

    private double count(String status) {
        Map<String, Long> known = counts;
        return known == null ? Double.NaN : known.getOrDefault(status, 0L);
    }

    private void read() {
        var read = new HashMap<String, Long>();
        jdbc.sql("select status, count(*) from job_session where status in ('pending', 'active', 'stopping')"
                        + " group by status")
                .query((rs, n) -> read.put(rs.getString(1), rs.getLong(2))).list();
        counts = Map.copyOf(read);
    }

    @Override
    public void close() {
        refresh.close();
    }
}
