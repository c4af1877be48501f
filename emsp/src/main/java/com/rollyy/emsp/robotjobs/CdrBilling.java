package com.rollyy.emsp.robotjobs;

import java.math.BigDecimal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.rollyy.emsp.cdrs.Cdr;
import com.rollyy.emsp.cdrs.CdrReceived;
import com.rollyy.emsp.ocpi.ObjectKey;
import com.rollyy.emsp.payments.PaymentOrder;
import com.rollyy.emsp.payments.PaymentService;
import com.rollyy.emsp.tariffs.TariffPricing;

/**
 * Turns a new CDR into a payment order, in the CDR's transaction. Every CDR a CPO sends us is
 * for one of our tokens and is paid; the robot job (when the CDR is a robot's) says which
 * fleet pays. The amount is the CPO's total incl. VAT (excl. VAT when the CPO gave none, as
 * hubs sometimes do); a difference from our own price beyond tolerance is flagged for review.
 */
@Component
class CdrBilling {

    private static final Logger log = LoggerFactory.getLogger(CdrBilling.class);

    private final PaymentService payments;

    CdrBilling(PaymentService payments) {
        this.payments = payments;
    }

    void bill(CdrReceived received, RobotJob job, TariffPricing.Reconciliation reconciliation, String notPriced) {
        Cdr cdr = received.cdr();
        BigDecimal amount = cdr.totalCost().inclVat() != null ? cdr.totalCost().inclVat() : cdr.totalCost().exclVat();
        boolean credit = Boolean.TRUE.equals(cdr.credit());
        boolean discrepancy = reconciliation != null && !reconciliation.withinTolerance();
        String detail = null;
        if (discrepancy) {
            detail = "CPO charged " + reconciliation.cpoReportedCost() + ", tariff " + reconciliation.tariffId()
                    + " gives " + reconciliation.calculatedCost() + " " + reconciliation.currency()
                    + " (difference " + reconciliation.discrepancy() + ", tolerance " + reconciliation.tolerance() + ")";
        } else if (notPriced != null) {
            detail = "not re-priced: " + notPriced;
        }
        if (cdr.totalCost().inclVat() == null) {
            detail = (detail == null ? "" : detail + "; ") + "the CPO gave no total incl. VAT: charged excl. VAT";
        }
        boolean queued = payments.queue(new PaymentOrder(received.key(), received.connectionId(), amount,
                cdr.currency(), job == null ? null : job.fleetId(), job == null ? null : job.rollyyId().toString(),
                credit, credit ? new ObjectKey(cdr.countryCode(), cdr.partyId(), cdr.creditReferenceId()) : null,
                discrepancy, detail));
        if (!queued) {
            log.info("CDR {} already has a payment: not queued again", received.key());
        }
    }
}
