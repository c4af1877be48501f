package com.rollyy.cposim.tariffs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.rollyy.cposim.ocpi.Timestamps;

/**
 * A charging period as the simulator reports it: energy and charging time, at a constant power
 * that is reported as both MIN_POWER and MAX_POWER. Power restrictions of a tariff are then
 * judged on a reported value, not on period lengths that the session's end could stretch.
 *
 * @param start    start_date_time (milliseconds)
 * @param kwh      ENERGY, kWh (4 decimals)
 * @param hours    TIME, hours (4 decimals)
 * @param powerKw  MIN_POWER = MAX_POWER, kW (4 decimals)
 * @param tariffId the tariff that priced it, or null when the connector has none
 */
public record ChargingPeriod(Instant start, BigDecimal kwh, BigDecimal hours, BigDecimal powerKw, String tariffId) {

    public Map<String, Object> toJson() {
        List<Map<String, Object>> dimensions = new ArrayList<>();
        dimensions.add(dimension("ENERGY", kwh));
        dimensions.add(dimension("TIME", hours));
        dimensions.add(dimension("MIN_POWER", powerKw));
        dimensions.add(dimension("MAX_POWER", powerKw));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("start_date_time", Timestamps.format(start));
        json.put("dimensions", dimensions);
        if (tariffId != null) {
            json.put("tariff_id", tariffId);
        }
        return json;
    }

    private static Map<String, Object> dimension(String type, BigDecimal volume) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type);
        json.put("volume", volume);
        return json;
    }
}
