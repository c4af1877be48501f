package com.rollyy.emsp.robotjobs;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Component;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.cdrs.CdrService;
import com.rollyy.emsp.cdrs.StoredCdr;
import com.rollyy.emsp.chargingprofiles.ChargingProfileService;
import com.rollyy.emsp.ocpi.ObjectKey;
import com.rollyy.emsp.ocpi.types.Price;
import com.rollyy.emsp.sessions.Session;
import com.rollyy.emsp.sessions.SessionService;
import com.rollyy.emsp.tariffs.TariffPricing;

/** Builds {@link SessionView}s from our record, the CPO's Session and its CDR. */
@Component
class SessionViews {

    private final SessionService sessions;
    private final CdrService cdrs;
    private final TariffPricing pricing;
    private final ChargingProfileService profiles;

    SessionViews(SessionService sessions, CdrService cdrs, TariffPricing pricing, ChargingProfileService profiles) {
        this.sessions = sessions;
        this.cdrs = cdrs;
        this.pricing = pricing;
        this.profiles = profiles;
    }

    SessionView of(JobSession js, RobotJob job) {
        return of(js, job == null ? null : job.status());
    }

    SessionView of(JobSession js, JobStatus jobStatus) {
        return of(js, jobStatus, null, null);
    }

    /**
     * The view, given the CPO's Session {@code cpoKey} as the caller holds it (just stored in its
     * transaction): used instead of reading it again when it is this session's.
     */
    SessionView of(JobSession js, JobStatus jobStatus, ObjectKey cpoKey, Session cpoSession) {
        Session session = js.ocpiSession() == null ? null
                : cpoSession != null && js.ocpiSession().equals(cpoKey) ? cpoSession
                : sessions.find(js.ocpiSession()).orElse(null);
        StoredCdr cdr = js.cdr() == null ? null : cdrs.find(js.cdr()).orElse(null);
        BigDecimal energy = BigDecimal.ZERO;
        Price totalCost = null;
        String costSource = null;
        String currency = null;
        Instant start = null;
        Instant end = null;
        if (cdr != null) {
            energy = cdr.totalEnergy();
            totalCost = cdr.totalCost();
            costSource = "cdr";
            currency = cdr.currency();
            start = cdr.startDateTime();
            end = cdr.endDateTime();
        } else if (session != null) {
            energy = session.kwh();
            currency = session.currency();
            start = session.startDateTime();
            end = session.endDateTime();
            if (session.totalCost() != null) {
                totalCost = session.totalCost();
                costSource = "cpo";
            } else if (js.assetId() != null) {
                long minutes = Math.max(1, Duration.between(start, end != null ? end : Instant.now()).toMinutes());
                try {
                    var estimate = pricing.estimate(js.assetId(), js.connectorId(), energy, minutes,
                            start, false).estimate();
                    currency = estimate.currency();
                    // our engine's exact amount, at the currency's scale like any price shown
                    totalCost = new Price(atScale(estimate.estimatedCost(), currency),
                            atScale(estimate.estimatedCostInclVat(), currency));
                    costSource = "estimate";
                } catch (ApiException | IllegalArgumentException notPriceable) {
                    // no tariff we can price with: the view says so by leaving cost out (a view
                    // must never fail the write that shows it)
                }
            }
        }
        BigDecimal duration = start == null ? null : BigDecimal.valueOf(
                Duration.between(start, end != null ? end : Instant.now()).toSeconds())
                .divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP);
        return new SessionView(js.id(), js.ocpiSessionId(), js.robotJobId(), js.status(),
                jobStatus, js.startResult(), js.failureReason(), js.connectionId(),
                js.locationId(), js.evseUid(), js.connectorId(), js.assetId(), energy,
                totalCost == null ? null : total(totalCost), totalCost, costSource, currency,
                duration, start, end, js.cdr() == null ? null : js.cdr().id(), js.abandoned(),
                profiles.stateOf(js.id()).orElse(null));
    }

    private static BigDecimal total(Price price) {
        return price.inclVat() != null ? price.inclVat() : price.exclVat();
    }

    private static BigDecimal atScale(BigDecimal amount, String currency) {
        if (amount == null) {
            return null;
        }
        int digits;
        try {
            digits = Math.max(0, java.util.Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException | NullPointerException unknown) {
            digits = 2;
        }
        return amount.setScale(digits, RoundingMode.HALF_UP);
    }
}
