package com.rollyy.emsp.payments;

import java.math.BigDecimal;
import java.util.UUID;

import com.rollyy.emsp.ocpi.ObjectKey;

/**
 * What to pay for one CDR, as the package that received it decided.
 *
 * @param amountInclVat     the CDR's total incl. VAT in {@code currency} (negative on a credit CDR)
 * @param currency          ISO 4217, as in the CDR
 * @param fleetId           the robot fleet whose Stripe customer pays; null means "default"
 * @param robotJobId        the robot job the CDR belongs to, if known
 * @param credit            a credit CDR: refund against {@code creditedCdr}'s payment
 * @param creditedCdr       the CDR a credit CDR credits, else null
 * @param discrepancy       our price and the CPO's differ beyond tolerance
 * @param discrepancyDetail what differs, or what needs a look, for the reviewer
 * @param holdForReview     held for a person whatever the hold policy says (e.g. a CDR no robot job
 *                          explains, a second CDR for one session)
 */
public record PaymentOrder(ObjectKey cdr, UUID connectionId, BigDecimal amountInclVat, String currency,
                           String fleetId, String robotJobId, boolean credit, ObjectKey creditedCdr,
                           boolean discrepancy, String discrepancyDetail, boolean holdForReview) {

    public PaymentOrder(ObjectKey cdr, UUID connectionId, BigDecimal amountInclVat, String currency, String fleetId,
                        String robotJobId, boolean credit, ObjectKey creditedCdr, boolean discrepancy,
                        String discrepancyDetail) {
        this(cdr, connectionId, amountInclVat, currency, fleetId, robotJobId, credit, creditedCdr, discrepancy,
                discrepancyDetail, false);
    }
}
