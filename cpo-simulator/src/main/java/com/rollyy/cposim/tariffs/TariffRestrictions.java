package com.rollyy.cposim.tariffs;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.rollyy.cposim.ocpi.Decimals;
import com.rollyy.cposim.ocpi.Json;

/**
 * TariffRestrictions (mod_tariffs, "TariffRestrictions class") judged at one moment of a
 * session, and the instants at which a verdict can change, where the simulator opens a new
 * charging period (mod_cdrs: a new period whenever another price component becomes active).
 *
 * <p>The simulator reports energy, time and power, never current or reservation time: an element
 * restricted on current or on a reservation can therefore never be shown to apply and never matches.
 */
public final class TariffRestrictions {

    /** The state of the session at the start of a period, as the restrictions read it. */
    record Moment(ZonedDateTime local, Duration age, BigDecimal energyBefore, BigDecimal powerKw) {
    }

    private TariffRestrictions() {
    }

    static boolean hold(Map<String, Object> r, Moment moment) {
        if (r.isEmpty()) {
            return true;
        }
        if (r.get("reservation") != null || r.get("min_current") != null || r.get("max_current") != null) {
            return false;
        }
        if ((r.get("start_time") != null || r.get("end_time") != null)
                && !inWindow(moment.local().toLocalTime(), (String) r.get("start_time"), (String) r.get("end_time"))) {
            return false;
        }
        LocalDate date = moment.local().toLocalDate();
        if (r.get("start_date") instanceof String start && date.isBefore(LocalDate.parse(start))) {
            return false;  // start_date inclusive
        }
        if (r.get("end_date") instanceof String end && !date.isBefore(LocalDate.parse(end))) {
            return false;  // end_date exclusive
        }
        // min_* inclusive, max_* exclusive
        if (below(moment.energyBefore(), r.get("min_kwh")) || notBelow(moment.energyBefore(), r.get("max_kwh"))) {
            return false;
        }
        if (below(moment.powerKw(), r.get("min_power")) || notBelow(moment.powerKw(), r.get("max_power"))) {
            return false;
        }
        BigDecimal ageSeconds = BigDecimal.valueOf(moment.age().toMillis(), 3);
        if (below(ageSeconds, r.get("min_duration")) || notBelow(ageSeconds, r.get("max_duration"))) {
            return false;
        }
        List<Object> days = Json.asList(r.get("day_of_week")).orElse(List.of());
        DayOfWeek day = moment.local().getDayOfWeek();
        return days.isEmpty() || days.contains(day.name());
    }

    private static boolean below(BigDecimal value, Object bound) {
        return bound != null && value.compareTo(Decimals.of(bound)) < 0;
    }

    private static boolean notBelow(BigDecimal value, Object bound) {
        return bound != null && value.compareTo(Decimals.of(bound)) >= 0;
    }

    /**
     * start_time inclusive, end_time exclusive; end before start wraps past midnight; 00:00 as
     * the end, or no end, means the end of the day; no start means 00:00; equal sides leave no
     * gap, so they cover the whole day.
     */
    public static boolean inWindow(LocalTime time, String startTime, String endTime) {
        LocalTime start = startTime == null ? LocalTime.MIDNIGHT : LocalTime.parse(startTime);
        LocalTime end = endTime == null ? LocalTime.MIDNIGHT : LocalTime.parse(endTime);
        if (end.equals(LocalTime.MIDNIGHT)) {
            return !time.isBefore(start);
        }
        if (end.equals(start)) {
            return true;
        }
        if (start.isBefore(end)) {
            return !time.isBefore(start) && time.isBefore(end);
        }
        return !time.isBefore(start) || time.isBefore(end);
    }

    /**
     * The instants strictly inside {@code (from, to)} where a restriction of an ENERGY or TIME
     * element can change its verdict, for a stretch of charging at constant power that starts
     * with {@code energyBefore} kWh already charged and adds {@code kwh}.
     */
    public static List<Instant> changePoints(Tariff tariff, ZoneId zone, Instant sessionStart, Instant from, Instant to,
                                      BigDecimal energyBefore, BigDecimal kwh) {
        TreeSet<Instant> points = new TreeSet<>();
        LocalDate firstDay = from.atZone(zone).toLocalDate();
        LocalDate lastDay = to.atZone(zone).toLocalDate();
        long lengthMillis = Duration.between(from, to).toMillis();
        for (Tariff.Element element : tariff.elements()) {
            if (element.component("ENERGY") == null && element.component("TIME") == null) {
                continue;
            }
            Map<String, Object> r = element.restrictions();
            boolean clock = r.get("start_time") != null || r.get("end_time") != null;
            boolean calendar = r.get("start_date") != null || r.get("end_date") != null
                    || !Json.asList(r.get("day_of_week")).orElse(List.of()).isEmpty();
            for (LocalDate day = firstDay; !day.isAfter(lastDay); day = day.plusDays(1)) {
                if (clock || calendar) {
                    points.add(day.atStartOfDay(zone).toInstant());
                }
                if (r.get("start_time") instanceof String start) {
                    points.add(ZonedDateTime.of(day, LocalTime.parse(start), zone).toInstant());
                }
                if (r.get("end_time") instanceof String end) {
                    points.add(ZonedDateTime.of(day, LocalTime.parse(end), zone).toInstant());
                }
            }
            for (String key : List.of("min_duration", "max_duration")) {
                if (r.get(key) != null) {
                    points.add(sessionStart.plusMillis(Decimals.of(r.get(key)).movePointRight(3).longValue()));
                }
            }
            for (String key : List.of("min_kwh", "max_kwh")) {
                BigDecimal threshold = Decimals.of(r.get(key));
                if (threshold != null && kwh.signum() > 0 && threshold.compareTo(energyBefore) > 0
                        && threshold.compareTo(energyBefore.add(kwh)) < 0) {
                    // constant power: the threshold is reached in proportion to the energy
                    long millis = threshold.subtract(energyBefore).multiply(BigDecimal.valueOf(lengthMillis))
                            .divide(kwh, Decimals.MATH).longValue();
                    points.add(from.plusMillis(millis));
                }
            }
        }
        return List.copyOf(points.subSet(from, false, to, false));
    }
}
