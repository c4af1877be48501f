package com.rollyy.emsp.payments;

import java.util.UUID;

import com.rollyy.emsp.ocpi.ObjectKey;

/** Published once per payment, in the transaction that records the final failure. */
public record PaymentFailed(UUID paymentId, ObjectKey cdr, String robotJobId, long amountMinor, String currency,
                            String reason) {
}
