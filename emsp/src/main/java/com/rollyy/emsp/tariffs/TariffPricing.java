package com.rollyy.emsp.tariffs;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.cdrs.CdrService;
import com.rollyy.emsp.cdrs.StoredCdr;
import com.rollyy.emsp.locations.ChargingAsset;
import com.rollyy.emsp.locations.LocationQueries;
import com.rollyy.emsp.ocpi.types.Price;
import com.rollyy.emsp.tariffs.engine.ChargingPeriod;
import com.rollyy.emsp.tariffs.engine.PriceLine;
import com.rollyy.emsp.tariffs.engine.PriceResult;
import com.rollyy.emsp.tariffs.engine.PricingRequest;
import com.rollyy.emsp.tariffs.engine.TariffEngine;
import com.rollyy.emsp.tariffs.engine.TariffSelection;

/** Prices before charging (estimate) and after (reconciliation against the CPO's CDR). */
@Service
public class TariffPricing {

    private static final Duration DEFAULT_DURATION = Duration.ofMinutes(60);

    private final LocationQueries locations;
    private final TariffRepository tariffs;
    private final CdrService cdrs;
    private final ObjectMapper mapper;
    private final TariffProperties properties;

    TariffPricing(LocationQueries locations, TariffRepository tariffs, CdrService cdrs, ObjectMapper mapper,
                  TariffProperties properties) {
        this.locations = locations;
        this.tariffs = tariffs;
        this.cdrs = cdrs;
        this.mapper = mapper;
        this.properties = properties;
    }

    public record EstimateAnswer(UUID assetId, String tariffId, Tariff.TariffType tariffType, String currency,
                                 List<Tariff.TariffElement> elements, Instant startTime, BigDecimal kwh,
                                 Long durationMinutes, Estimate estimate, List<String> notes) {
    }

    public record Estimate(BigDecimal estimatedCost, BigDecimal estimatedCostInclVat, String currency,
                           List<PriceLine> breakdown, BigDecimal totalEnergy, BigDecimal totalTime,
                           BigDecimal totalParkingTime) {
    }

    public record Reconciliation(String sessionId, String cdrId, Price cpoReportedCost, Price calculatedCost,
                                 String currency, Price discrepancy, BigDecimal energyKwh, BigDecimal durationMinutes,
                                 boolean withinTolerance, BigDecimal tolerance, String tariffId, List<PriceLine> breakdown,
                                 List<String> notes) {
    }

    /**
     * Which tariff an asset will charge us: the tariff_ids of the chosen connector (all
     * connectors when none is named), narrowed by {@link TariffSelection} to the REGULAR tariff
     * (Rollyy charges under a contract), or AD_HOC_PAYMENT when asked for.
     */
    public EstimateAnswer estimate(UUID assetId, String connectorId, BigDecimal kwh, Long durationMinutes,
                                   Instant startTime, boolean adHoc) {
        ChargingAsset asset = locations.asset(assetId)
                .orElseThrow(() -> ApiException.notFound("No charging asset " + assetId));
        var tariffIds = new LinkedHashSet<String>();
        for (var connector : asset.connectors()) {
            if (connectorId == null || connector.id().equalsIgnoreCase(connectorId)) {
                tariffIds.addAll(connector.tariffIds());
            }
        }
        if (connectorId != null && asset.connectors().stream().noneMatch(c -> c.id().equalsIgnoreCase(connectorId))) {
            throw ApiException.notFound("Charging asset " + assetId + " has no connector " + connectorId);
        }
        List<Tariff> candidates = tariffs.current(asset.location().countryCode(), asset.location().partyId(),
                List.copyOf(tariffIds));
        Instant start = startTime == null ? Instant.now() : startTime;
        Tariff tariff = TariffSelection.choose(candidates, adHoc, start).orElseThrow(() -> new ApiException(
                HttpStatus.NOT_FOUND, "no_tariff", "Charging asset " + assetId + " has no known tariff"
                + (tariffIds.isEmpty() ? " (its connectors list no tariff_ids)"
                : " (tariff_ids " + tariffIds + " are not among the tariffs we hold)")));
        var notes = new ArrayList<String>();
        ZoneId zone = zone(asset.location().timeZone(), notes);
        if (startTime == null) {
            notes.add("start_time not given: priced as if charging starts now");
        }
        Duration duration = durationMinutes == null ? null : Duration.ofMinutes(durationMinutes);
        if (kwh == null && duration == null) {
            duration = DEFAULT_DURATION;
            notes.add("Neither kwh nor duration_minutes given: estimated for a " + DEFAULT_DURATION.toMinutes()
                    + "-minute session");
        }
        if (kwh != null && kwh.signum() == 0 && duration == null) {
            throw ApiException.badRequest("kwh=0 needs duration_minutes: a session without energy has no length");
        }
        PriceResult price = TariffEngine.estimate(tariff, zone, start, kwh, duration);
        notes.addAll(price.notes());
        return new EstimateAnswer(assetId, tariff.id(), tariff.type(), tariff.currency(), tariff.elements(), start,
                kwh, durationMinutes, new Estimate(price.totalCost().exclVat(), price.totalCost().inclVat(),
                price.currency(), price.breakdown(), price.totalEnergy(), price.totalTime(), price.totalParkingTime()),
                notes);
    }

    public Reconciliation reconcile(String sessionId) {
        StoredCdr cdr = cdrs.forSession(sessionId).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND,
                "no_cdr", "No CDR is stored for session " + sessionId + " (yet)"));
        return reconcile(cdr);
    }

    /** Re-prices a CDR with its tariff and compares with what the CPO charged. */
    public Reconciliation reconcile(StoredCdr cdr) {
        String sessionId = cdr.sessionId();
        var notes = new ArrayList<String>();
        List<ChargingPeriod> periods = periods(cdr.chargingPeriods());
        Tariff tariff = tariffFor(cdr, periods, notes);
        String timeZone = cdr.cdrLocation() == null ? null
                : locations.timeZone(cdr.countryCode(), cdr.partyId(), cdr.cdrLocation().id()).orElse(null);
        ZoneId zone = zone(timeZone, notes);
        PriceResult price = TariffEngine.price(new PricingRequest(tariff, zone, cdr.startDateTime(),
                cdr.endDateTime(), periods));
        notes.addAll(price.notes());
        Price reported = cdr.totalCost();
        Price calculated = price.totalCost();
        BigDecimal diffExcl = reported.exclVat().subtract(calculated.exclVat());
        BigDecimal diffIncl = reported.inclVat() == null || calculated.inclVat() == null ? null
                : reported.inclVat().subtract(calculated.inclVat());
        BigDecimal tolerance = properties.reconcileTolerance();
        boolean within = diffExcl.abs().compareTo(tolerance) <= 0
                && (diffIncl == null || diffIncl.abs().compareTo(tolerance) <= 0);
        if (reported.inclVat() == null) {
            notes.add("The CPO reported no total_cost.incl_vat: only excl. VAT was compared");
        }
        BigDecimal minutes = cdr.totalTime() == null ? null
                : cdr.totalTime().multiply(BigDecimal.valueOf(60)).setScale(2, RoundingMode.HALF_UP);
        return new Reconciliation(sessionId, cdr.id(), reported, calculated, cdr.currency(),
                new Price(diffExcl, diffIncl), cdr.totalEnergy(), minutes, within, tolerance, tariff.id(),
                price.breakdown(), notes);
    }

    /**
     * The tariff that priced a CDR: the one its charging periods name among the tariffs the CDR
     * carries, else the only one it carries, else the one we hold under that id.
     */
    private Tariff tariffFor(StoredCdr cdr, List<ChargingPeriod> periods, List<String> notes) {
        String named = periods.stream().map(ChargingPeriod::tariffId).filter(id -> id != null).findFirst()
                .orElse(null);
        List<Tariff> embedded = cdr.tariffs() == null || cdr.tariffs().isNull() ? List.of()
                : mapper.convertValue(cdr.tariffs(), mapper.getTypeFactory()
                        .constructCollectionType(List.class, Tariff.class));
        for (Tariff t : embedded) {
            if (named == null || t.id().equalsIgnoreCase(named)) {
                return t;
            }
        }
        if (named != null) {
            var held = tariffs.current(cdr.countryCode(), cdr.partyId(), List.of(named));
            if (!held.isEmpty()) {
                notes.add("The CDR does not carry tariff " + named + ": priced with the copy we hold");
                return held.get(0);
            }
        }
        throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "no_tariff",
                "The CDR of session " + cdr.sessionId() + " names no tariff we can price with");
    }

    private List<ChargingPeriod> periods(JsonNode json) {
        if (json == null || !json.isArray() || json.isEmpty()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "invalid_cdr", "The CDR has no charging_periods");
        }
        JavaType type = mapper.getTypeFactory().constructCollectionType(List.class, ChargingPeriod.class);
        return mapper.convertValue(json, type);
    }

    private static ZoneId zone(String timeZone, List<String> notes) {
        if (timeZone == null) {
            notes.add("Location time zone unknown: restrictions evaluated in UTC");
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(timeZone);
        } catch (java.time.DateTimeException e) {
            notes.add("Location time zone '" + timeZone + "' is not a valid IANA zone: restrictions evaluated in UTC");
            return ZoneOffset.UTC;
        }
    }
}
