package com.rollyy.emsp.tariffs;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.ocpi.OcpiJson;

/** Product API (X-API-Key): what charging will cost, and whether a CPO's CDR priced it right. */
@RestController
class TariffPricingController {

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
                                          @RequestParam(defaultValue = "contract") String payment) {
        if (assetId == null || assetId.isBlank()) {
            throw ApiException.badRequest("Parameter 'asset_id' is required (a charging asset id from /v1/charging-assets)");
        }
        UUID asset;
        try {
            asset = UUID.fromString(assetId.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Parameter 'asset_id' must be a UUID");
        }
        BigDecimal energy = kwh == null || kwh.isBlank() ? null : number("kwh", kwh);
        if (energy != null && (energy.signum() < 0 || energy.compareTo(BigDecimal.valueOf(1000)) > 0)) {
            throw ApiException.badRequest("Parameter 'kwh' must be between 0 and 1000");
        }
        Long duration = null;
        if (minutes != null && !minutes.isBlank()) {
            BigDecimal value = number("duration_minutes", minutes);
            if (value.signum() <= 0 || value.compareTo(BigDecimal.valueOf(7 * 24 * 60)) > 0
                    || value.stripTrailingZeros().scale() > 0) {
                throw ApiException.badRequest("Parameter 'duration_minutes' must be a whole number from 1 to 10080");
            }
            duration = value.longValueExact();
        }
        Instant start = null;
        if (startTime != null && !startTime.isBlank()) {
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
        return pricing.estimate(asset, connectorId, energy, duration, start, adHoc);
    }

    @GetMapping("/ocpi/2.2.1/tariffs/reconcile/{sessionId}")
    TariffPricing.Reconciliation reconcile(@PathVariable String sessionId) {
        return pricing.reconcile(sessionId);
    }

    private static BigDecimal number(String name, String value) {
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Parameter '" + name + "' must be a number");
        }
    }
}
