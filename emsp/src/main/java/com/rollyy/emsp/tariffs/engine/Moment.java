package com.rollyy.emsp.tariffs.engine;

import java.math.BigDecimal;
import java.time.Instant;
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

    Moment at(Instant other, java.time.ZoneId zone) {
        BigDecimal seconds = sessionSeconds.add(Units.seconds(java.time.Duration.between(instant, other)));
        return new Moment(other, other.atZone(zone), seconds, energyKwh, current, power, phase);
    }

    Moment withEnergy(BigDecimal kwh) {
        return new Moment(instant, local, sessionSeconds, kwh, current, power, phase);
    }
}
