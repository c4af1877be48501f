package com.rollyy.emsp.tariffs.engine;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The state of the session at the instant a restriction is judged: the start of a charging
 * period, because the CPO must open a new period whenever another price component becomes
 * active (mod_cdrs, "CDR Object", ChargingPeriod paragraph).
 *
 * @param local          the instant on the Location's wall clock
 * @param sessionSeconds time since the session started (min_duration/max_duration)
 * @param energyKwh      energy charged before this instant (min_kwh/max_kwh)
 * @param current        sum of the current over all phases during the period, in A
 * @param power          power during the period, in kW
 */
record Moment(Instant instant, ZonedDateTime local, BigDecimal sessionSeconds, BigDecimal energyKwh,
        Range current, Range power, Phase phase) {

    /** Which kind of tariff elements may price the period (mod_tariffs, "ReservationRestrictionType enum"). */
    enum Phase { CHARGING, RESERVATION, EXPIRED_RESERVATION }

    /**
     * The lowest and highest value seen during the period. A lower bound is checked against its
     * low end and an upper bound against its high end, so an element only matches when it held
     * for the whole period. Either end is null when the period says nothing about it.
     */
    record Range(BigDecimal low, BigDecimal high) {
        static final Range UNKNOWN = new Range(null, null);
    }

    /** The state at the start of {@code period}, after {@code energyBefore} kWh were charged. */
    static Moment startOf(Period period, PricingRequest request, BigDecimal energyBefore, Phase phase) {
        Instant start = period.start();
        BigDecimal sessionSeconds = Units.seconds(Duration.between(request.sessionStart(), start));
        Range current = range(period, CdrDimensionType.MIN_CURRENT, CdrDimensionType.MAX_CURRENT,
                period.volumeOrNull(CdrDimensionType.CURRENT));
        Range power = range(period, CdrDimensionType.MIN_POWER, CdrDimensionType.MAX_POWER, averagePower(period));
        return new Moment(start, start.atZone(request.timeZone()), sessionSeconds, energyBefore, current, power, phase);
    }

    /** A missing extreme is stood in for by the period's average. */
    private static Range range(Period period, CdrDimensionType minType, CdrDimensionType maxType, BigDecimal average) {
        BigDecimal low = period.volumeOrNull(minType);
        BigDecimal high = period.volumeOrNull(maxType);
        return new Range(low != null ? low : average, high != null ? high : average);
    }

    /** POWER when reported, else ENERGY over the period's length: constant power within a period. */
    private static BigDecimal averagePower(Period period) {
        BigDecimal power = period.volumeOrNull(CdrDimensionType.POWER);
        BigDecimal energy = period.volumeOrNull(CdrDimensionType.ENERGY);
        if (power != null || energy == null || period.length().isZero()) {
            return power;
        }
        return energy.divide(Units.hours(period.length()), Units.MATH);
    }

    /** The same period state, judged at a later instant of it. */
    Moment at(Instant other, ZoneId zone) {
        BigDecimal seconds = sessionSeconds.add(Units.seconds(Duration.between(instant, other)));
        return new Moment(other, other.atZone(zone), seconds, energyKwh, current, power, phase);
    }

    /** The same period state, with the session's energy at some point inside the period. */
    Moment withEnergy(BigDecimal kwh) {
        return new Moment(instant, local, sessionSeconds, kwh, current, power, phase);
    }
}
