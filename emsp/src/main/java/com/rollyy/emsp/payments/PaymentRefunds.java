package com.rollyy.emsp.payments;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.rollyy.emsp.api.ApiException;

/**
 * Refunds operators ask for (docs/payments.md, "Refunds by operators"). The refund is decided
 * and recorded PENDING under a lock on the payment, so two requests at once never refund more
 * than was charged; Stripe is asked after that commit, with an idempotency key derived from the
 * refund's row, so asking again (same request key) never refunds twice. A refund Stripe did not
 * answer is asked about again by the sweep ({@link #retryPending}) with that same key.
 */
@Component
class PaymentRefunds {

    private static final Logger log = LoggerFactory.getLogger(PaymentRefunds.class);
    private static final int MAX_REQUEST_KEY = 255;
    /** At most this many refunds are asked about per sweep; the rest at the next one. */
    private static final int MAX_PER_SWEEP = 100;

    private final PaymentRepository repository;
    private final TransactionTemplate tx;
    private final StripeGateway stripe;
    private final PaymentsProperties properties;
    private final PaymentMeters meters;

    PaymentRefunds(PaymentRepository repository, TransactionTemplate tx, StripeGateway stripe,
                   PaymentsProperties properties, PaymentMeters meters) {
        this.repository = repository;
        this.tx = tx;
        this.stripe = stripe;
        this.properties = properties;
        this.meters = meters;
    }

    /** Charged minus every refund that is not FAILED, minus what credit CDRs refund. */
    long refundableMinor(Payment payment) {
        if (payment.kind() != PaymentKind.CHARGE || payment.status() != PaymentStatus.SUCCEEDED
                || payment.stripeId() == null || payment.waived() != null) {
            return 0;
        }
        long refunded = repository.refunds(payment.id()).stream().filter(PaymentRefund::counts)
                .mapToLong(PaymentRefund::amountMinor).sum();
        return Math.max(0, payment.amountMinor() - refunded - repository.creditedMinor(payment.cdr()));
    }

    void refund(UUID paymentId, BigDecimal amount, String requestKey, String requestedBy) {
        if (requestKey != null && (requestKey.isBlank() || requestKey.length() > MAX_REQUEST_KEY)) {
            throw ApiException.badRequest("Header 'Idempotency-Key' must have 1 to " + MAX_REQUEST_KEY + " characters");
        }
        String key = requestKey == null ? "random-" + UUID.randomUUID() : paymentId + "/" + requestKey.strip();
        PaymentRepository.RefundRow row = tx.execute(s -> decide(paymentId, amount, key, requestedBy));
        if (row.refund().status() == PaymentRefund.Status.PENDING) {
            send(paymentId, row);
        }
    }

    private PaymentRepository.RefundRow decide(UUID paymentId, BigDecimal amount, String key, String requestedBy) {
        Payment payment = repository.lock(paymentId)
                .orElseThrow(() -> ApiException.notFound("Unknown payment " + paymentId));
        var earlier = repository.refundByRequestKey(key);
        if (earlier.isPresent()) {
            if (!earlier.get().paymentId().equals(paymentId)) {
                throw new ApiException(HttpStatus.CONFLICT, "idempotency_key_reused",
                        "This Idempotency-Key was used for another payment's refund");
            }
            return earlier.get();
        }
        String currency = payment.currency();
        if (payment.kind() != PaymentKind.CHARGE) {
            throw new ApiException(HttpStatus.CONFLICT, "not_refundable", "Payment " + paymentId
                    + " is itself a refund (of a credit CDR): only charges can be refunded");
        }
        if (payment.status() != PaymentStatus.SUCCEEDED) {
            throw new ApiException(HttpStatus.CONFLICT, "not_refundable", "Payment " + paymentId + " is "
                    + payment.status() + ": only SUCCEEDED charges can be refunded");
        }
        if (payment.stripeId() == null || payment.waived() != null) {
            throw new ApiException(HttpStatus.CONFLICT, "not_refundable", "Payment " + paymentId
                    + " charged nothing through Stripe" + (payment.waived() == null ? "" : " (waived: "
                    + payment.waived() + ")") + ": there is nothing to refund");
        }
        long refundable = refundableMinor(payment);
        BigDecimal left = MinorUnits.toDecimal(refundable, currency);
        BigDecimal asked = amount == null ? left : scaled(amount, currency);
        if (asked.signum() <= 0) {
            if (amount == null) {
                throw new ApiException(HttpStatus.CONFLICT, "nothing_refundable", "Payment " + paymentId
                        + " is refunded in full already: nothing is left to refund");
            }
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_request",
                    "Field 'amount' must be more than 0, got " + amount.toPlainString());
        }
        long minor = MinorUnits.of(asked, currency);
        if (minor > refundable) {
            throw new ApiException(HttpStatus.CONFLICT, "amount_exceeds_refundable", "Field 'amount' ("
                    + asked.toPlainString() + " " + currency + ") is more than is left to refund: "
                    + left.toPlainString() + " " + currency + " of " + payment.amountCharged().toPlainString()
                    + " " + currency + " charged");
        }
        UUID id = UUID.randomUUID();
        String idempotencyKey = "rollyy-refund-" + id;
        repository.insertRefund(id, paymentId, asked, minor, currency, key, idempotencyKey, requestedBy);
        log.info("Refund {} of payment {}: {} {} ({} minor units) asked by {}", id, paymentId, asked.toPlainString(),
                currency, minor, requestedBy);
        return repository.refundByRequestKey(key).orElseThrow();
    }

    /** The amount at the currency's scale, or 400 naming the field when it has more decimals than that. */
    private static BigDecimal scaled(BigDecimal amount, String currency) {
        int scale = MinorUnits.scale(currency);
        try {
            return amount.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_request", "Field 'amount' may have at most "
                    + scale + " decimals in " + currency + ", got " + amount.toPlainString());
        }
    }

    /**
     * Asks Stripe again about every refund left PENDING for longer than
     * {@code rollyy.payments.refund-retry-after} (docs/payments.md): one Stripe never answered is
     * sent again with its own idempotency key, so Stripe answers with the refund it made (if it made
     * one) instead of refunding twice; one Stripe answered {@code pending} is read again. Each
     * refund is claimed first ({@link PaymentRepository#claimPendingRefund}), so two instances
     * sweeping at once never ask about the same refund twice in one round.
     *
     * @return how many refunds were asked about
     */
    int retryPending() {
        if (!stripe.configured()) {
            return 0;
        }
        int asked = 0;
        for (; asked < MAX_PER_SWEEP; asked++) {
            var claimed = repository.claimPendingRefund(properties.getRefundRetryAfter());
            if (claimed.isEmpty()) {
                break;
            }
            PaymentRepository.RefundRow row = claimed.get();
            StripeOutcome outcome = ask(row.paymentId(), row);
            meters.refundRetried(outcome);
            log.info("Refund {} of payment {}, PENDING since {}, asked again: {}", row.refund().id(), row.paymentId(),
                    row.refund().updatedAt(), outcome);
        }
        if (asked == MAX_PER_SWEEP) {
            log.warn("{} PENDING refunds asked again: the rest waits for the next sweep", asked);
        }
        return asked;
    }

    private void send(UUID paymentId, PaymentRepository.RefundRow row) {
        PaymentRefund refund = row.refund();
        if (!stripe.configured()) {
            repository.settleRefund(refund.id(), PaymentRefund.Status.FAILED, null, "Stripe is not configured");
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "not_configured",
                    "Stripe is not configured (ROLLYY_STRIPE_API_KEY): nothing was refunded");
        }
        StripeOutcome outcome = ask(paymentId, row);
        if (outcome instanceof StripeOutcome.Failed f) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "refund_failed",
                    "Stripe refused the refund: " + f.reason() + " (nothing was refunded)");
        } else if (outcome instanceof StripeOutcome.NotConfigured n) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "not_configured",
                    n.reason() + " (nothing was refunded)");
        } else if (outcome instanceof StripeOutcome.Retry r) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "stripe_unavailable",
                    "Stripe did not answer (" + r.reason() + "): the refund is recorded as PENDING;"
                            + " send the same request with the same Idempotency-Key again to complete it"
                            + " (or it is sent again by itself after "
                            + properties.getRefundRetryAfter().toString().substring(2).toLowerCase(java.util.Locale.ROOT)
                            + ")");
        }
        log.info("Refund {} of payment {}: {}", refund.id(), paymentId, outcome);
    }

    /**
     * Sends the refund to Stripe (or reads it, once Stripe gave it an id) and records the answer:
     * SUCCEEDED, FAILED with Stripe's reason, or still PENDING (no answer, or Stripe's refund is
     * pending). The idempotency key is the refund row's own, the same at every try.
     */
    private StripeOutcome ask(UUID paymentId, PaymentRepository.RefundRow row) {
        PaymentRefund refund = row.refund();
        Payment payment = repository.find(paymentId).orElseThrow();
        StripeOutcome outcome;
        if (refund.stripeRefundId() != null) {
            outcome = stripe.retrieveRefund(refund.stripeRefundId());
        } else {
            var metadata = new LinkedHashMap<String, String>();
            metadata.put("payment_id", paymentId.toString());
            metadata.put("refund_id", refund.id().toString());
            metadata.put("cdr", payment.cdr().countryCode() + "/" + payment.cdr().partyId() + "/" + payment.cdr().id());
            if (refund.requestedBy() != null) {
                metadata.put("requested_by", refund.requestedBy());
            }
            outcome = stripe.refund(new StripeGateway.RefundRequest(payment.stripeId(), refund.amountMinor(),
                    row.idempotencyKey(), metadata));
        }
        if (outcome instanceof StripeOutcome.Succeeded s) {
            repository.settleRefund(refund.id(), PaymentRefund.Status.SUCCEEDED, s.stripeId(), null);
        } else if (outcome instanceof StripeOutcome.Pending p) {
            repository.settleRefund(refund.id(), PaymentRefund.Status.PENDING, p.stripeId(), null);
        } else if (outcome instanceof StripeOutcome.Failed f) {
            repository.settleRefund(refund.id(), PaymentRefund.Status.FAILED, f.stripeId(), f.reason());
        } else if (outcome instanceof StripeOutcome.NotConfigured n) {
            repository.settleRefund(refund.id(), PaymentRefund.Status.FAILED, null, n.reason());
        } else if (outcome instanceof StripeOutcome.Retry r) {
            repository.settleRefund(refund.id(), PaymentRefund.Status.PENDING, null, r.reason());
        }
        return outcome;
    }
}
