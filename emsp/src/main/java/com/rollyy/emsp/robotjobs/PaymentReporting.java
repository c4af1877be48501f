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

    PaymentReporting(JobSessionRepository sessions, ChargingLifecycle lifecycle) {
        this.sessions = sessions;
        this.lifecycle = lifecycle;
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
        session(paid.cdr(), paid.robotJobId()).ifPresent(js -> lifecycle.report(WebhookEvents.PAYMENT_SUCCEEDED, js.id(),
                Map.of("payment", Map.of("payment_id", paid.paymentId(), "cdr_id", paid.cdr().id(),
                        "amount_minor", paid.amountMinor(), "currency", paid.currency(),
                        "stripe_id", paid.stripeId() == null ? "" : paid.stripeId()))));
    }

    @EventListener
    void on(PaymentFailed failed) {
        session(failed.cdr(), failed.robotJobId()).ifPresent(js -> lifecycle.report(WebhookEvents.PAYMENT_FAILED, js.id(),
                Map.of("payment", Map.of("payment_id", failed.paymentId(), "cdr_id", failed.cdr().id(),
                        "amount_minor", failed.amountMinor(), "currency", failed.currency(),
                        "reason", failed.reason() == null ? "" : failed.reason()))));
    }
}
