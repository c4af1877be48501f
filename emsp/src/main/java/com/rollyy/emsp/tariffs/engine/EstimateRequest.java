package com.rollyy.emsp.tariffs.engine;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

import com.rollyy.emsp.tariffs.Tariff;

/**
 * What a planner knows before a session: when charging starts, how much energy and how long
 * (either, both, or an energy profile instead), the power it can draw, the current, and the time
 * reserved before and parked after. See docs/tariffs.md, "The estimate".
 *
 * @param start       when charging starts; a reservation ends here, parking begins where charging ends
 * @param kwh         energy to charge, null when unknown (or given by {@code profile})
 * @param duration    charging time, null when unknown (or given by {@code profile})
 * @param maxPowerKw  the power the robot can draw, kW; the estimate's constant power when only one of
 *                    kwh/duration is known, an upper bound otherwise; null: the default of 11 kW
 * @param currentA    the charging current, summed over all phases as tariff restrictions count it;
 *                    null: current restrictions cannot be checked
 * @param parking     connected but not charging after charging ends, null or zero for none
 * @param reservation reserved before charging starts, null or zero for none
 * @param profile     consecutive charging segments from {@code start}, each at constant power; replaces
 *                    kwh and duration; empty for none
 */
public record EstimateRequest(Tariff tariff, ZoneId timeZone, Instant start, BigDecimal kwh, Duration duration,
        BigDecimal maxPowerKw, BigDecimal currentA, Duration parking, Duration reservation, List<Segment> profile) {

    /** A stretch of charging at constant power: {@code kwh} in {@code duration}. */
    public record Segment(Duration duration, BigDecimal kwh) {
        public Segment {
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(kwh, "kwh");
        }
    }

    public EstimateRequest {
        Objects.requireNonNull(tariff, "tariff");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(start, "start");
        profile = profile == null ? List.of() : List.copyOf(profile);
    }

    /** Charging only: the estimate of the first version of this API. */
    public static EstimateRequest of(Tariff tariff, ZoneId timeZone, Instant start, BigDecimal kwh, Duration duration) {
        return new EstimateRequest(tariff, timeZone, start, kwh, duration, null, null, null, null, List.of());
    }
}
