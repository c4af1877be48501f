package com.rollyy.emsp.payments;

/**
 * Where a payment stands (state machine in docs/payments.md). SUCCEEDED and FAILED are final:
 * a final payment is never sent to Stripe again.
 */
public enum PaymentStatus {
    /** Stored and scheduled; nothing sent to Stripe yet, so certainly nothing charged. */
    QUEUED,
    /** A discrepancy waits for review: nothing is sent until released. */
    HELD,
    /**
     * Sent to Stripe at least once and the outcome is not known yet: in flight, a retry is due,
     * or Stripe reported processing (settled by webhook or by re-reading the object).
     */
    PROCESSING,
    SUCCEEDED,
    FAILED,
    /** Stripe is not set up for it (no API key, key refused, or no customer for the fleet); release once it is. */
    NOT_CONFIGURED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
