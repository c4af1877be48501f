package com.rollyy.emsp.robotjobs;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.rollyy.emsp.cdrs.Cdr;
import com.rollyy.emsp.cdrs.CdrReceived;
import com.rollyy.emsp.config.RollyyProperties;
import com.rollyy.emsp.ocpi.ObjectKey;
import com.rollyy.emsp.payments.PaymentOrder;
import com.rollyy.emsp.payments.PaymentService;

/**
 * Turns a new CDR into a payment order, in the CDR's transaction. The robot job the CDR belongs
 * to says which fleet pays. The amount is the CPO's total incl. VAT (excl. VAT when the CPO gave
 * none, as hubs sometimes do). Charged at once: a CDR of a robot session that our tariff engine
 * agrees with. Flagged: a difference beyond tolerance (held when the policy says so). Always held
 * for a person: a CDR no robot job explains, a CDR for another eMSP's token, a second CDR for one
 * session (a credit CDR is the way to correct one), a refund whose original we cannot find.
 */
@Component
class CdrBilling {

    private static final Logger log = LoggerFactory.getLogger(CdrBilling.class);

    private final PaymentService payments;
    private final RollyyProperties properties;
    private final io.micrometer.core.instrument.MeterRegistry meters;

    CdrBilling(PaymentService payments, RollyyProperties properties, io.micrometer.core.instrument.MeterRegistry meters) {
        this.meters = meters;
        this.payments = payments;
        this.properties = properties;
    }

    void bill(CdrReceived received, CdrTracker.Context context) {
        Cdr cdr = received.cdr();
        BigDecimal amount = cdr.totalCost().inclVat() != null ? cdr.totalCost().inclVat() : cdr.totalCost().exclVat();
        boolean credit = Boolean.TRUE.equals(cdr.credit());
        var reconciliation = context.reconciliation();
        boolean discrepancy = reconciliation != null && !reconciliation.withinTolerance();
        String priced = reconciliation == null ? "not_priced" : discrepancy ? "discrepancy" : "within_tolerance";
        com.rollyy.emsp.config.AfterCommit.run(() -> meters.counter("rollyy.cdrs.priced", "result", priced).increment());
        List<String> notes = new ArrayList<>();
        List<String> review = new ArrayList<>();
        if (discrepancy) {
            notes.add("CPO charged " + reconciliation.cpoReportedCost() + ", tariff " + reconciliation.tariffId()
                    + " gives " + reconciliation.calculatedCost() + " " + reconciliation.currency()
                    + " (difference " + reconciliation.discrepancy() + ", tolerance " + reconciliation.tolerance() + ")"
                    + "; issues " + reconciliation.issues());
        }
        if (context.notPriced() != null) {
            notes.add("not re-priced: " + context.notPriced());
        }
        if (cdr.totalCost().inclVat() == null) {
            notes.add("the CPO gave no total incl. VAT: charged excl. VAT");
        }
        if (!cdr.cdrToken().countryCode().equalsIgnoreCase(properties.countryCode())
                || !cdr.cdrToken().partyId().equalsIgnoreCase(properties.partyId())) {
            review.add("the token " + cdr.cdrToken().countryCode() + "/" + cdr.cdrToken().partyId() + "/"
                    + cdr.cdrToken().uid() + " is not ours");
        } else if (context.job() == null) {
            review.add(credit ? "no robot session is billed under the credited CDR " + cdr.creditReferenceId()
                    : "no robot job matches this CDR");
        }
        if (context.secondCdr()) {
            review.add("second CDR for session " + context.session().id() + " (first: " + context.session().cdr().id()
                    + ")");
        }
        notes.addAll(review);
        var job = context.job();
        boolean queued = payments.queue(new PaymentOrder(received.key(), received.connectionId(), amount,
                cdr.currency(), job == null ? null : job.fleetId(), job == null ? null : job.rollyyId().toString(),
                credit, credit ? new ObjectKey(cdr.countryCode(), cdr.partyId(), cdr.creditReferenceId()) : null,
                discrepancy || !review.isEmpty(), notes.isEmpty() ? null : String.join("; ", notes),
                !review.isEmpty()));
        if (!queued) {
            log.info("CDR {} already has a payment: not queued again", received.key());
        }
    }
}
