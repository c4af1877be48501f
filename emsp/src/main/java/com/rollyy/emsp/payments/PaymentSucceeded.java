package com.rollyy.emsp.payments;

import java.util.UUID;

import com.rollyy.emsp.ocpi.ObjectKey;

/**
 * Published once per payment, in the transaction that records the success. {@code amountMinor}
 * is negative for a refund; {@code stripeId} is null when nothing had to move (a zero amount).
 */
public record PaymentSucceeded(UUID paymentId, ObjectKey cdr, String robotJobId, long amountMinor, String currency,
                               String stripeId) {
}
