package com.rollyy.emsp.tariffs;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import com.rollyy.emsp.cdrs.CdrService;
import com.rollyy.emsp.ocpi.ObjectKey;

/**
 * Records the reconciliation of the CDRs stored before reconciliations were recorded (table
 * reconciliation_backfill, V33), once, in the background: key order from a cursor kept in that
 * table, batches of {@value #BATCH} for at most {@link #RUN} per run, one instance at a time (a
 * db-scheduler recurring task). A CDR that cannot be re-priced is counted and passed, never
 * retried; after the last batch the task does nothing but read one row.
 */
@Component
public class ReconciliationBackfill {

    static final String TASK = "reconciliation-backfill";
    static final int BATCH = 200;
    static final Duration RUN = Duration.ofSeconds(20);
    private static final Logger log = LoggerFactory.getLogger(ReconciliationBackfill.class);

    private final JdbcClient jdbc;
    private final CdrService cdrs;
    private final TariffPricing pricing;
    private final RecordedReconciliations recorded;

    ReconciliationBackfill(JdbcClient jdbc, CdrService cdrs, TariffPricing pricing, RecordedReconciliations recorded) {
        this.jdbc = jdbc;
        this.cdrs = cdrs;
        this.pricing = pricing;
        this.recorded = recorded;
    }

    private record State(Instant before, ObjectKey after, boolean done) {
    }

    /** One run: batches until none is left or {@link #RUN} has passed. Returns the CDRs looked at. */
    public int run() {
        State state = jdbc.sql("""
                        select before, after_country_code, after_party_id, after_cdr_id, done_at is not null
                          from reconciliation_backfill where id = 1""")
                .query((rs, n) -> new State(rs.getTimestamp(1).toInstant(), rs.getString(2) == null ? null
                        : new ObjectKey(rs.getString(2), rs.getString(3), rs.getString(4)), rs.getBoolean(5)))
                .optional().orElse(null);
        if (state == null || state.done()) {
            return 0;
        }
        long deadline = System.nanoTime() + RUN.toNanos();
        ObjectKey after = state.after();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            var batch = cdrs.notReconciled(state.before(), after, BATCH);
            long ok = 0;
            long failed = 0;
            for (var cdr : batch) {
                try {
                    recorded.record(cdr.key(), cdr.connectionId(), pricing.reconcile(cdr.cdr()));
                    ok++;
                } catch (RuntimeException e) {
                    failed++;
                    log.info("Reconciliation backfill: CDR {} could not be re-priced: {}", cdr.key(), e.getMessage());
                }
            }
            seen += batch.size();
            if (!batch.isEmpty()) {
                after = batch.get(batch.size() - 1).key();
            }
            boolean last = batch.size() < BATCH;
            jdbc.sql("""
                            update reconciliation_backfill set after_country_code = ?, after_party_id = ?,
                                   after_cdr_id = ?, recorded = recorded + ?, not_priced = not_priced + ?,
                                   done_at = case when ? then now() end where id = 1""")
                    .params(after == null ? null : after.countryCode(), after == null ? null : after.partyId(),
                            after == null ? null : after.id(), ok, failed, last).update();
            if (last) {
                jdbc.sql("select recorded, not_priced from reconciliation_backfill where id = 1")
                        .query((rs, n) -> {
                            log.info("Reconciliation backfill done: {} CDRs stored before {} recorded, {} could not"
                                    + " be re-priced", rs.getLong(1), state.before(), rs.getLong(2));
                            return null;
                        }).optional();
                break;
            }
        }
        return seen;
    }

    @Configuration(proxyBeanMethods = false)
    static class Task {
        @Bean
        RecurringTask<Void> reconciliationBackfillTask(ReconciliationBackfill backfill) {
            return Tasks.recurring(TASK, FixedDelay.of(Duration.ofSeconds(10)))
                    .execute((instance, context) -> backfill.run());
        }
    }
}
