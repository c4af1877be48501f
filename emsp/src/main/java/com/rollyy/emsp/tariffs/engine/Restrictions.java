package com.rollyy.emsp.tariffs.engine;

import java.math.BigDecimal;
import java.time.LocalDate;

import com.rollyy.emsp.tariffs.Tariff.DayOfWeek;
import com.rollyy.emsp.tariffs.Tariff.ReservationRestrictionType;
import com.rollyy.emsp.tariffs.Tariff.TariffRestrictions;
import com.rollyy.emsp.tariffs.engine.Moment.Phase;
import com.rollyy.emsp.tariffs.engine.Moment.Range;

/**
 * Judges one TariffRestrictions against a {@link Moment}. All present restrictions must hold
 * (logical AND, mod_tariffs "TariffRestrictions class"). Bounds follow the d2 wording: min_*
 * inclusive, max_* exclusive, end_date exclusive.
 */
final class Restrictions {

    /** UNKNOWN: a current or power bound the period gives no value for; it counts as not holding. */
    enum Outcome { HOLDS, FAILS, UNKNOWN }

    /** Why an UNKNOWN came about, for the operator's note. */
    record Verdict(Outcome outcome, String unknownBecause) {
        static final Verdict HOLDS = new Verdict(Outcome.HOLDS, null);
        static final Verdict FAILS = new Verdict(Outcome.FAILS, null);

        boolean holds() {
            return outcome == Outcome.HOLDS;
        }
    }

    private Restrictions() {
    }

    static Verdict check(TariffRestrictions r, Moment m) {
        if (!reservationMatches(r == null ? null : r.reservation(), m.phase())) {
            return Verdict.FAILS;
        }
        if (r == null) {
            return Verdict.HOLDS;
        }
        boolean fixedPartHolds = timeOfDay(r, m) && dates(r, m) && dayOfWeek(r, m) && energy(r, m) && duration(r, m);
        if (!fixedPartHolds) {
            return Verdict.FAILS;
        }
        return worst(bounds(r.minCurrent(), r.maxCurrent(), m.current(), "current"),
                bounds(r.minPower(), r.maxPower(), m.power(), "power"));
    }

    /**
     * Elements without a reservation restriction price charging only; RESERVATION elements price
     * any reservation, RESERVATION_EXPIRES elements only one that expired without charging.
     */
    private static boolean reservationMatches(ReservationRestrictionType type, Phase phase) {
        if (type == null) {
            return phase == Phase.CHARGING;
        }
        return switch (type) {
            case RESERVATION -> phase != Phase.CHARGING;
            case RESERVATION_EXPIRES -> phase == Phase.EXPIRED_RESERVATION;
        };
    }

    private static boolean timeOfDay(TariffRestrictions r, Moment m) {
        TimeOfDayWindow window = TimeOfDayWindow.parse(r.startTime(), r.endTime());
        return window.isUnrestricted() || window.contains(m.local().toLocalTime());
    }

    private static boolean dates(TariffRestrictions r, Moment m) {
        LocalDate today = m.local().toLocalDate();
        if (r.startDate() != null && today.isBefore(LocalDate.parse(r.startDate()))) {
            return false;
        }
        return r.endDate() == null || today.isBefore(LocalDate.parse(r.endDate()));
    }

    /** Each restriction is judged on its own: a window past midnight is checked on the day it reaches. */
    private static boolean dayOfWeek(TariffRestrictions r, Moment m) {
        if (r.dayOfWeek() == null || r.dayOfWeek().isEmpty()) {
            return true;
        }
        DayOfWeek today = DayOfWeek.valueOf(m.local().getDayOfWeek().name());
        return r.dayOfWeek().contains(today);
    }

    private static boolean energy(TariffRestrictions r, Moment m) {
        return atLeast(m.energyKwh(), r.minKwh()) && below(m.energyKwh(), r.maxKwh());
    }

    private static boolean duration(TariffRestrictions r, Moment m) {
        return atLeast(m.sessionSeconds(), seconds(r.minDuration())) && below(m.sessionSeconds(), seconds(r.maxDuration()));
    }

    private static BigDecimal seconds(Integer value) {
        return value == null ? null : BigDecimal.valueOf(value);
    }

    /**
     * A lower bound is judged on the period's low end, an upper bound on its high end. When that
     * end is missing, the other end can still prove the bound fails; otherwise it is UNKNOWN.
     */
    private static Verdict bounds(BigDecimal min, BigDecimal max, Range range, String what) {
        Verdict lower = bound(min, range.low(), range.high(), true, "min_" + what);
        Verdict upper = bound(max, range.high(), range.low(), false, "max_" + what);
        return worst(lower, upper);
    }

    private static Verdict bound(BigDecimal limit, BigDecimal near, BigDecimal far, boolean lower, String name) {
        if (limit == null) {
            return Verdict.HOLDS;
        }
        BigDecimal value = near != null ? near : far;
        if (value == null) {
            return new Verdict(Outcome.UNKNOWN, name);
        }
        boolean holds = lower ? atLeast(value, limit) : below(value, limit);
        if (!holds) {
            return Verdict.FAILS;
        }
        return near != null ? Verdict.HOLDS : new Verdict(Outcome.UNKNOWN, name);
    }

    /** FAILS beats UNKNOWN beats HOLDS: a bound that surely fails needs no note. */
    private static Verdict worst(Verdict a, Verdict b) {
        if (a.outcome() == Outcome.FAILS || b.outcome() == Outcome.FAILS) {
            return Verdict.FAILS;
        }
        return a.outcome() == Outcome.UNKNOWN ? a : b;
    }

    private static boolean atLeast(BigDecimal value, BigDecimal min) {
        return min == null || value.compareTo(min) >= 0;
    }

    private static boolean below(BigDecimal value, BigDecimal max) {
        return max == null || value.compareTo(max) < 0;
    }
}
