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

    @EventListener
    void on(PaymentSucceeded paid) {
        sessions.byCdr(paid.cdr()).ifPresent(js -> lifecycle.report(WebhookEvents.PAYMENT_SUCCEEDED, js.id(),
                Map.of("payment", Map.of("payment_id", paid.paymentId(), "cdr_id", paid.cdr().id(),
                        "amount_minor", paid.amountMinor(), "currency", paid.currency(),
                        "stripe_id", paid.stripeId() == null ? "" : paid.stripeId()))));
    }

    @EventListener
    void on(PaymentFailed failed) {
        sessions.byCdr(failed.cdr()).ifPresent(js -> lifecycle.report(WebhookEvents.PAYMENT_FAILED, js.id(),
                Map.of("payment", Map.of("payment_id", failed.paymentId(), "cdr_id", failed.cdr().id(),
                        "amount_minor", failed.amountMinor(), "currency", failed.currency(),
                        "reason", failed.reason() == null ? "" : failed.reason()))));
    }
}
