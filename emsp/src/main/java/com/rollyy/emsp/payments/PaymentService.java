package com.rollyy.emsp.payments;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.ocpi.CiString;
import com.rollyy.emsp.ocpi.ObjectKey;

/**
 * Payments of CDRs through Stripe (flow B: charge after the CDR). The only way into this
 * package; the outcome comes back as {@link PaymentSucceeded} or {@link PaymentFailed}.
 */
@Service
public class PaymentService {

    private static final Logger log = LoggerFactory.getLogger(PaymentService.class);
    private static final int MAX_IDEMPOTENCY_KEY = 255;

    private final PaymentRepository repository;
    private final SchedulerClient scheduler;
    private final PaymentsProperties properties;
    private final TransactionTemplate tx;
    private final PaymentMeters meters;
    private final PaymentRefunds refunds;

    PaymentService(PaymentRepository repository, SchedulerClient scheduler, PaymentsProperties properties,
                   TransactionTemplate tx, PaymentMeters meters, PaymentRefunds refunds) {
        this.meters = meters;
        this.refunds = refunds;
        this.repository = repository;
        this.scheduler = scheduler;
        this.properties = properties;
        this.tx = tx;
    }

    /**
     * Records the payment of one CDR and schedules it, in the caller's transaction (the one that
     * stores the CDR), so the CDR and its payment are stored together or not at all. The Stripe
     * call happens after commit, in the background.
     *
     * @return false, and nothing changes, when this CDR already has a payment
     */
    public boolean queue(PaymentOrder order) {
        validate(order);
        PaymentKind kind = order.credit() ? PaymentKind.REFUND : PaymentKind.CHARGE;
        String currency = order.currency().toUpperCase(Locale.ROOT);
        // a credit CDR's total is negative in OCPI; take its size whatever sign a CPO sent
        BigDecimal amount = kind == PaymentKind.REFUND ? order.amountInclVat().abs().negate() : order.amountInclVat();
        long amountMinor = MinorUnits.of(amount, currency);
        String fleetId = order.fleetId() == null || order.fleetId().isBlank()
                ? PaymentsProperties.DEFAULT_FLEET : order.fleetId().strip();
        Optional<String> tooSmall = kind == PaymentKind.CHARGE
                ? properties.minimums().belowMinimum(amountMinor, amount, currency) : Optional.empty();
        PaymentStatus status = order.holdForReview() || (order.discrepancy() && properties.isHoldOnDiscrepancy())
                || (tooSmall.isPresent() && properties.getBelowMinimum() == PaymentsProperties.BelowMinimum.HOLD)
                ? PaymentStatus.HELD : PaymentStatus.QUEUED;
        var normalized = new PaymentOrder(order.cdr(), order.connectionId(), amount, currency, fleetId,
                order.robotJobId(), order.credit(), order.creditedCdr(), order.discrepancy(),
                order.discrepancyDetail(), order.holdForReview());
        UUID id = UUID.randomUUID();
        // the payment and (QUEUED) its task row in one statement; a HELD one below Stripe's minimum
        // keeps why from the start
        String holdReason = status == PaymentStatus.HELD && tooSmall.isPresent()
                ? "below_minimum: " + tooSmall.get() + "; releasing it waives it" : null;
        Boolean queued = tx.execute(s -> {
            if (!repository.insert(id, kind, normalized, fleetId, amountMinor, status,
                    idempotencyKey(kind, order.cdr()), holdReason,
                    status == PaymentStatus.QUEUED ? Instant.now() : null)) {
                return false;
            }
            meters.entered(status.name(), kind, currency, amountMinor);
            if (status == PaymentStatus.HELD) {
                meters.held(order.holdForReview() ? "review"
                        : order.discrepancy() && properties.isHoldOnDiscrepancy() ? "discrepancy" : "below_minimum");
            }
            return true;
        });
        if (Boolean.TRUE.equals(queued)) {
            log.info("Payment {} {} for CDR {}/{}/{}: {} {} ({} minor units){}", id, status, order.cdr().countryCode(),
                    order.cdr().partyId(), order.cdr().id(), amount, currency, amountMinor,
                    order.discrepancy() ? ", discrepancy flagged" : "");
        } else {
            log.info("CDR {}/{}/{} already has a {} payment: nothing queued", order.cdr().countryCode(),
                    order.cdr().partyId(), order.cdr().id(), kind);
        }
        return Boolean.TRUE.equals(queued);
    }

    public Optional<Payment> forCdr(ObjectKey cdr) {
        return repository.forCdr(cdr).map(this::withRefunds);
    }

    public List<Payment> forJob(String robotJobId) {
        return withRefunds(repository.forJob(robotJobId));
    }

    /** One payment by its id (as events and the product API name it). */
    public Optional<Payment> find(UUID id) {
        return repository.find(id).map(this::withRefunds);
    }

    /** As GET /v1/payments answers (also read by the console). */
    public List<Payment> list(String cdrId, String robotJobId, PaymentStatus status, int limit) {
        return list(cdrId, robotJobId, null, status, limit);
    }

    /** As GET /v1/payments answers, {@code connectionId} (null: any) the CPO connection the CDR came from. */
    public List<Payment> list(String cdrId, String robotJobId, UUID connectionId, PaymentStatus status, int limit) {
        return withRefunds(repository.list(cdrId == null ? null : CiString.key(cdrId), robotJobId, connectionId,
                status, limit));
    }

    /**
     * A page of payments newest first (the console's list): those created before the cursor, the
     * last payment of the previous page; {@code before} null for the first page. {@code robotJobId},
     * {@code connectionId} (the CPO connection the CDR came from) and {@code status} filter when not null.
     */
    public List<Payment> page(String robotJobId, UUID connectionId, PaymentStatus status, Payment before, int limit) {
        return withRefunds(repository.page(robotJobId, connectionId, status, before == null ? null : before.createdAt(),
                before == null ? null : before.id(), limit));
    }

    private Payment withRefunds(Payment payment) {
        return payment.withRefunds(repository.refunds(payment.id()));
    }

    private List<Payment> withRefunds(List<Payment> payments) {
        var refunds = repository.refunds(payments.stream().map(Payment::id).toList());
        return payments.stream().map(p -> p.withRefunds(refunds.getOrDefault(p.id(), List.of()))).toList();
    }

    /** A HELD (reviewed) or NOT_CONFIGURED (now configured) payment goes to Stripe. */
    public Payment release(UUID id) {
        return tx.execute(s -> {
            Payment released = repository.release(id).orElseThrow(() -> {
                Payment payment = repository.find(id)
                        .orElseThrow(() -> ApiException.notFound("Unknown payment " + id));
                return new ApiException(HttpStatus.CONFLICT, "not_releasable", "Payment " + id + " is "
                        + payment.status() + ": only HELD and NOT_CONFIGURED payments can be released");
            });
            scheduler.scheduleIfNotExists(PaymentTask.instance(id), Instant.now());
            meters.entered(released, PaymentStatus.QUEUED);
            log.info("Payment {} released", id);
            return released;
        });
    }

    /**
     * Refunds {@code amount} (null: all that is left) of a succeeded charge through Stripe, at
     * most once per {@code requestKey}: the same key again answers the same refund (and asks
     * Stripe again, with the same idempotency key, while it is PENDING). Throws {@link ApiException}
     * naming the field when the amount is not a positive amount of the currency or more than is
     * left to refund, or when the payment is not a succeeded charge.
     *
     * @param requestKey  the caller's idempotency key; null makes every call a new refund
     * @param requestedBy who asks (an operator's username, or {@code api})
     * @return the payment with its refunds
     */
    public Payment refund(UUID id, BigDecimal amount, String requestKey, String requestedBy) {
        refunds.refund(id, amount, requestKey, requestedBy);
        return find(id).orElseThrow();
    }

    /** A full ({@code amount} null) or partial refund without an idempotency key (each call is a new refund). */
    public Payment refund(UUID id, BigDecimal amount) {
        return refund(id, amount, null, "api");
    }

    /** What is left to refund of a charge (charged minus refunds and credit CDRs), at the currency's scale. */
    public BigDecimal refundable(Payment payment) {
        return MinorUnits.toDecimal(refunds.refundableMinor(payment), payment.currency());
    }

    /** The most decimals a refund in this currency may have. */
    public static int refundScale(String currency) {
        return MinorUnits.scale(currency);
    }

    private static void validate(PaymentOrder order) {
        if (order.cdr() == null || order.amountInclVat() == null || order.currency() == null) {
            throw new IllegalArgumentException("A payment order needs a CDR, an amount and a currency");
        }
        if (!order.currency().matches("[A-Za-z]{3}")) {
            throw new IllegalArgumentException("Not an ISO 4217 currency: " + order.currency());
        }
        if (order.credit() && order.creditedCdr() == null) {
            throw new IllegalArgumentException("A credit order needs the credited CDR");
        }
        if (!order.credit() && order.amountInclVat().signum() < 0) {
            throw new IllegalArgumentException("A negative amount is only valid on a credit CDR");
        }
    }

    /**
     * Derived from the CDR alone, so every attempt of every run on every instance sends the same
     * key and Stripe makes at most one object for it.
     */
    static String idempotencyKey(PaymentKind kind, ObjectKey cdr) {
        String key = (kind == PaymentKind.CHARGE ? "rollyy-cdr-" : "rollyy-credit-") + cdr.countryCode() + "-"
                + cdr.partyId() + "-" + cdr.id();
        if (key.length() <= MAX_IDEMPOTENCY_KEY) {
            return key;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return (kind == PaymentKind.CHARGE ? "rollyy-cdr-sha256-" : "rollyy-credit-sha256-")
                    + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
