package com.rollyy.emsp.payments;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One run of a payment's task: send it to Stripe (or re-read what Stripe decided) and record
 * the outcome. Safe to run any number of times, also concurrently: a final payment is never
 * sent again, and every create repeats the same idempotency key, so Stripe answers a repeat
 * with the object it already made instead of charging again.
 *
 * <p>No database transaction is open while Stripe is called: the attempt is committed first,
 * so a crash mid-call leaves a PROCESSING payment that the next run sends again, unchanged.
 */
@Component
class PaymentExecutor {

    private static final Logger log = LoggerFactory.getLogger(PaymentExecutor.class);

    /** When the task runs next; null: never, it is done. */
    record Next(Instant at) {
        static final Next DONE = new Next(null);
    }

    private final PaymentRepository repository;
    private final PaymentTransitions transitions;
    private final StripeGateway stripe;
    private final PaymentsProperties properties;
    private final Clock clock;

    PaymentExecutor(PaymentRepository repository, PaymentTransitions transitions, StripeGateway stripe,
                    PaymentsProperties properties) {
        this.repository = repository;
        this.transitions = transitions;
        this.stripe = stripe;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    Next run(UUID paymentId) {
        Optional<PaymentRepository.Row> found = repository.row(paymentId);
        if (found.isEmpty()) {
            log.warn("Payment task for unknown payment {}: dropped", paymentId);
            return Next.DONE;
        }
        Payment payment = found.get().payment();
        return switch (payment.status()) {
            case SUCCEEDED, FAILED, HELD, NOT_CONFIGURED -> Next.DONE;
            case QUEUED, PROCESSING -> payment.stripeId() != null && payment.status() == PaymentStatus.PROCESSING
                    ? recheck(payment) : attempt(payment);
        };
    }

    private Next attempt(Payment payment) {
        if (payment.amountMinor() == 0) {
            // nothing to move, and Stripe refuses zero amounts
            transitions.succeed(payment.id(), null);
            return Next.DONE;
        }
        if (payment.kind() == PaymentKind.CHARGE) {
            // Stripe refuses it (amount_too_small) however often we try: policy WAIVE, or an operator
            // released one held under policy HOLD
            var tooSmall = properties.minimums().belowMinimum(payment.amountMinor(), payment.amount(),
                    payment.currency());
            if (tooSmall.isPresent()) {
                transitions.waive(payment.id(), tooSmall.get());
                return Next.DONE;
            }
        }
        if (!stripe.configured()) {
            transitions.notConfigured(payment, "no Stripe API key is configured (ROLLYY_STRIPE_API_KEY)");
            return Next.DONE;
        }
        return payment.kind() == PaymentKind.CHARGE ? charge(payment) : refund(payment);
    }

    private Next charge(Payment payment) {
        var fleet = properties.fleet(payment.fleetId());
        if (fleet.isEmpty()) {
            transitions.notConfigured(payment, "no Stripe customer and payment method for fleet '"
                    + payment.fleetId() + "' (rollyy.payments.fleets." + payment.fleetId() + ".*)");
            return Next.DONE;
        }
        var claimed = claim(payment.id());
        if (claimed.isEmpty()) {
            return Next.DONE;
        }
        PaymentRepository.Row row = claimed.get();
        Payment current = row.payment();
        var charge = new StripeGateway.Charge(current.amountMinor(), current.currency(), fleet.get().getCustomer(),
                fleet.get().getPaymentMethod(), row.idempotencyKey(), "Charging session, CDR " + cdr(current),
                metadata(current));
        return record(current, stripe.charge(charge));
    }

    private Next refund(Payment payment) {
        Optional<Payment> original = repository.forCdr(payment.creditedCdr(), PaymentKind.CHARGE);
        String refusal = original.isEmpty()
                ? "no payment for the credited CDR " + key(payment.creditedCdr()) + ": nothing to refund"
                : refusal(payment, original.get());
        if (refusal != null) {
            transitions.fail(payment.id(), null, refusal);
            return Next.DONE;
        }
        Payment charged = original.get();
        if (charged.status() != PaymentStatus.SUCCEEDED) {
            return waitForCredited(payment, "waiting for the credited CDR's payment " + charged.id() + " ("
                    + charged.status() + ")");
        }
        var claimed = claim(payment.id());
        if (claimed.isEmpty()) {
            return Next.DONE;
        }
        PaymentRepository.Row row = claimed.get();
        Payment current = row.payment();
        var metadata = metadata(current);
        metadata.put("credited_cdr", key(current.creditedCdr()));
        metadata.put("credited_payment_id", charged.id().toString());
        return record(current, stripe.refund(new StripeGateway.RefundRequest(charged.stripeId(),
                Math.abs(current.amountMinor()), row.idempotencyKey(), metadata)));
    }

    /** Why a refund cannot be made against this original payment; null when it can (now or later). */
    private static String refusal(Payment refund, Payment original) {
        if (original.status() == PaymentStatus.FAILED) {
            return "the credited CDR's payment " + original.id() + " failed: nothing to refund";
        }
        if (!original.currency().equalsIgnoreCase(refund.currency())) {
            return "the credit is in " + refund.currency() + ", the credited payment in " + original.currency();
        }
        if (Math.abs(refund.amountMinor()) > original.amountMinor()) {
            return "the refund (" + Math.abs(refund.amountMinor()) + ") exceeds the credited payment ("
                    + original.amountMinor() + " minor units)";
        }
        return null;
    }

    private Next waitForCredited(Payment payment, String reason) {
        Instant at = clock.instant().plus(properties.getRetry().backoff(payment.attempts() + 1));
        Optional<Integer> tries = repository.waitForCredited(payment.id(), reason, at);
        if (tries.isEmpty()) {
            return Next.DONE;
        }
        if (tries.get() >= properties.getRetry().getMaxAttempts()) {
            transitions.fail(payment.id(), null, "gave up after " + tries.get() + " tries: " + reason);
            return Next.DONE;
        }
        return new Next(at);
    }

    /** One more try; past the limit (a run that keeps crashing) the payment fails instead. */
    private Optional<PaymentRepository.Row> claim(UUID id) {
        var claimed = repository.claimAttempt(id);
        if (claimed.isPresent() && claimed.get().payment().attempts() > properties.getRetry().getMaxAttempts()) {
            Payment p = claimed.get().payment();
            transitions.fail(id, null, "gave up after " + (p.attempts() - 1) + " attempts"
                    + (p.failureReason() == null ? "" : "; last: " + p.failureReason()));
            return Optional.empty();
        }
        return claimed;
    }

    /** A PaymentIntent or Refund Stripe is still deciding on: read it again. */
    private Next recheck(Payment payment) {
        if (!stripe.configured()) {
            transitions.notConfigured(payment, "no Stripe API key is configured (ROLLYY_STRIPE_API_KEY)");
            return Next.DONE;
        }
        StripeOutcome outcome = payment.kind() == PaymentKind.CHARGE
                ? stripe.retrievePaymentIntent(payment.stripeId())
                : stripe.retrieveRefund(payment.stripeId());
        if (outcome instanceof StripeOutcome.Retry retry) {
            log.info("Re-reading {} of payment {} failed ({}): trying again later", payment.stripeId(), payment.id(),
                    retry.reason());
            return new Next(clock.instant().plus(properties.getProcessingRecheck()));
        }
        return record(payment, outcome);
    }

    private Next record(Payment payment, StripeOutcome outcome) {
        if (outcome instanceof StripeOutcome.Succeeded s) {
            transitions.succeed(payment.id(), s.stripeId());
        } else if (outcome instanceof StripeOutcome.Failed f) {
            transitions.fail(payment.id(), f.stripeId(), f.reason());
        } else if (outcome instanceof StripeOutcome.NotConfigured n) {
            transitions.notConfigured(payment, n.reason());
        } else if (outcome instanceof StripeOutcome.Pending p) {
            Instant at = clock.instant().plus(properties.getProcessingRecheck());
            return repository.awaitStripe(payment.id(), p.stripeId(), at) ? new Next(at) : Next.DONE;
        } else if (outcome instanceof StripeOutcome.Retry r) {
            int attempts = payment.attempts();
            if (attempts >= properties.getRetry().getMaxAttempts()) {
                transitions.fail(payment.id(), null, "gave up after " + attempts + " attempts; last: " + r.reason());
                return Next.DONE;
            }
            Instant at = clock.instant().plus(properties.getRetry().backoff(attempts));
            log.info("Payment {} attempt {} failed ({}): again at {}", payment.id(), attempts, r.reason(), at);
            return repository.retryLater(payment.id(), "attempt " + attempts + ": " + r.reason(), at)
                    ? new Next(at) : Next.DONE;
        }
        return Next.DONE;
    }

    private static Map<String, String> metadata(Payment payment) {
        var metadata = new LinkedHashMap<String, String>();
        metadata.put("payment_id", payment.id().toString());
        metadata.put("cdr", key(payment.cdr()));
        metadata.put("fleet_id", payment.fleetId());
        if (payment.robotJobId() != null) {
            metadata.put("robot_job_id", payment.robotJobId());
        }
        return metadata;
    }

    private static String cdr(Payment payment) {
        return key(payment.cdr());
    }

    private static String key(com.rollyy.emsp.ocpi.ObjectKey key) {
        return key.countryCode() + "/" + key.partyId() + "/" + key.id();
    }
}
