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
import java.util.Locale;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.cdrs.StoredCdr;
import com.rollyy.emsp.locations.ChargingAsset;
import com.rollyy.emsp.locations.Connector;
import com.rollyy.emsp.locations.LocationQueries;
import com.rollyy.emsp.ocpi.types.Price;
import com.rollyy.emsp.tariffs.engine.ChargingPeriod;
import com.rollyy.emsp.tariffs.engine.CostPart;
import com.rollyy.emsp.tariffs.engine.EstimateRequest;
import com.rollyy.emsp.tariffs.engine.PriceLine;
import com.rollyy.emsp.tariffs.engine.PriceResult;
import com.rollyy.emsp.tariffs.engine.PricingIssue;
import com.rollyy.emsp.tariffs.engine.PricingRequest;
import com.rollyy.emsp.tariffs.engine.TariffEngine;
import com.rollyy.emsp.tariffs.engine.TariffSelection;

/** Prices before charging (estimate) and after (reconciliation against the CPO's CDR). */
@Service
public class TariffPricing {

    private static final Duration DEFAULT_DURATION = Duration.ofMinutes(60);
    /** Line-to-neutral voltage of European AC mains: power from a current summed over the phases. */
    private static final BigDecimal AC_VOLTS = BigDecimal.valueOf(230);

    /** Findings of a reconciliation beyond the engine's {@link PricingIssue}s. */
    enum ReconcileIssue {
        /** The Location's time zone is unknown or invalid and the tariff has clock restrictions: judged in UTC. */
        TIME_ZONE_UNKNOWN,
        /** The CDR named no tariff; the connector's tariff_ids were taken as we hold them now. */
        CONNECTOR_TARIFFS_AS_HELD_NOW,
        /** total_cost differs from ours by more than the tolerance. */
        TOTAL_DISCREPANCY,
        /** A cost the CDR reports per dimension differs from ours by more than the tolerance. */
        DIMENSION_DISCREPANCY,
        /**
         * The tariff came from an OCPI 2.1.1 CPO: its prices are excl. VAT and 2.1.1 states no VAT
         * rate, so incl. VAT is shown equal to excl. VAT without being known (estimates only).
         */
        VAT_UNKNOWN;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final LocationQueries locations;
    private final TariffRepository tariffs;
    private final CdrLookup lookup;
    private final CdrTariff cdrTariff;
    private final ObjectMapper mapper;
    private final TariffProperties properties;

    TariffPricing(LocationQueries locations, TariffRepository tariffs, CdrLookup lookup, CdrTariff cdrTariff,
                  ObjectMapper mapper, TariffProperties properties) {
        this.locations = locations;
        this.tariffs = tariffs;
        this.lookup = lookup;
        this.cdrTariff = cdrTariff;
        this.mapper = mapper;
        this.properties = properties;
    }

    /** What a planner asks an estimate for; null means "not given" throughout. */
    public record EstimateQuery(UUID assetId, String connectorId, BigDecimal kwh, Long durationMinutes,
                                Instant startTime, boolean adHoc, Long parkingMinutes, Long reservationMinutes,
                                BigDecimal maxPowerKw, BigDecimal maxCurrentA, String profileType,
                                List<EstimateRequest.Segment> energyProfile) {

        public static EstimateQuery of(UUID assetId, String connectorId, BigDecimal kwh, Long durationMinutes,
                                       Instant startTime, boolean adHoc) {
            return new EstimateQuery(assetId, connectorId, kwh, durationMinutes, startTime, adHoc, null, null, null,
                    null, null, List.of());
        }
    }

    public record EstimateAnswer(UUID assetId, String tariffId, Tariff.TariffType tariffType, String currency,
                                 List<Tariff.TariffElement> elements, Instant startTime,
                                 BigDecimal kwh,
                                 Long durationMinutes, Estimate estimate, List<String> notes,
                                 Long parkingMinutes, Long reservationMinutes,
                                 BigDecimal maxPowerKw,
                                 BigDecimal maxCurrentA,
                                 String profileType, List<String> issues) {
    }

    /**
     * {@code estimatedCost}/{@code estimatedCostInclVat} are {@code totalCost} in the flat form
     * the first version of this API answered; {@code costs} add up to the total.
     */
    public record Estimate(BigDecimal estimatedCost,
                           BigDecimal estimatedCostInclVat,
                           String currency, List<BreakdownLine> breakdown,
                           BigDecimal totalEnergy,
                           BigDecimal totalTime,
                           BigDecimal totalParkingTime,
                           Amount totalCost, Amount totalCostExact, List<EstimatedCost> costs) {
    }

    /** One part of an estimate: rounded to the currency and exact. */
    public record EstimatedCost(String dimension, String cdrField, Amount estimatedCost, Amount estimatedCostExact) {
    }

    /**
     * One line of the engine's breakdown (see {@link PriceLine}): volumes in kWh/hours, exact
     * amounts; {@code amount} is the same money as {@code amount_excl_vat}/{@code amount_incl_vat}.
     */
    public record BreakdownLine(String dimension, boolean reservation, int elementIndex,
                                BigDecimal volume,
                                BigDecimal billedVolume,
                                int stepSize,
                                BigDecimal unitPrice,
                                BigDecimal vat,
                                BigDecimal amountExclVat,
                                BigDecimal amountInclVat,
                                Amount amount) {

        static BreakdownLine of(PriceLine line) {
            Amount exact = Amount.exact(new Price(line.amountExclVat(), line.amountInclVat()));
            return new BreakdownLine(line.dimension().name(), line.reservation(), line.elementIndex(),
                    Amount.exact(line.volume()), Amount.exact(line.billedVolume()), line.stepSize(),
                    Amount.exact(line.unitPrice()), Amount.exact(line.vat()), exact.exclVat(), exact.inclVat(), exact);
        }
    }

    /**
     * One cost of the CDR against ours. {@code cpoReportedCost} and {@code discrepancy} (CPO's
     * minus ours) only where the CDR reports this cost; the two balancing rows (price_limit,
     * rounding) are ours only.
     */
    public record ComparedCost(String dimension, String cdrField, Amount calculatedCost, Amount calculatedCostExact,
                               Amount cpoReportedCost, Amount discrepancy, Boolean withinTolerance) {
    }

    /**
     * The first fields are those of the first version of this API; {@code sessionId} is our
     * session id when the CDR belongs to one of our robot sessions, else the CPO's.
     */
    public record Reconciliation(String sessionId, String cdrId, Price cpoReportedCost, Price calculatedCost,
                                 String currency, Price discrepancy,
                                 BigDecimal energyKwh,
                                 BigDecimal durationMinutes,
                                 boolean withinTolerance,
                                 BigDecimal tolerance,
                                 String tariffId, List<BreakdownLine> breakdown, List<String> notes,
                                 String ocpiSessionId, UUID connectionId, String countryCode, String partyId,
                                 String tariffSource, Amount calculatedCostExact, List<ComparedCost> costs,
                                 List<String> issues) {
    }

    /** The first version's signature, kept for the session view's live estimate. */
    public EstimateAnswer estimate(UUID assetId, String connectorId, BigDecimal kwh, Long durationMinutes,
                                   Instant startTime, boolean adHoc) {
        return estimate(EstimateQuery.of(assetId, connectorId, kwh, durationMinutes, startTime, adHoc));
    }

    /**
     * Which tariff an asset will charge us: the tariff_ids of the chosen connector (all
     * connectors when none is named), narrowed by {@link TariffSelection} to the PROFILE_* tariff
     * of the charging preference when there is one, else the REGULAR tariff (Rollyy charges under
     * a contract), or AD_HOC_PAYMENT when asked for.
     */
    public EstimateAnswer estimate(EstimateQuery query) {
        UUID assetId = query.assetId();
        String connectorId = query.connectorId();
        ChargingAsset asset = locations.asset(assetId)
                .orElseThrow(() -> ApiException.notFound("No charging asset " + assetId));
        if (connectorId != null && asset.connectors().stream().noneMatch(c -> c.id().equalsIgnoreCase(connectorId))) {
            throw ApiException.notFound("Charging asset " + assetId + " has no connector " + connectorId);
        }
        var connectors = asset.connectors().stream()
                .filter(c -> connectorId == null || c.id().equalsIgnoreCase(connectorId)).toList();
        var tariffIds = new LinkedHashSet<String>();
        connectors.forEach(c -> tariffIds.addAll(c.tariffIds()));
        List<Tariff> candidates = tariffs.current(asset.location().countryCode(), asset.location().partyId(),
                List.copyOf(tariffIds));
        Instant start = query.startTime() == null ? Instant.now() : query.startTime();
        Tariff tariff = TariffSelection.choose(candidates, query.adHoc(), query.profileType(), start)
                .orElseThrow(() -> noTariff(assetId, List.copyOf(tariffIds), candidates, query, start));
        var notes = new ArrayList<String>();
        var issues = new ArrayList<String>();
        if (query.profileType() != null && TariffSelection.profileType(query.profileType()) != null
                && tariff.type() != TariffSelection.profileType(query.profileType())) {
            notes.add("No " + TariffSelection.profileType(query.profileType()) + " tariff valid at start_time among "
                    + tariffIds + ": priced with " + tariff.id() + ", the tariff without charging preferences");
        }
        Zone zone = zone(asset.location().timeZone(), notes);
        if (zone.assumed() && clockDependent(tariff)) {
            issues.add(ReconcileIssue.TIME_ZONE_UNKNOWN.code());
        }
        return priced(assetId, tariff, zone, start, query, notes, issues,
                () -> maxPower(query, tariff, connectors, notes));
    }

    /**
     * The estimate with one tariff we hold, named by its key, for no particular asset (the
     * console's calculator): restrictions on the clock are judged in UTC, the power is
     * {@code max_power_kw} as given. Everything else as {@link #estimate(EstimateQuery)}.
     */
    public EstimateAnswer estimate(String countryCode, String partyId, String tariffId, EstimateQuery query) {
        Tariff tariff = tariffs.find(new com.rollyy.emsp.ocpi.ObjectKey(com.rollyy.emsp.ocpi.CiString.key(countryCode),
                        com.rollyy.emsp.ocpi.CiString.key(partyId), com.rollyy.emsp.ocpi.CiString.key(tariffId)))
                .filter(stored -> !stored.deleted()).map(TariffRepository.Stored::tariff)
                .orElseThrow(() -> ApiException.notFound("No tariff " + countryCode + "/" + partyId + "/" + tariffId));
        var notes = new ArrayList<String>();
        var issues = new ArrayList<String>();
        notes.add("No charging asset given: restrictions evaluated in UTC");
        if (clockDependent(tariff)) {
            issues.add(ReconcileIssue.TIME_ZONE_UNKNOWN.code());
        }
        Instant start = query.startTime() == null ? Instant.now() : query.startTime();
        return priced(null, tariff, new Zone(ZoneOffset.UTC, true), start, query, notes, issues, query::maxPowerKw);
    }

    private EstimateAnswer priced(UUID assetId, Tariff tariff, Zone zone, Instant start, EstimateQuery query,
                                  List<String> notes, List<String> issues,
                                  java.util.function.Supplier<BigDecimal> power) {
        if (query.startTime() == null) {
            notes.add("start_time not given: priced as if charging starts now");
        }
        Duration duration = query.durationMinutes() == null ? null : Duration.ofMinutes(query.durationMinutes());
        BigDecimal kwh = query.kwh();
        boolean profile = query.energyProfile() != null && !query.energyProfile().isEmpty();
        if (!profile && kwh == null && duration == null) {
            duration = DEFAULT_DURATION;
            notes.add("Neither kwh nor duration_minutes given: estimated for a " + DEFAULT_DURATION.toMinutes()
                    + "-minute session");
        }
        if (!profile && kwh != null && kwh.signum() == 0 && duration == null) {
            throw ApiException.badRequest("kwh=0 needs duration_minutes: a session without energy has no length");
        }
        BigDecimal maxPower = power.get();
        PriceResult price;
        try {
            price = TariffEngine.estimate(new EstimateRequest(tariff, zone.id(), start, kwh, duration, maxPower,
                    query.maxCurrentA(), minutes(query.parkingMinutes()), minutes(query.reservationMinutes()),
                    query.energyProfile()));
        } catch (IllegalArgumentException contradiction) {
            throw ApiException.badRequest("The quantities do not fit together (kwh, duration_minutes, energy_profile,"
                    + " max_power_kw, max_current_a): " + contradiction.getMessage());
        }
        notes.addAll(price.notes());
        issues.addAll(0, price.issues().stream().map(PricingIssue::code).toList());
        vatOfOcpi211(tariff, notes, issues);
        String currency = price.currency();
        Amount total = Amount.atScale(price.totalCost(), currency);
        var costs = price.costs().stream().map(part -> new EstimatedCost(part.kind().code(), part.kind().cdrField(),
                Amount.atScale(part.rounded(), currency), Amount.exact(part.exact()))).toList();
        return new EstimateAnswer(assetId, tariff.id(), tariff.type(), tariff.currency(), tariff.elements(), start,
                kwh, query.durationMinutes(),
                new Estimate(total.exclVat(), total.inclVat(), currency,
                        price.breakdown().stream().map(BreakdownLine::of).toList(), Amount.exact(price.totalEnergy()),
                        Amount.exact(price.totalTime()), Amount.exact(price.totalParkingTime()), total,
                        Amount.exact(price.exactTotalCost()), costs),
                notes, query.parkingMinutes(), query.reservationMinutes(), maxPower, query.maxCurrentA(),
                query.profileType(), issues);
    }

    /**
     * OCPI 2.1.1 has no VAT in a tariff: "price per unit (excluding VAT)" and no rate (2.1.1
     * mod_tariffs.md §4.2). Its components carry no {@code vat}, which in 2.2.1 would mean "no VAT
     * applicable"; for a tariff of a 2.1.1 connection it means "not stated". The amounts stay as
     * the engine computes them (incl. VAT = excl. VAT), the engine's "no VAT applicable" notes are
     * replaced by one saying so, and {@code vat_unknown} is raised.
     */
    private void vatOfOcpi211(Tariff tariff, List<String> notes, List<String> issues) {
        boolean anyVat = tariff.elements().stream().flatMap(e -> e.priceComponents().stream())
                .anyMatch(c -> c.vat() != null);
        if (anyVat || !"2.1.1".equals(tariffs.sourceVersion(tariff))) {
            return;
        }
        notes.removeIf(note -> note.endsWith("has no vat: no VAT applicable, incl. VAT = excl. VAT"));
        notes.add("OCPI 2.1.1 tariff: prices are excl. VAT and the CPO states no VAT rate (2.1.1 has none):"
                + " incl. VAT is shown equal to excl. VAT, VAT not included");
        issues.add(ReconcileIssue.VAT_UNKNOWN.code());
    }

    /**
     * The power the robot can draw: max_power_kw, else max_current_a at 230 V on an AC connector;
     * never more than the connector delivers.
     */
    private static BigDecimal maxPower(EstimateQuery query, Tariff tariff, List<ChargingAsset.ConnectorView> connectors,
                                       List<String> notes) {
        var offering = connectors.stream()
                .filter(c -> c.tariffIds().stream().anyMatch(id -> id.equalsIgnoreCase(tariff.id()))).toList();
        BigDecimal power = query.maxPowerKw();
        if (power == null && query.maxCurrentA() != null) {
            boolean ac = !offering.isEmpty() && offering.stream().allMatch(c -> c.powerType() != Connector.PowerType.DC);
            if (ac) {
                power = AC_VOLTS.multiply(query.maxCurrentA()).movePointLeft(3).stripTrailingZeros();
                notes.add("max_power_kw derived from max_current_a: " + query.maxCurrentA().toPlainString()
                        + " A (all phases) × 230 V = " + power.toPlainString() + " kW");
            } else {
                notes.add("max_current_a only judges current restrictions: the power of a DC connector cannot be"
                        + " derived from it");
            }
        }
        double connectorMax = offering.stream().mapToDouble(ChargingAsset.ConnectorView::maxPowerKw).max().orElse(0);
        if (power != null && connectorMax > 0 && power.compareTo(BigDecimal.valueOf(connectorMax)) > 0) {
            BigDecimal capped = BigDecimal.valueOf(connectorMax).stripTrailingZeros();
            notes.add("max power " + power.toPlainString() + " kW lowered to the connector's " + capped.toPlainString()
                    + " kW");
            power = capped;
        }
        return power;
    }

    private static Duration minutes(Long minutes) {
        return minutes == null ? null : Duration.ofMinutes(minutes);
    }

    /** Says why no tariff applies: not held, held but of other types, or not valid at the start. */
    private static ApiException noTariff(UUID assetId, List<String> tariffIds, List<Tariff> held, EstimateQuery query,
                                         Instant start) {
        String why;
        if (tariffIds.isEmpty()) {
            why = "its connectors list no tariff_ids";
        } else if (held.isEmpty()) {
            why = "tariff_ids " + tariffIds + " are not among the tariffs we hold";
        } else {
            List<Tariff> valid = held.stream().filter(t -> TariffSelection.validAt(t, start)).toList();
            String wanted = (query.profileType() == null || TariffSelection.profileType(query.profileType()) == null
                    ? "" : TariffSelection.profileType(query.profileType()) + ", ")
                    + (query.adHoc() ? "AD_HOC_PAYMENT" : "REGULAR") + " or untyped";
            why = valid.isEmpty() ? "of its tariffs we hold " + CdrTariff.describe(held) + ", none is valid at "
                    + start : "we hold " + CdrTariff.describe(held) + " for it, none of them " + wanted
                    + (query.profileType() == null && valid.stream().anyMatch(t -> t.type() != null
                    && t.type().name().startsWith("PROFILE_"))
                    ? " (PROFILE_* tariffs apply with a charging preference: add profile_type)" : "")
                    + (!query.adHoc() && valid.stream().anyMatch(t -> t.type() == Tariff.TariffType.AD_HOC_PAYMENT)
                    ? " (for the AD_HOC_PAYMENT tariff add payment=ad_hoc)" : "");
        }
        return new ApiException(HttpStatus.NOT_FOUND, "no_tariff", "Charging asset " + assetId
                + " has no tariff for this session: " + why);
    }

    /** By our session id (what START_SESSION returned) or the CPO's; see {@link CdrLookup}. */
    public Reconciliation reconcile(String sessionId) {
        return reconcileSession(sessionId, CdrLookup.Narrowing.NONE);
    }

    Reconciliation reconcileSession(String sessionId, CdrLookup.Narrowing narrowing) {
        return reconcile(lookup.bySessionId(sessionId, narrowing));
    }

    Reconciliation reconcileCdr(String cdrId, CdrLookup.Narrowing narrowing) {
        return reconcile(lookup.byCdrId(cdrId, narrowing));
    }

    /** Re-prices a CDR with its tariff and compares with what the CPO charged. */
    public Reconciliation reconcile(StoredCdr cdr) {
        return reconcile(new CdrLookup.Target(cdr, null, lookup.ourSessionOf(cdr).orElse(null)));
    }

    /**
     * As {@link #reconcile(StoredCdr)} for a CDR whose robot session the caller knows (it has just
     * linked it): {@code ourSessionId} is our session id the CDR is linked to, null when none.
     */
    public Reconciliation reconcile(StoredCdr cdr, String ourSessionId) {
        return reconcile(new CdrLookup.Target(cdr, null, ourSessionId));
    }

    private Reconciliation reconcile(CdrLookup.Target target) {
        StoredCdr cdr = target.cdr();
        var notes = new ArrayList<String>();
        var issues = new ArrayList<String>();
        List<ChargingPeriod> periods = periods(cdr.chargingPeriods());
        CdrTariff.Choice choice = cdrTariff.of(cdr, periods, notes);
        Tariff tariff = choice.tariff();
        String timeZone = cdr.cdrLocation() == null ? null
                : locations.timeZone(cdr.countryCode(), cdr.partyId(), cdr.cdrLocation().id()).orElse(null);
        Zone zone = zone(timeZone, notes);
        PriceResult price = TariffEngine.price(new PricingRequest(tariff, zone.id(), cdr.startDateTime(),
                cdr.endDateTime(), periods));
        notes.addAll(price.notes());
        price.issues().forEach(issue -> issues.add(issue.code()));
        if (zone.assumed() && clockDependent(tariff)) {
            issues.add(ReconcileIssue.TIME_ZONE_UNKNOWN.code());
        }
        if (choice.source() == CdrTariff.Source.CONNECTOR) {
            issues.add(ReconcileIssue.CONNECTOR_TARIFFS_AS_HELD_NOW.code());
        }
        String currency = cdr.currency();
        BigDecimal tolerance = properties.reconcileTolerance();
        Price reported = Amount.atScale(cdr.totalCost(), currency).price();
        Price calculated = Amount.atScale(price.totalCost(), currency).price();
        Amount difference = difference(reported, calculated);
        if (!within(difference, tolerance)) {
            issues.add(ReconcileIssue.TOTAL_DISCREPANCY.code());
        }
        if (reported.inclVat() == null) {
            notes.add("The CPO reported no total_cost.incl_vat: only excl. VAT was compared");
        }
        List<ComparedCost> costs = new ArrayList<>();
        boolean partsDiffer = false;
        for (CostPart part : price.costs()) {
            Price cpo = part.kind().cdrField() == null ? null : reportedPart(cdr, part.kind());
            Amount ours = Amount.atScale(part.rounded(), currency);
            Amount diff = cpo == null ? null : difference(Amount.atScale(cpo, currency).price(), ours.price());
            Boolean ok = diff == null ? null : within(diff, tolerance);
            partsDiffer |= Boolean.FALSE.equals(ok);
            costs.add(new ComparedCost(part.kind().code(), part.kind().cdrField(), ours, Amount.exact(part.exact()),
                    Amount.atScale(cpo, currency), diff, ok));
        }
        if (partsDiffer) {
            issues.add(ReconcileIssue.DIMENSION_DISCREPANCY.code());
        }
        BigDecimal minutes = cdr.totalTime() == null ? null
                : cdr.totalTime().multiply(BigDecimal.valueOf(60)).setScale(2, RoundingMode.HALF_UP);
        String sessionId = target.ourSessionId() != null ? target.ourSessionId() : cdr.sessionId();
        return new Reconciliation(sessionId, cdr.id(), reported, calculated, currency, difference.price(),
                cdr.totalEnergy(), minutes, issues.isEmpty(), tolerance, tariff.id(),
                price.breakdown().stream().map(BreakdownLine::of).toList(), notes, cdr.sessionId(),
                target.connectionId(), cdr.countryCode(), cdr.partyId(), choice.source().code(),
                Amount.exact(price.exactTotalCost()), costs, issues);
    }

    private static Price reportedPart(StoredCdr cdr, CostPart.Kind kind) {
        return switch (kind) {
            case ENERGY -> cdr.totalEnergyCost();
            case TIME -> cdr.totalTimeCost();
            case PARKING -> cdr.totalParkingCost();
            case FIXED -> cdr.totalFixedCost();
            case RESERVATION -> cdr.totalReservationCost();
            case PRICE_LIMIT, ROUNDING -> null;
        };
    }

    /** CPO's minus ours; incl. VAT only when both sides have it. */
    private static Amount difference(Price reported, Price calculated) {
        return new Amount(reported.exclVat().subtract(calculated.exclVat()),
                reported.inclVat() == null || calculated.inclVat() == null ? null
                        : reported.inclVat().subtract(calculated.inclVat()));
    }

    private static boolean within(Amount difference, BigDecimal tolerance) {
        return difference.exclVat().abs().compareTo(tolerance) <= 0
                && (difference.inclVat() == null || difference.inclVat().abs().compareTo(tolerance) <= 0);
    }

    private List<ChargingPeriod> periods(JsonNode json) {
        if (json == null || !json.isArray() || json.isEmpty()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "invalid_cdr", "The CDR has no charging_periods");
        }
        JavaType type = mapper.getTypeFactory().constructCollectionType(List.class, ChargingPeriod.class);
        return mapper.convertValue(json, type);
    }

    /** Whether any restriction reads the wall clock, so a wrong time zone could change the price. */
    private static boolean clockDependent(Tariff tariff) {
        return tariff.elements() != null && tariff.elements().stream().map(Tariff.TariffElement::restrictions)
                .anyMatch(r -> r != null && (r.startTime() != null || r.endTime() != null || r.startDate() != null
                        || r.endDate() != null || (r.dayOfWeek() != null && !r.dayOfWeek().isEmpty())));
    }

    private record Zone(ZoneId id, boolean assumed) {
    }

    private static Zone zone(String timeZone, List<String> notes) {
        if (timeZone == null) {
            notes.add("Location time zone unknown: restrictions evaluated in UTC");
            return new Zone(ZoneOffset.UTC, true);
        }
        try {
            return new Zone(ZoneId.of(timeZone), false);
        } catch (java.time.DateTimeException e) {
            notes.add("Location time zone '" + timeZone + "' is not a valid IANA zone: restrictions evaluated in UTC");
            return new Zone(ZoneOffset.UTC, true);
        }
    }
}
