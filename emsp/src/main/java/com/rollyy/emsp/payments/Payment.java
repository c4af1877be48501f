package com.rollyy.emsp.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.rollyy.emsp.ocpi.ObjectKey;

/**
 * One payment as recorded.
 *
 * @param amount       the order's amount incl. VAT (negative for a refund)
 * @param amountMinor  what Stripe moves, in its minor unit; negative for a refund
 * @param stripeId     the PaymentIntent (CHARGE) or Refund (REFUND) id, once Stripe answered
 * @param attempts     requests sent to Stripe to create it (replays of one idempotency key included)
 * @param waived       why a SUCCEEDED charge moved no money (below Stripe's minimum), else null
 * @param refunds      the refunds operators asked for against this charge, oldest first
 */
public record Payment(UUID id, ObjectKey cdr, String robotJobId, String fleetId, PaymentKind kind,
                      BigDecimal amount, long amountMinor, String currency, PaymentStatus status,
                      ObjectKey creditedCdr, boolean discrepancy, String discrepancyDetail, String stripeId,
                      int attempts, String failureReason, Instant nextAttemptAt, Instant createdAt,
                      Instant updatedAt, String waived, List<PaymentRefund> refunds) {

    public Payment {
        refunds = refunds == null ? List.of() : List.copyOf(refunds);
    }

    /**
     * What Stripe moves (or moved), as a decimal at the currency's scale: {@code amountMinor} 840
     * EUR → 8.40, next to {@code amount} as the CPO sent it (8.4049).
     */
    @com.fasterxml.jackson.annotation.JsonProperty("amount_charged")
    public BigDecimal amountCharged() {
        return MinorUnits.toDecimal(amountMinor, currency);
    }

    /**
     * What the refunds of {@link #refunds} give back (pending ones included: Stripe has them), at
     * the currency's scale; credit CDRs refund through their own REFUND payment.
     */
    @com.fasterxml.jackson.annotation.JsonProperty("amount_refunded")
    public BigDecimal amountRefunded() {
        return MinorUnits.toDecimal(refundedMinor(), currency);
    }

    long refundedMinor() {
        return refunds.stream().filter(PaymentRefund::counts).mapToLong(PaymentRefund::amountMinor).sum();
    }

    Payment withRefunds(List<PaymentRefund> refunds) {
        return new Payment(id, cdr, robotJobId, fleetId, kind, amount, amountMinor, currency, status, creditedCdr,
                discrepancy, discrepancyDetail, stripeId, attempts, failureReason, nextAttemptAt, createdAt,
                updatedAt, waived, refunds);
    }
}
