package com.rollyy.emsp.payments;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import com.rollyy.emsp.config.AfterCommit;

/**
 * {@code rollyy_payments_amount_minor{status,kind,currency}}: payments entering a status, each
 * with its amount in the currency's minor units (a refund's size, positive: its kind says it is
 * one); {@code rollyy_cdrs_held_total{reason}}: CDRs whose payment waits for a person. Counted
 * once the transition is committed. {@code rollyy_payments_refunds_retried_total{outcome}}: what
 * the sweep of PENDING refunds got from Stripe.
 */
@Component
class PaymentMeters {

    /** A SUCCEEDED charge below Stripe's minimum that moved no money. */
    static final String WAIVED = "WAIVED";

    private final MeterRegistry registry;

    PaymentMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void entered(String status, PaymentKind kind, String currency, long amountMinor) {
        AfterCommit.run(() -> DistributionSummary.builder("rollyy.payments.amount.minor")
                .description("Payments entering a status, with their amount in minor units of the currency")
                .tag("status", status)
                .tag("kind", kind.name())
                .tag("currency", currency)
                .register(registry)
                .record(Math.abs(amountMinor)));
    }

    void entered(Payment payment, PaymentStatus status) {
        entered(status.name(), payment.kind(), payment.currency(), payment.amountMinor());
    }

    /**
     * {@code rollyy_payments_refunds_retried_total{outcome}}: PENDING refunds the sweep asked Stripe
     * about again, by what Stripe answered: succeeded, pending, failed, retry (no answer again),
     * not_configured.
     */
    void refundRetried(StripeOutcome outcome) {
        registry.counter("rollyy.payments.refunds.retried", "outcome", StripeGateway.outcome(outcome)).increment();
    }

    /** {@code reason}: review (a person must look), discrepancy (hold-on-discrepancy), below_minimum. */
    void held(String reason) {
        AfterCommit.run(() -> registry.counter("rollyy.cdrs.held", "reason", reason).increment());
    }
}
