package com.rollyy.cposim.sessions;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.rollyy.cposim.credentials.CpoIdentity;
import com.rollyy.cposim.locations.ChargingSite;
import com.rollyy.cposim.ocpi.Decimals;
import com.rollyy.cposim.ocpi.Json;
import com.rollyy.cposim.ocpi.Timestamps;
import com.rollyy.cposim.tariffs.ChargingPeriod;
import com.rollyy.cposim.tariffs.Price;
import com.rollyy.cposim.tariffs.TariffPricer;
import com.rollyy.cposim.tariffs.TariffRestrictions;

/**
 * One session's state. Every method is synchronized; the outbound messages that follow a change
 * are sent by the caller, on the session's {@link PushScheduler.Lane}, so they leave in the order
 * of the changes.
 *
 * <p>Charging advances a session clock ({@code chargedUntil}): each update's periods start where
 * the previous ones ended, whatever the wall clock says, so a test can charge an hour in a
 * millisecond. The session ends at the later of that clock and the moment it is stopped.
 */
public final class ChargingSession {

    static final String PENDING = "PENDING";
    static final String ACTIVE = "ACTIVE";
    static final String COMPLETED = "COMPLETED";

    /** What one update changed, for its PATCH. */
    record Update(boolean activated, List<ChargingPeriod> periods) {
    }

    /** Everything a CDR is made from, copied when the session ended. */
    record Ended(String sessionId, CdrToken token, String authMethod, String authorizationReference,
                 ChargingSite site, String currency, Instant start, Instant end, List<ChargingPeriod> periods,
                 BigDecimal kwh, TariffPricer.Costs costs) {
    }

    final long number;
    final String id;
    final CdrToken token;
    final String authMethod;
    final String authorizationReference;
    final ChargingSite site;
    final PushScheduler.Lane lane;
    private final String countryCode;
    private final String partyId;

    private String status;
    private Instant start;
    private Instant chargedUntil;
    private Instant end;
    private Instant lastUpdated;
    private BigDecimal kwh = BigDecimal.ZERO;
    private final List<ChargingPeriod> periods = new ArrayList<>();
    private String cdrId;

    ChargingSession(long number, CpoIdentity identity, CdrToken token, String authMethod,
                    String authorizationReference, ChargingSite site, String status, Instant now,
                    PushScheduler.Lane lane) {
        this.number = number;
        this.id = "SIM-S-" + number;
        this.countryCode = identity.countryCode();
        this.partyId = identity.partyId();
        this.token = token;
        this.authMethod = authMethod;
        this.authorizationReference = authorizationReference;
        this.site = site;
        this.status = status;
        this.start = now;
        this.chargedUntil = now;
        this.lastUpdated = now;
        this.lane = lane;
    }

    /** The Tariff's currency, else EUR (the dataset's). */
    String currency() {
        return site.tariff() != null && site.tariff().currency() != null ? site.tariff().currency() : "EUR";
    }

    synchronized boolean isCompleted() {
        return COMPLETED.equals(status);
    }

    synchronized boolean isPending() {
        return PENDING.equals(status);
    }

    synchronized Instant chargedUntil() {
        return chargedUntil;
    }

    /** PENDING → ACTIVE: start_date_time becomes the moment it went active (mod_sessions, start_date_time). */
    synchronized boolean activate(Instant now) {
        requireRunning();
        if (!PENDING.equals(status)) {
            return false;
        }
        status = ACTIVE;
        start = now;
        chargedUntil = now;
        touch(now);
        return true;
    }

    /**
     * Charges {@code kwhDelta} over {@code elapsed} of session clock at constant power, opening a
     * new period wherever the tariff's price could change. A PENDING session goes ACTIVE first.
     */
    synchronized Update advance(BigDecimal kwhDelta, Duration elapsed, Instant now) {
        requireRunning();
        if (kwhDelta.signum() < 0 || elapsed.isNegative()) {
            throw new IllegalArgumentException("kwhDelta and elapsed must not be negative");
        }
        if (elapsed.isZero() && kwhDelta.signum() > 0) {
            throw new IllegalArgumentException("energy needs time: elapsed must be > 0 when kwhDelta > 0");
        }
        boolean activated = activate(now);
        BigDecimal energy = Decimals.volume(kwhDelta);
        List<ChargingPeriod> added = periods(chargedUntil, energy, elapsed);
        periods.addAll(added);
        kwh = kwh.add(energy);
        chargedUntil = chargedUntil.plus(elapsed);
        touch(now);
        return new Update(activated, added);
    }

    private List<ChargingPeriod> periods(Instant from, BigDecimal energy, Duration elapsed) {
        BigDecimal hours = Decimals.hours(elapsed);
        BigDecimal power = hours.signum() == 0 ? BigDecimal.ZERO : Decimals.volume(energy.divide(hours, Decimals.MATH));
        Instant to = from.plus(elapsed);
        List<Instant> cuts = new ArrayList<>();
        cuts.add(from);
        if (site.tariff() != null) {
            cuts.addAll(TariffRestrictions.changePoints(site.tariff(), site.zone(), start, from, to, kwh, energy));
        }
        cuts.add(to);
        List<ChargingPeriod> result = new ArrayList<>();
        BigDecimal energyLeft = energy;
        long totalMillis = elapsed.toMillis();
        for (int i = 0; i + 1 < cuts.size(); i++) {
            Duration piece = Duration.between(cuts.get(i), cuts.get(i + 1));
            BigDecimal pieceEnergy = i + 2 == cuts.size() ? energyLeft
                    : Decimals.volume(energy.multiply(BigDecimal.valueOf(piece.toMillis()))
                            .divide(BigDecimal.valueOf(totalMillis), Decimals.MATH)).min(energyLeft);
            energyLeft = energyLeft.subtract(pieceEnergy);
            result.add(new ChargingPeriod(cuts.get(i), Decimals.volume(pieceEnergy),
                    Decimals.volume(Decimals.hours(piece)), power, site.tariffId()));
        }
        return result;
    }

    /** Ends the session at the later of its clock and {@code now}; false if it had ended already. */
    synchronized boolean complete(Instant now) {
        if (COMPLETED.equals(status)) {
            return false;
        }
        if (PENDING.equals(status)) {
            start = now;
            chargedUntil = now;
        }
        if (periods.isEmpty()) {
            // a CDR needs at least one period: an empty one where nothing was charged
            periods.add(new ChargingPeriod(start, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, site.tariffId()));
        }
        status = COMPLETED;
        end = now.isAfter(chargedUntil) ? now : chargedUntil;
        touch(now);
        return true;
    }

    synchronized Ended ended() {
        if (!COMPLETED.equals(status)) {
            throw new IllegalStateException("session " + id + " has not ended");
        }
        return new Ended(id, token, authMethod, authorizationReference, site, currency(), start, end,
                List.copyOf(periods), kwh, costs());
    }

    synchronized String cdrId() {
        return cdrId;
    }

    synchronized void cdrMade(String cdrId) {
        this.cdrId = cdrId;
    }

    synchronized Instant lastUpdated() {
        return lastUpdated;
    }

    /** The cost of what was charged so far (nothing when the connector has no tariff). */
    private TariffPricer.Costs costs() {
        if (site.tariff() == null) {
            return new TariffPricer.Costs(Price.ZERO.rounded(2), Price.ZERO.rounded(2), Price.ZERO.rounded(2),
                    Price.ZERO.rounded(2));
        }
        return TariffPricer.price(site.tariff(), site.zone(), start, periods);
    }

    /** last_updated only moves forward, even within one millisecond: a receiver ignores older updates. */
    private void touch(Instant now) {
        lastUpdated = now.isAfter(lastUpdated) ? now : lastUpdated.plusMillis(1);
    }

    private void requireRunning() {
        if (COMPLETED.equals(status)) {
            throw new IllegalStateException("session " + id + " has ended");
        }
    }

    /** The full Session object; {@code total_cost} when there is something to price and {@code withCost}. */
    synchronized Map<String, Object> json(boolean withCost) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("country_code", countryCode);
        json.put("party_id", partyId);
        json.put("id", id);
        json.put("start_date_time", Timestamps.format(start));
        if (end != null) {
            json.put("end_date_time", Timestamps.format(end));
        }
        json.put("kwh", kwh);
        json.put("cdr_token", token.toJson());
        json.put("auth_method", authMethod);
        if (authorizationReference != null) {
            json.put("authorization_reference", authorizationReference);
        }
        json.put("location_id", site.locationId());
        json.put("evse_uid", site.evseUid());
        json.put("connector_id", site.connectorId());
        json.put("currency", currency());
        json.put("charging_periods", periods.stream().map(ChargingPeriod::toJson).toList());
        if (!periods.isEmpty() && (withCost || COMPLETED.equals(status))) {
            json.put("total_cost", costs().total().toJson());
        }
        json.put("status", status);
        json.put("last_updated", Timestamps.format(lastUpdated));
        return json;
    }

    /** The PATCH of one update: what changed, and last_updated (required in every PATCH). */
    synchronized Map<String, Object> patchJson(Update update, boolean withCost) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (update.activated()) {
            json.put("status", status);
            json.put("start_date_time", Timestamps.format(start));
        }
        json.put("kwh", kwh);
        if (!update.periods().isEmpty()) {
            json.put("charging_periods", update.periods().stream().map(ChargingPeriod::toJson).toList());
        }
        if (withCost && !periods.isEmpty()) {
            json.put("total_cost", costs().total().toJson());
        }
        json.put("last_updated", Timestamps.format(lastUpdated));
        return json;
    }

    synchronized SessionSnapshot snapshot(boolean withCost) {
        return new SessionSnapshot(id, status, kwh, periods.size(), authorizationReference, site.locationId(),
                site.evseUid(), site.connectorId(), site.tariffId(), start, end, lastUpdated, cdrId,
                Json.write(json(withCost)));
    }
}
