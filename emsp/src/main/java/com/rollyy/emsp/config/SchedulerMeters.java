package com.rollyy.emsp.config;

import java.sql.Timestamp;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The background work waiting in db-scheduler's table, read at scrape time (one query per
 * scrape): {@code rollyy_scheduler_due_tasks} (due and not picked by any instance) and
 * {@code rollyy_scheduler_oldest_due_seconds} (how long the oldest of them has been due; 0 when
 * none). Runs and failures per task come from db-scheduler itself
 * ({@code dbscheduler_task_completions_total{task,result}}).
 */
@Component
class SchedulerMeters {

    private static final long FRESH_NANOS = 1_000_000_000L;

    private final JdbcClient jdbc;
    private final String table;
    private volatile double due;
    private volatile double oldestSeconds;
    private volatile long readAt;

    SchedulerMeters(JdbcClient jdbc, MeterRegistry registry,
                    @Value("${db-scheduler.table-name:scheduled_tasks}") String table) {
        if (!table.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
            throw new IllegalStateException("db-scheduler.table-name is not a plain table name: " + table);
        }
        this.jdbc = jdbc;
        this.table = table;
        Gauge.builder("rollyy.scheduler.due.tasks", this, m -> m.read().due)
                .description("Background tasks due and not picked by any instance").register(registry);
        Gauge.builder("rollyy.scheduler.oldest.due", this, m -> m.read().oldestSeconds).baseUnit("seconds")
                .description("How long the oldest due, unpicked background task has been due").register(registry);
    }

    private SchedulerMeters read() {
        if (System.nanoTime() - readAt > FRESH_NANOS) {
            jdbc.sql("select count(*), min(execution_time), now() from " + table
                            + " where picked = false and execution_time <= now()")
                    .query((rs, n) -> {
                        due = rs.getLong(1);
                        Timestamp oldest = rs.getTimestamp(2);
                        oldestSeconds = oldest == null ? 0
                                : Math.max(0, (rs.getTimestamp(3).getTime() - oldest.getTime()) / 1000.0);
                        return Boolean.TRUE;
                    }).list();
            readAt = System.nanoTime();
        }
        return this;
    }
}
