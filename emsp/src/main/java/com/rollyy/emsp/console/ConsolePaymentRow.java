package com.rollyy.emsp.console;

import java.time.Instant;

import com.rollyy.emsp.payments.Payment;
import com.rollyy.emsp.payments.PaymentKind;
import com.rollyy.emsp.payments.PaymentStatus;

/**
 * One payment as the Payments page shows it.
 *
 * @param charged    what Stripe moves (moved), at the currency's scale
 * @param why        why it is held, waived or failed; null when nothing needs saying
 * @param stripeUrl  the PaymentIntent in Stripe's dashboard, null for a refund or before Stripe answered
 */
record ConsolePaymentRow(String id, Instant createdAt, String kind, String status, String charged,
                         String refunded, String currency, String why, String robotJobId, String cdr,
                         String stripeId, String stripeUrl, String fleetId, boolean releasable,
                         boolean refundable, boolean waivesOnRelease, boolean settled) {

    static ConsolePaymentRow of(Payment p) {
        String why = p.status() == PaymentStatus.HELD
                ? join(p.failureReason(), p.discrepancyDetail())
                : p.waived() != null ? "waived: " + p.waived()
                : join(p.failureReason(), p.discrepancy() ? p.discrepancyDetail() : null);
        boolean charge = p.kind() == PaymentKind.CHARGE;
        return new ConsolePaymentRow(p.id().toString(), p.createdAt(), p.kind().name(), p.status().name(),
                p.amountCharged().abs().toPlainString(), p.amountRefunded().toPlainString(), p.currency(), why,
                p.robotJobId(), p.cdr().countryCode() + "/" + p.cdr().partyId() + "/" + p.cdr().id(), p.stripeId(),
                charge && p.stripeId() != null && p.stripeId().startsWith("pi_")
                        ? "https://dashboard.stripe.com/payments/" + p.stripeId() : null,
                p.fleetId(),
                p.status() == PaymentStatus.HELD || p.status() == PaymentStatus.NOT_CONFIGURED,
                charge && p.status() == PaymentStatus.SUCCEEDED && p.stripeId() != null && p.waived() == null,
                p.failureReason() != null && p.failureReason().startsWith("below_minimum"),
                p.status().isFinal());
    }

    private static String join(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + "; " + b;
    }
}
