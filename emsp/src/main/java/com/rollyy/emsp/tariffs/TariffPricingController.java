package com.rollyy.emsp.tariffs;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.ocpi.OcpiJson;
import com.rollyy.emsp.tariffs.engine.EstimateRequest;

/** Product API (X-API-Key): what charging will cost, and whether a CPO's CDR priced it right. */
@RestController
class TariffPricingController {

    private static final int MAX_MINUTES = 7 * 24 * 60;
    private static final int MAX_PROFILE_SEGMENTS = 288;

    private final TariffPricing pricing;

    TariffPricingController(TariffPricing pricing) {
        this.pricing = pricing;
    }

    @GetMapping("/ocpi/2.2.1/tariffs/estimate")
    TariffPricing.EstimateAnswer estimate(@RequestParam(name = "asset_id", required = false) String assetId,
                                          @RequestParam(name = "connector_id", required = false) String connectorId,
                                          @RequestParam(required = false) String kwh,
                                          @RequestParam(name = "duration_minutes", required = false) String minutes,
                                          @RequestParam(name = "start_time", required = false) String startTime,
                                          @RequestParam(defaultValue = "contract") String payment,
                                          @RequestParam(name = "parking_minutes", required = false) String parking,
                                          @RequestParam(name = "reservation_minutes", required = false) String reservation,
                                          @RequestParam(name = "max_power_kw", required = false) String maxPower,
                                          @RequestParam(name = "max_current_a", required = false) String maxCurrent,
                                          @RequestParam(name = "profile_type", required = false) String profileType,
                                          @RequestParam(name = "energy_profile", required = false) String profile) {
        if (assetId == null || assetId.isBlank()) {
            throw ApiException.badRequest("Parameter 'asset_id' is required (a charging asset id from /v1/charging-assets)");
        }
        UUID asset;
        try {
            asset = UUID.fromString(assetId.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Parameter 'asset_id' must be a UUID");
        }
        BigDecimal energy = given(kwh) ? number("kwh", kwh) : null;
        if (energy != null && (energy.signum() < 0 || energy.compareTo(BigDecimal.valueOf(1000)) > 0)) {
            throw ApiException.badRequest("Parameter 'kwh' must be between 0 and 1000");
        }
        Long duration = given(minutes) ? wholeMinutes("duration_minutes", minutes, 1) : null;
        Instant start = null;
        if (given(startTime)) {
            try {
                start = OcpiJson.parse(startTime);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("Parameter 'start_time' must be an RFC 3339 DateTime");
            }
        }
        boolean adHoc = switch (payment) {
            case "contract" -> false;
            case "ad_hoc" -> true;
            default -> throw ApiException.badRequest("Parameter 'payment' must be 'contract' or 'ad_hoc'");
        };
        Long parkingMinutes = given(parking) ? wholeMinutes("parking_minutes", parking, 0) : null;
        Long reservationMinutes = given(reservation) ? wholeMinutes("reservation_minutes", reservation, 0) : null;
        BigDecimal power = given(maxPower) ? positive("max_power_kw", maxPower, 1000) : null;
        BigDecimal current = given(maxCurrent) ? positive("max_current_a", maxCurrent, 5000) : null;
        String profileKind = null;
        if (given(profileType)) {
            profileKind = profileType.strip().toUpperCase(Locale.ROOT);
            if (!List.of("CHEAP", "FAST", "GREEN", "REGULAR").contains(profileKind)) {
                throw ApiException.badRequest("Parameter 'profile_type' must be CHEAP, FAST, GREEN or REGULAR"
                        + " (OCPI ChargingPreferences profile_type)");
            }
        }
        List<EstimateRequest.Segment> segments = given(profile) ? energyProfile(profile) : List.of();
        if (!segments.isEmpty() && (energy != null || duration != null)) {
            throw ApiException.badRequest("Parameter 'energy_profile' replaces 'kwh' and 'duration_minutes': give one"
                    + " or the other");
        }
        return pricing.estimate(new TariffPricing.EstimateQuery(asset, connectorId, energy, duration, start, adHoc,
                parkingMinutes, reservationMinutes, power, current, profileKind, segments));
    }

    @GetMapping("/ocpi/2.2.1/tariffs/reconcile/{sessionId}")
    TariffPricing.Reconciliation reconcile(@PathVariable String sessionId,
                                           @RequestParam(name = "connection_id", required = false) String connectionId,
                                           @RequestParam(name = "country_code", required = false) String countryCode,
                                           @RequestParam(name = "party_id", required = false) String partyId) {
        return pricing.reconcileSession(sessionId.strip(), narrowing(connectionId, countryCode, partyId));
    }

    @GetMapping("/ocpi/2.2.1/tariffs/reconcile")
    TariffPricing.Reconciliation reconcileBy(@RequestParam(name = "cdr_id", required = false) String cdrId,
                                             @RequestParam(name = "session_id", required = false) String sessionId,
                                             @RequestParam(name = "connection_id", required = false) String connectionId,
                                             @RequestParam(name = "country_code", required = false) String countryCode,
                                             @RequestParam(name = "party_id", required = false) String partyId) {
        var narrowing = narrowing(connectionId, countryCode, partyId);
        if (given(cdrId) == given(sessionId)) {
            throw ApiException.badRequest("Give exactly one of the parameters 'cdr_id' and 'session_id'");
        }
        return given(cdrId) ? pricing.reconcileCdr(cdrId.strip(), narrowing)
                : pricing.reconcileSession(sessionId.strip(), narrowing);
    }

    /** The product error shape, plus the CPOs an ambiguous id could mean. */
    record AmbiguousError(String error, String message, List<CdrLookup.Candidate> candidates) {
    }

    @ExceptionHandler(CdrLookup.Ambiguous.class)
    ResponseEntity<AmbiguousError> ambiguous(CdrLookup.Ambiguous e) {
        return ResponseEntity.status(e.status()).body(new AmbiguousError(e.code(), e.getMessage(), e.candidates()));
    }

    private static CdrLookup.Narrowing narrowing(String connectionId, String countryCode, String partyId) {
        UUID connection = null;
        if (given(connectionId)) {
            try {
                connection = UUID.fromString(connectionId.strip());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("Parameter 'connection_id' must be a UUID (a connection id from"
                        + " /ocpi/connections)");
            }
        }
        return new CdrLookup.Narrowing(connection, given(countryCode) ? countryCode.strip() : null,
                given(partyId) ? partyId.strip() : null);
    }

    /** {@code minutes:kwh} pairs separated by commas, e.g. {@code 30:10,30:4} (10 kWh, then 4 kWh). */
    private static List<EstimateRequest.Segment> energyProfile(String text) {
        String[] pairs = text.split(",");
        if (pairs.length > MAX_PROFILE_SEGMENTS) {
            throw ApiException.badRequest("Parameter 'energy_profile' has more than " + MAX_PROFILE_SEGMENTS
                    + " segments");
        }
        var segments = new ArrayList<EstimateRequest.Segment>();
        long total = 0;
        for (String pair : pairs) {
            String[] parts = pair.strip().split(":");
            if (parts.length != 2) {
                throw ApiException.badRequest("Parameter 'energy_profile' must be minutes:kwh pairs separated by"
                        + " commas, e.g. 30:10,30:4; '" + pair.strip() + "' is not one");
            }
            long minutes = wholeMinutes("energy_profile", parts[0], 1);
            BigDecimal kwh = number("energy_profile", parts[1]);
            if (kwh.signum() < 0 || kwh.compareTo(BigDecimal.valueOf(1000)) > 0) {
                throw ApiException.badRequest("Parameter 'energy_profile': kWh must be between 0 and 1000, not "
                        + parts[1].strip());
            }
            total += minutes;
            segments.add(new EstimateRequest.Segment(Duration.ofMinutes(minutes), kwh));
        }
        if (total > MAX_MINUTES) {
            throw ApiException.badRequest("Parameter 'energy_profile' lasts more than " + MAX_MINUTES + " minutes");
        }
        return segments;
    }

    private static long wholeMinutes(String name, String text, int min) {
        BigDecimal value = number(name, text);
        if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(MAX_MINUTES)) > 0
                || value.stripTrailingZeros().scale() > 0) {
            throw ApiException.badRequest("Parameter '" + name + "' must be a whole number of minutes from " + min
                    + " to " + MAX_MINUTES);
        }
        return value.longValueExact();
    }

    private static BigDecimal positive(String name, String text, int max) {
        BigDecimal value = number(name, text);
        if (value.signum() <= 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw ApiException.badRequest("Parameter '" + name + "' must be above 0 and at most " + max);
        }
        return value;
    }

    private static boolean given(String value) {
        return value != null && !value.isBlank();
    }

    private static BigDecimal number(String name, String value) {
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Parameter '" + name + "' must be a number");
        }
    }
}
