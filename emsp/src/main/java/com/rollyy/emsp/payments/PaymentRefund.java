package com.rollyy.emsp.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One refund an operator asked for against a charge ({@link PaymentService#refund}).
 *
 * @param amount         the decimal amount refunded, at the currency's scale
 * @param amountMinor    what Stripe moves back, in its minor unit (positive)
 * @param status         PENDING (sent, or Stripe has not decided), SUCCEEDED, FAILED (nothing refunded)
 * @param stripeRefundId the Refund Stripe created ({@code re_...}), once it answered
 * @param requestedBy    the console operator, or {@code api} for the product API
 */
public record PaymentRefund(UUID id, BigDecimal amount, long amountMinor, String currency, Status status,
                            String stripeRefundId, String failureReason, String requestedBy, Instant createdAt,
                            Instant updatedAt) {

    public enum Status {
        PENDING, SUCCEEDED, FAILED
    }

    /** Whether it counts against what is left to refund: anything Stripe has not refused. */
    boolean counts() {
        return status != Status.FAILED;
    }
}
