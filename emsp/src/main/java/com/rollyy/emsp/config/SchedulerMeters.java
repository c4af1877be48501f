package com.rollyy.emsp.config;

import java.sql.Timestamp;
import java.time.Duration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The background work waiting in db-scheduler's table, read every few seconds
 * ({@link DatabaseGauges}): {@code rollyy_scheduler_due_tasks} (due and not picked by any
 * instance) and {@code rollyy_scheduler_oldest_due_seconds} (how long the oldest of them has
 * been due; 0 when none). Runs and failures per task come from db-scheduler itself
 * ({@code dbscheduler_task_completions_total{task,result}}).
 */
@Component
class SchedulerMeters implements AutoCloseable {

    private final JdbcClient jdbc;
    private final String table;
    private final DatabaseGauges refresh;
    private volatile double due = Double.NaN;
    private volatile double oldestSeconds = Double.NaN;

    SchedulerMeters(JdbcClient jdbc, MeterRegistry registry,
                    @Value("${db-scheduler.table-name:scheduled_tasks}") String table,
                    @Value("${rollyy.metrics.database-gauges-every:5s}") Duration every) {
        if (!table.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
            throw new IllegalStateException("db-scheduler.table-name is not a plain table name: " + table);
        }
        this.jdbc = jdbc;
        this.table = table;
        Gauge.builder("rollyy.scheduler.due.tasks", this, m -> m.due)
                .description("Background tasks due and not picked by any instance").register(registry);
        Gauge.builder("rollyy.scheduler.oldest.due", this, m -> m.oldestSeconds).baseUnit("seconds")
                .description("How long the oldest due, unpicked background task has been due").register(registry);
        this.refresh = new DatabaseGauges("scheduler-gauges", every, this::read, () -> {
            due = Double.NaN;
            oldestSeconds = Double.NaN;
        });
    }

    private void read() {
        jdbc.sql("select count(*), min(execution_time), now() from " + table
                        + " where picked = false and execution_time <= now()")
                .query((rs, n) -> {
                    Timestamp oldest = rs.getTimestamp(2);
                    oldestSeconds = oldest == null ? 0
                            : Math.max(0, (rs.getTimestamp(3).getTime() - oldest.getTime()) / 1000.0);
                    due = rs.getLong(1);
                    return Boolean.TRUE;
                }).list();
    }

    @Override
    public void close() {
        refresh.close();
    }
}
