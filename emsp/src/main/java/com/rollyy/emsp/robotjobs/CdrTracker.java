package com.rollyy.emsp.robotjobs;

import java.util.LinkedHashMap;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.rollyy.emsp.cdrs.Cdr;
import com.rollyy.emsp.cdrs.CdrReceived;
import com.rollyy.emsp.cdrs.CdrService;
import com.rollyy.emsp.ocpi.ObjectKey;
import com.rollyy.emsp.tariffs.TariffPricing;
import com.rollyy.emsp.webhooks.WebhookEvents;

/**
 * A new CDR ends the robot's session (if it is one of ours), is re-priced with the tariff engine
 * and is billed, all in the transaction that stored the CDR: a CDR exists exactly when its
 * payment is queued. Nothing here may refuse a well-formed CDR: what cannot be priced or
 * explained is billed on hold for review instead.
 */
@Component
class CdrTracker {

    private static final Logger log = LoggerFactory.getLogger(CdrTracker.class);

    private final JobSessionRepository sessions;
    private final RobotJobRepository jobs;
    private final ChargingLifecycle lifecycle;
    private final CdrService cdrs;
    private final TariffPricing pricing;
    private final CdrBilling billing;
    private final com.rollyy.emsp.tariffs.RecordedReconciliations reconciliations;

    CdrTracker(JobSessionRepository sessions, RobotJobRepository jobs, ChargingLifecycle lifecycle, CdrService cdrs,
               TariffPricing pricing, CdrBilling billing,
               com.rollyy.emsp.tariffs.RecordedReconciliations reconciliations) {
        this.reconciliations = reconciliations;
        this.sessions = sessions;
        this.jobs = jobs;
        this.lifecycle = lifecycle;
        this.cdrs = cdrs;
        this.pricing = pricing;
        this.billing = billing;
    }

    /** What we know about a CDR when we bill it. */
    record Context(RobotJob job, JobSession session, boolean secondCdr, TariffPricing.Reconciliation reconciliation,
                   String notPriced) {
    }

    @EventListener
    void on(CdrReceived received) {
        Cdr cdr = received.cdr();
        boolean credit = Boolean.TRUE.equals(cdr.credit());
        ObjectKey ocpiSession = cdr.sessionId() == null ? null
                : new ObjectKey(cdr.countryCode(), cdr.partyId(), cdr.sessionId());
        Optional<JobSession> match = credit
                ? sessions.byCdr(new ObjectKey(cdr.countryCode(), cdr.partyId(), cdr.creditReferenceId()))
                : sessions.matchInOne(received.connectionId(), ocpiSession, cdr.authorizationReference(),
                        cdr.cdrToken().uid(), cdr.cdrLocation().id(), cdr.cdrLocation().evseUid(), cdr.startDateTime());
        boolean secondCdr = false;
        if (match.isPresent() && !credit) {
            JobSession js = match.get();
            if (js.cdr() == null) {
                sessions.linkCdr(js.id(), received.key());
            } else {
                secondCdr = !js.cdr().equals(received.key());
            }
            if (js.ocpiSession() == null && ocpiSession != null) {
                sessions.link(js.id(), ocpiSession, cdr.sessionId());
            }
            // js is locked since match(): linking changed neither its status nor its abandoned flag
            if (js.status().isLive()) {
                lifecycle.move(js, SessionStatus.COMPLETED, null);
            }
        }
        TariffPricing.Reconciliation reconciliation = null;
        String notPriced = null;
        if (!credit) {
            try {
                // the CDR is new, so the only session linked to it is the one linked above
                String ours = match.isPresent() && !secondCdr ? match.get().id() : null;
                reconciliation = pricing.reconcile(cdrs.stored(cdr), ours);
            } catch (RuntimeException e) {
                // a CDR we cannot re-price (odd tariff, missing data) is still stored and billed, flagged
                notPriced = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                log.info("CDR {} could not be re-priced: {}", received.key(), notPriced);
            }
            if (reconciliation != null) {
                reconciliations.record(received.key(), received.connectionId(), reconciliation);
            }
        }
        RobotJob job = match.flatMap(js -> jobs.find(js.robotJobId(), false)).orElse(null);
        var context = new Context(job, match.orElse(null), secondCdr, reconciliation, notPriced);
        billing.bill(received, context);
        if (match.isPresent() && !credit) {
            var extra = new LinkedHashMap<String, Object>();
            extra.put("cdr_id", cdr.id());
            extra.put("total_cost", cdr.totalCost());
            extra.put("currency", cdr.currency());
            extra.put("reconciliation", reconciliation);
            if (notPriced != null) {
                extra.put("not_priced", notPriced);
            }
            if (secondCdr) {
                extra.put("second_cdr", true);
            }
            lifecycle.report(WebhookEvents.CDR_PRICED, match.get().id(), extra);
        }
    }
}
