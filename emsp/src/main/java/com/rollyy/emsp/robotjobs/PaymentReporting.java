package com.rollyy.emsp.robotjobs;

import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.rollyy.emsp.payments.PaymentFailed;
import com.rollyy.emsp.payments.PaymentSucceeded;
import com.rollyy.emsp.webhooks.WebhookEvents;

/** Tells the robot backend how a robot session's payment ended (inside the payment's transaction). */
@Component
class PaymentReporting {

    private final JobSessionRepository sessions;
    private final ChargingLifecycle lifecycle;
    private final com.rollyy.emsp.payments.PaymentService payments;

    PaymentReporting(JobSessionRepository sessions, ChargingLifecycle lifecycle,
                     com.rollyy.emsp.payments.PaymentService payments) {
        this.sessions = sessions;
        this.lifecycle = lifecycle;
        this.payments = payments;
    }

    /** The session a payment is for: the one its CDR is linked to, else its job's latest (refunds, second CDRs). */
    private java.util.Optional<JobSession> session(com.rollyy.emsp.ocpi.ObjectKey cdr, String robotJobId) {
        return sessions.byCdr(cdr).or(() -> jobId(robotJobId).flatMap(sessions::latestForJob));
    }

    /** Payments made outside a robot job carry no (or a foreign) job id: never a reason to fail the payment. */
    private static java.util.Optional<java.util.UUID> jobId(String robotJobId) {
        try {
            return robotJobId == null ? java.util.Optional.empty() : java.util.Optional.of(java.util.UUID.fromString(robotJobId));
        } catch (IllegalArgumentException notOurs) {
            return java.util.Optional.empty();
        }
    }

    @EventListener
    void on(PaymentSucceeded paid) {
        session(paid.cdr(), paid.robotJobId()).ifPresent(js -> {
            var payment = payment(paid.paymentId(), paid.cdr(), paid.amountMinor(), paid.currency());
            payment.put("stripe_id", paid.stripeId() == null ? "" : paid.stripeId());
            payments.find(paid.paymentId()).map(com.rollyy.emsp.payments.Payment::waived)
                    .ifPresent(why -> payment.put("waived", why));
            lifecycle.report(WebhookEvents.PAYMENT_SUCCEEDED, js.id(), Map.of("payment", payment));
        });
    }

    @EventListener
    void on(PaymentFailed failed) {
        session(failed.cdr(), failed.robotJobId()).ifPresent(js -> {
            var payment = payment(failed.paymentId(), failed.cdr(), failed.amountMinor(), failed.currency());
            payment.put("reason", failed.reason() == null ? "" : failed.reason());
            lifecycle.report(WebhookEvents.PAYMENT_FAILED, js.id(), Map.of("payment", payment));
        });
    }

    /**
     * The webhook's {@code payment} object: {@code amount} is what Stripe moves as a plain decimal
     * at the currency's scale (incl. VAT; negative for a refund), {@code amount_minor} the same in
     * Stripe's minor units.
     */
    private java.util.LinkedHashMap<String, Object> payment(java.util.UUID id, com.rollyy.emsp.ocpi.ObjectKey cdr,
                                                            long amountMinor, String currency) {
        var payment = new java.util.LinkedHashMap<String, Object>();
        payment.put("payment_id", id);
        payment.put("cdr_id", cdr.id());
        payments.find(id).ifPresent(p -> {
            payment.put("kind", p.kind().name());
            payment.put("amount", p.amountCharged());
        });
        payment.put("amount_minor", amountMinor);
        payment.put("currency", currency);
        return payment;
    }
}
