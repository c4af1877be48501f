package com.rollyy.emsp.robotjobs;

import java.util.LinkedHashMap;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.cdrs.Cdr;
import com.rollyy.emsp.cdrs.CdrReceived;
import com.rollyy.emsp.cdrs.CdrService;
import com.rollyy.emsp.ocpi.ObjectKey;
import com.rollyy.emsp.tariffs.TariffPricing;
import com.rollyy.emsp.webhooks.WebhookEvents;

/**
 * A new CDR ends the robot's session (if it is one of ours), is re-priced with the tariff engine
 * and is billed, all in the transaction that stored the CDR: a CDR exists exactly when its
 * payment is queued.
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

    CdrTracker(JobSessionRepository sessions, RobotJobRepository jobs, ChargingLifecycle lifecycle, CdrService cdrs,
               TariffPricing pricing, CdrBilling billing) {
        this.sessions = sessions;
        this.jobs = jobs;
        this.lifecycle = lifecycle;
        this.cdrs = cdrs;
        this.pricing = pricing;
        this.billing = billing;
    }

    @EventListener
    void on(CdrReceived received) {
        Cdr cdr = received.cdr();
        ObjectKey session = cdr.sessionId() == null ? null
                : new ObjectKey(cdr.countryCode(), cdr.partyId(), cdr.sessionId());
        Optional<JobSession> match = Boolean.TRUE.equals(cdr.credit()) ? Optional.empty()
                : sessions.match(received.connectionId(), session, cdr.authorizationReference(), cdr.cdrToken().uid(),
                        cdr.cdrLocation().id(), cdr.cdrLocation().evseUid(), cdr.startDateTime());
        match.ifPresent(js -> {
            sessions.linkCdr(js.id(), received.key());
            if (js.ocpiSession() == null && session != null) {
                sessions.link(js.id(), session, cdr.sessionId());
            }
            JobSession current = sessions.find(js.id(), false).orElseThrow();
            if (current.status().isLive()) {
                lifecycle.move(current, SessionStatus.COMPLETED, null);
            }
        });
        TariffPricing.Reconciliation reconciliation = null;
        String notPriced = null;
        try {
            reconciliation = pricing.reconcile(cdrs.stored(cdr));
        } catch (ApiException | IllegalArgumentException e) {
            notPriced = e.getMessage();
            log.info("CDR {} could not be re-priced: {}", received.key(), notPriced);
        }
        RobotJob job = match.flatMap(js -> jobs.find(js.robotJobId(), false)).orElse(null);
        billing.bill(received, job, reconciliation, notPriced);
        var priced = reconciliation;
        var problem = notPriced;
        match.ifPresent(js -> {
            var extra = new LinkedHashMap<String, Object>();
            extra.put("cdr_id", cdr.id());
            extra.put("total_cost", cdr.totalCost());
            extra.put("currency", cdr.currency());
            extra.put("reconciliation", priced);
            if (problem != null) {
                extra.put("not_priced", problem);
            }
            lifecycle.report(WebhookEvents.CDR_PRICED, js.id(), extra);
        });
    }
}
