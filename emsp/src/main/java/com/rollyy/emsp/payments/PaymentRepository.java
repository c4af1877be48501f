package com.rollyy.emsp.payments;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.rollyy.emsp.ocpi.ObjectKey;

/**
 * The payment table. Every status change is a conditional update on the current status, so of
 * two writers racing (the task and a webhook, or two task runs) exactly one makes a transition.
 */
@Repository
class PaymentRepository {

    private static final String COLUMNS = """
            id, kind, cdr_country_code, cdr_party_id, cdr_id, robot_job_id, fleet_id, amount, amount_minor,
            currency, status, credited_country_code, credited_party_id, credited_cdr_id, discrepancy,
            discrepancy_detail, stripe_id, attempts, failure_reason, next_attempt_at, created_at, updated_at, waived""";

    /** The row as the task needs it: the payment plus what it sends to Stripe. */
    record Row(Payment payment, String idempotencyKey) {
    }

    private final JdbcClient jdbc;
    /** A new payment and its task row in db-scheduler's table ({@code db-scheduler.table-name}), in one statement. */
    private final String insertWithTask;

    PaymentRepository(JdbcClient jdbc,
                      @org.springframework.beans.factory.annotation.Value("${db-scheduler.table-name:scheduled_tasks}")
                      String schedulerTable) {
        if (!schedulerTable.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
            throw new IllegalArgumentException("db-scheduler.table-name is not a table name: " + schedulerTable);
        }
        this.jdbc = jdbc;
        this.insertWithTask = """
                with inserted as (
                    %s on conflict (cdr_country_code, cdr_party_id, cdr_id, kind) do nothing returning id
                ), task as (
                    insert into %s (task_name, task_instance, task_data, execution_time, picked, version)
                    select ?, inserted.id::text, null, ?, false, 1 from inserted
                    on conflict (task_name, task_instance) do nothing
                )
                select count(*) from inserted""".formatted(INSERT, schedulerTable);
    }

    /**
     * Stores a new payment and, when {@code scheduleAt} is given, its db-scheduler task row, in one
     * statement (one round trip, atomic even outside a transaction). The task row is db-scheduler's
     * own, what {@code SchedulerClient.scheduleIfNotExists} inserts for a new instance without data.
     *
     * @param holdReason why a HELD payment waits (kept in failure_reason until it is released), else null
     * @return false, and nothing is written, when this CDR already has a payment of this kind
     */
    boolean insert(UUID id, PaymentKind kind, PaymentOrder order, String fleetId, long amountMinor,
                   PaymentStatus status, String idempotencyKey, String holdReason, Instant scheduleAt) {
        ObjectKey credited = order.creditedCdr();
        var params = new java.util.ArrayList<Object>(java.util.Arrays.asList(id, kind.name(),
                order.cdr().countryCode(), order.cdr().partyId(), order.cdr().id(), order.connectionId(),
                order.robotJobId(), fleetId, order.amountInclVat(), amountMinor, order.currency(), status.name(),
                credited == null ? null : credited.countryCode(), credited == null ? null : credited.partyId(),
                credited == null ? null : credited.id(), order.discrepancy(), order.discrepancyDetail(),
                idempotencyKey, holdReason));
        if (scheduleAt == null) {
            return jdbc.sql(INSERT + " on conflict (cdr_country_code, cdr_party_id, cdr_id, kind) do nothing")
                    .params(params).update() == 1;
        }
        // one statement for both rows, no flag parameter: PostgreSQL keeps one plan for each form
        params.add(PaymentTask.NAME);
        params.add(Timestamp.from(scheduleAt));
        return jdbc.sql(insertWithTask)
                .params(params).query(Long.class).single() == 1;
    }

    private static final String INSERT = """
            insert into payment (id, kind, cdr_country_code, cdr_party_id, cdr_id, connection_id, robot_job_id,
                fleet_id, amount, amount_minor, currency, status, credited_country_code, credited_party_id,
                credited_cdr_id, discrepancy, discrepancy_detail, idempotency_key, failure_reason)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    Optional<Payment> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from payment where id = ?").param(id)
                .query(PaymentRepository::payment).optional();
    }

    Optional<Row> row(UUID id) {
        return jdbc.sql("select " + COLUMNS + ", idempotency_key from payment where id = ?").param(id)
                .query((rs, n) -> new Row(payment(rs, n), rs.getString("idempotency_key"))).optional();
    }

    Optional<Payment> forCdr(ObjectKey cdr, PaymentKind kind) {
        return jdbc.sql("select " + COLUMNS + " from payment where cdr_country_code = ? and cdr_party_id = ?"
                        + " and cdr_id = ? and kind = ?")
                .params(cdr.countryCode(), cdr.partyId(), cdr.id(), kind.name())
                .query(PaymentRepository::payment).optional();
    }

    Optional<Payment> forCdr(ObjectKey cdr) {
        return jdbc.sql("select " + COLUMNS + " from payment where cdr_country_code = ? and cdr_party_id = ?"
                        + " and cdr_id = ? order by created_at limit 1")
                .params(cdr.countryCode(), cdr.partyId(), cdr.id())
                .query(PaymentRepository::payment).optional();
    }

    List<Payment> forJob(String robotJobId) {
        return jdbc.sql("select " + COLUMNS + " from payment where robot_job_id = ? order by created_at, id")
                .param(robotJobId).query(PaymentRepository::payment).list();
    }

    Optional<UUID> idForStripeId(String stripeId) {
        return jdbc.sql("select id from payment where stripe_id = ?").param(stripeId).query(UUID.class).optional();
    }

    /** @return false when this Stripe event was handled before */
    boolean recordEvent(String eventId, String type) {
        return jdbc.sql("insert into stripe_event (id, type) values (?, ?) on conflict (id) do nothing")
                .params(eventId, type).update() == 1;
    }

    List<Payment> list(String cdrId, String robotJobId, UUID connectionId, PaymentStatus status, int limit) {
        var where = new ArrayList<String>();
        var params = new ArrayList<Object>();
        if (cdrId != null) {
            where.add("cdr_id = ?");
            params.add(cdrId);
        }
        if (connectionId != null) {
            where.add("connection_id = ?");
            params.add(connectionId);
        }
        if (robotJobId != null) {
            where.add("robot_job_id = ?");
            params.add(robotJobId);
        }
        if (status != null) {
            where.add("status = ?");
            params.add(status.name());
        }
        params.add(limit);
        return jdbc.sql("select " + COLUMNS + " from payment"
                        + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                        + " order by created_at desc, id limit ?")
                .params(params).query(PaymentRepository::payment).list();
    }

    /**
     * Takes the payment for one attempt at creating its Stripe object: PROCESSING from here on,
     * because from here on Stripe may have acted on it.
     */
    Optional<Row> claimAttempt(UUID id) {
        return jdbc.sql("""
                        update payment set status = 'PROCESSING', attempts = attempts + 1, next_attempt_at = null,
                            updated_at = now()
                        where id = ? and status in ('QUEUED', 'PROCESSING') returning """ + " " + COLUMNS
                        + ", idempotency_key")
                .param(id).query((rs, n) -> new Row(payment(rs, n), rs.getString("idempotency_key"))).optional();
    }

    /** Moves an open payment to a final status; empty when it was final already. */
    Optional<Payment> finish(UUID id, PaymentStatus status, String stripeId, String failureReason) {
        return jdbc.sql("""
                        update payment set status = ?, stripe_id = coalesce(?, stripe_id), failure_reason = ?,
                            next_attempt_at = null, updated_at = now()
                        where id = ? and status not in ('SUCCEEDED', 'FAILED') returning """ + " " + COLUMNS)
                .params(status.name(), stripeId, failureReason, id).query(PaymentRepository::payment).optional();
    }

    /** An open charge Stripe would refuse as too small: SUCCEEDED with nothing charged, and why. */
    Optional<Payment> waive(UUID id, String reason) {
        return jdbc.sql("""
                        update payment set status = 'SUCCEEDED', waived = ?, failure_reason = null,
                            next_attempt_at = null, updated_at = now()
                        where id = ? and status in ('QUEUED', 'PROCESSING') returning """ + " " + COLUMNS)
                .params(reason, id).query(PaymentRepository::payment).optional();
    }

    /** Stripe took it but has not decided yet (PaymentIntent processing, Refund pending). */
    boolean awaitStripe(UUID id, String stripeId, Instant recheckAt) {
        return jdbc.sql("""
                        update payment set stripe_id = ?, next_attempt_at = ?, failure_reason = null, updated_at = now()
                        where id = ? and status = 'PROCESSING'""")
                .params(stripeId, Timestamp.from(recheckAt), id).update() == 1;
    }

    /** A try that may be repeated: the reason is kept for operators until the next try. */
    boolean retryLater(UUID id, String reason, Instant at) {
        return jdbc.sql("""
                        update payment set failure_reason = ?, next_attempt_at = ?, updated_at = now()
                        where id = ? and status = 'PROCESSING'""")
                .params(reason, Timestamp.from(at), id).update() == 1;
    }

    /**
     * A refund whose original payment is not settled yet: counted as a try (so the wait is
     * bounded by the retry policy) but still QUEUED, since nothing was sent.
     * @return the tries so far
     */
    Optional<Integer> waitForCredited(UUID id, String reason, Instant at) {
        return jdbc.sql("""
                        update payment set attempts = attempts + 1, failure_reason = ?, next_attempt_at = ?,
                            updated_at = now()
                        where id = ? and status = 'QUEUED' returning attempts""")
                .params(reason, Timestamp.from(at), id).query(Integer.class).optional();
    }

    boolean notConfigured(UUID id, String reason) {
        return jdbc.sql("""
                        update payment set status = 'NOT_CONFIGURED', failure_reason = ?, next_attempt_at = null,
                            updated_at = now()
                        where id = ? and status in ('QUEUED', 'PROCESSING')""")
                .params(reason, id).update() == 1;
    }

    /** HELD or NOT_CONFIGURED back to QUEUED; the attempt count starts again. */
    Optional<Payment> release(UUID id) {
        return jdbc.sql("""
                        update payment set status = 'QUEUED', attempts = 0, failure_reason = null,
                            next_attempt_at = null, updated_at = now()
                        where id = ? and status in ('HELD', 'NOT_CONFIGURED') returning """ + " " + COLUMNS)
                .param(id).query(PaymentRepository::payment).optional();
    }

    /** The payment, locked until the transaction ends: refunds of one charge are decided one at a time. */
    Optional<Payment> lock(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from payment where id = ? for update").param(id)
                .query(PaymentRepository::payment).optional();
    }

    private static final String REFUND_COLUMNS = """
            id, payment_id, amount, amount_minor, currency, status, request_key, idempotency_key, stripe_refund_id,
            failure_reason, requested_by, created_at, updated_at""";

    /** A refund row with what only this package needs: whose it is and the keys. */
    record RefundRow(PaymentRefund refund, UUID paymentId, String idempotencyKey) {
    }

    List<PaymentRefund> refunds(UUID paymentId) {
        return jdbc.sql("select " + REFUND_COLUMNS + " from payment_refund where payment_id = ? order by created_at, id")
                .param(paymentId).query((rs, n) -> refundRow(rs).refund()).list();
    }

    /** The refunds of several payments in one query, by payment id. */
    java.util.Map<UUID, List<PaymentRefund>> refunds(java.util.Collection<UUID> paymentIds) {
        if (paymentIds.isEmpty()) {
            return java.util.Map.of();
        }
        var byPayment = new java.util.HashMap<UUID, List<PaymentRefund>>();
        jdbc.sql("select " + REFUND_COLUMNS + " from payment_refund where payment_id = any(?) order by created_at, id")
                .param(paymentIds.toArray(UUID[]::new))
                .query((rs, n) -> refundRow(rs)).list()
                .forEach(row -> byPayment.computeIfAbsent(row.paymentId(), k -> new ArrayList<>()).add(row.refund()));
        return byPayment;
    }

    Optional<RefundRow> refundByRequestKey(String requestKey) {
        return jdbc.sql("select " + REFUND_COLUMNS + " from payment_refund where request_key = ?").param(requestKey)
                .query((rs, n) -> refundRow(rs)).optional();
    }

    /** What credit CDRs refund (or will) of this CDR's charge, in minor units, positive. */
    long creditedMinor(ObjectKey cdr) {
        return jdbc.sql("""
                        select coalesce(sum(-amount_minor), 0) from payment where kind = 'REFUND'
                            and credited_cdr_id = ? and credited_country_code = ? and credited_party_id = ?
                            and status <> 'FAILED'""")
                .params(cdr.id(), cdr.countryCode(), cdr.partyId()).query(Long.class).single();
    }

    void insertRefund(UUID id, UUID paymentId, BigDecimal amount, long amountMinor, String currency,
                      String requestKey, String idempotencyKey, String requestedBy) {
        jdbc.sql("""
                        insert into payment_refund (id, payment_id, amount, amount_minor, currency, status, request_key,
                            idempotency_key, requested_by)
                        values (?, ?, ?, ?, ?, 'PENDING', ?, ?, ?)""")
                .params(id, paymentId, amount, amountMinor, currency, requestKey, idempotencyKey, requestedBy)
                .update();
    }

    Optional<UUID> refundIdForStripeId(String stripeRefundId) {
        return jdbc.sql("select id from payment_refund where stripe_refund_id = ?").param(stripeRefundId)
                .query(UUID.class).optional();
    }

    /** Records Stripe's answer; a final refund is not changed again. @return whether it changed */
    boolean settleRefund(UUID id, PaymentRefund.Status status, String stripeRefundId, String failureReason) {
        return jdbc.sql("""
                        update payment_refund set status = ?, stripe_refund_id = coalesce(?, stripe_refund_id),
                            failure_reason = ?, updated_at = now()
                        where id = ? and status = 'PENDING'""")
                .params(status.name(), stripeRefundId, failureReason, id).update() == 1;
    }

    /**
     * Takes the oldest refund PENDING since before {@code olderThan} for one more try at Stripe:
     * its {@code updated_at} moves to now, so no other instance (or the next sweep) takes it again
     * before that age has passed once more. SKIP LOCKED: an instance never waits for a refund another
     * one is claiming. A refund that Stripe never acknowledged ({@code stripe_refund_id} null) is
     * only sent again while Stripe still keeps its idempotency key (at least 24 hours): later a
     * resend could refund a second time, so it waits for a person.
     */
    Optional<RefundRow> claimPendingRefund(java.time.Duration olderThan) {
        return jdbc.sql("update payment_refund set updated_at = now() where id = ("
                        + " select id from payment_refund where status = 'PENDING'"
                        + " and updated_at < now() - make_interval(secs => ?)"
                        + " and (stripe_refund_id is not null or created_at > now() - interval '23 hours')"
                        + " order by updated_at limit 1 for update skip locked)"
                        + " and status = 'PENDING' returning " + REFUND_COLUMNS)
                .param(olderThan.toMillis() / 1000.0).query((rs, n) -> refundRow(rs)).optional();
    }

    /**
     * One page of the console's list, newest first: payments older than the cursor
     * ({@code beforeCreatedAt}, {@code beforeId}), both null for the first page.
     */
    List<Payment> page(String robotJobId, UUID connectionId, PaymentStatus status, Instant beforeCreatedAt,
                       UUID beforeId, int limit) {
        var where = new ArrayList<String>();
        var params = new ArrayList<Object>();
        if (connectionId != null) {
            where.add("connection_id = ?");
            params.add(connectionId);
        }
        if (robotJobId != null) {
            where.add("robot_job_id = ?");
            params.add(robotJobId);
        }
        if (status != null) {
            where.add("status = ?");
            params.add(status.name());
        }
        if (beforeCreatedAt != null && beforeId != null) {
            where.add("(created_at, id) < (?, ?)");
            params.add(Timestamp.from(beforeCreatedAt));
            params.add(beforeId);
        }
        params.add(limit);
        return jdbc.sql("select " + COLUMNS + " from payment"
                        + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                        + " order by created_at desc, id desc limit ?")
                .params(params).query(PaymentRepository::payment).list();
    }

    private static RefundRow refundRow(ResultSet rs) throws SQLException {
        return new RefundRow(new PaymentRefund(
                rs.getObject("id", UUID.class),
                rs.getObject("amount", BigDecimal.class),
                rs.getLong("amount_minor"),
                rs.getString("currency"),
                PaymentRefund.Status.valueOf(rs.getString("status")),
                rs.getString("stripe_refund_id"),
                rs.getString("failure_reason"),
                rs.getString("requested_by"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at"))),
                rs.getObject("payment_id", UUID.class),
                rs.getString("idempotency_key"));
    }

    private static Payment payment(ResultSet rs, int rowNum) throws SQLException {
        String creditedId = rs.getString("credited_cdr_id");
        return new Payment(
                rs.getObject("id", UUID.class),
                new ObjectKey(rs.getString("cdr_country_code"), rs.getString("cdr_party_id"), rs.getString("cdr_id")),
                rs.getString("robot_job_id"),
                rs.getString("fleet_id"),
                PaymentKind.valueOf(rs.getString("kind")),
                rs.getObject("amount", BigDecimal.class),
                rs.getLong("amount_minor"),
                rs.getString("currency"),
                PaymentStatus.valueOf(rs.getString("status")),
                creditedId == null ? null
                        : new ObjectKey(rs.getString("credited_country_code"), rs.getString("credited_party_id"),
                        creditedId),
                rs.getBoolean("discrepancy"),
                rs.getString("discrepancy_detail"),
                rs.getString("stripe_id"),
                rs.getInt("attempts"),
                rs.getString("failure_reason"),
                instant(rs.getTimestamp("next_attempt_at")),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")),
                rs.getString("waived"),
                List.of());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
