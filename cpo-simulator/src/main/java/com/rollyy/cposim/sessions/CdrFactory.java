package com.rollyy.cposim.sessions;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.rollyy.cposim.credentials.CpoIdentity;
import com.rollyy.cposim.ocpi.Decimals;
import com.rollyy.cposim.ocpi.Timestamps;
import com.rollyy.cposim.tariffs.ChargingPeriod;
import com.rollyy.cposim.tariffs.TariffPricer;

/**
 * Makes the CDR of an ended session. Its costs are what the session's tariff charges for its
 * charging periods ({@link TariffPricer}); the tariff itself travels in {@code tariffs}, so the
 * eMSP can price the CDR again from the CDR alone.
 */
final class CdrFactory {

    private CdrFactory() {
    }

    /**
     * @param costFactor multiplies total_cost only (the {@code cdrCostFactor} knob), so that a
     *                   receiver that re-prices the CDR sees a discrepancy
     */
    static Map<String, Object> cdr(CpoIdentity identity, String cdrId, ChargingSession.Ended session,
                                   BigDecimal costFactor, Instant now) {
        TariffPricer.Costs costs = session.costs();
        int digits = TariffPricer.fractionDigits(session.currency());
        Map<String, Object> cdr = new LinkedHashMap<>();
        cdr.put("country_code", identity.countryCode());
        cdr.put("party_id", identity.partyId());
        cdr.put("id", cdrId);
        cdr.put("start_date_time", Timestamps.format(session.start()));
        cdr.put("end_date_time", Timestamps.format(session.end()));
        cdr.put("session_id", session.sessionId());
        cdr.put("cdr_token", session.token().toJson());
        cdr.put("auth_method", session.authMethod());
        if (session.authorizationReference() != null) {
            cdr.put("authorization_reference", session.authorizationReference());
        }
        cdr.put("cdr_location", session.site().cdrLocation());
        cdr.put("currency", session.currency());
        if (session.site().tariff() != null) {
            cdr.put("tariffs", List.of(session.site().tariff().json()));
        }
        cdr.put("charging_periods", session.periods().stream().map(ChargingPeriod::toJson).toList());
        cdr.put("total_cost", (costFactor.compareTo(BigDecimal.ONE) == 0 ? costs.total()
                : costs.total().times(costFactor, digits)).toJson());
        cdr.put("total_fixed_cost", costs.fixed().toJson());
        cdr.put("total_energy", session.kwh());
        cdr.put("total_energy_cost", costs.energy().toJson());
        cdr.put("total_time", Decimals.volume(Decimals.hours(Duration.between(session.start(), session.end()))));
        cdr.put("total_time_cost", costs.time().toJson());
        cdr.put("total_parking_time", BigDecimal.ZERO);
        cdr.put("last_updated", Timestamps.format(now));
        return cdr;
    }
}
