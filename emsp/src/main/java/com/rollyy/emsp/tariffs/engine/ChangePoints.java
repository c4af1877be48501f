package com.rollyy.emsp.tariffs.engine;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import com.rollyy.emsp.tariffs.Tariff;
import com.rollyy.emsp.tariffs.Tariff.TariffElement;
import com.rollyy.emsp.tariffs.Tariff.TariffRestrictions;

/**
 * The instants at which a tariff's clock-driven restrictions can change their verdict: every
 * start_time/end_time, every local midnight (dates and days of the week), and the session ages
 * named by min_duration/max_duration. Between two consecutive change points only energy, current
 * and power can change which component is active.
 */
final class ChangePoints {

    private final ZoneId zone;
    private final Instant sessionStart;
    private final SortedSet<LocalTime> clockTimes = new TreeSet<>();
    private final SortedSet<Long> durations = new TreeSet<>();
    private final SortedSet<BigDecimal> energyThresholds = new TreeSet<>();

    ChangePoints(Tariff tariff, ZoneId zone, Instant sessionStart) {
        this.zone = zone;
        this.sessionStart = sessionStart;
        List<TariffElement> elements = tariff.elements() == null ? List.of() : tariff.elements();
        for (TariffElement element : elements) {
            TariffRestrictions r = element.restrictions();
            if (r == null) {
                continue;
            }
            addClockTime(r.startTime());
            addClockTime(r.endTime());
            if (r.startTime() != null || r.endTime() != null || r.startDate() != null || r.endDate() != null
                    || (r.dayOfWeek() != null && !r.dayOfWeek().isEmpty())) {
                clockTimes.add(LocalTime.MIDNIGHT);
            }
            addDuration(r.minDuration());
            addDuration(r.maxDuration());
            addEnergy(r.minKwh());
            addEnergy(r.maxKwh());
        }
    }

    /** Change points strictly between {@code from} and {@code to}, in order. */
    SortedSet<Instant> between(Instant from, Instant to) {
        SortedSet<Instant> points = new TreeSet<>();
        if (!to.isAfter(from.plusNanos(1))) {
            return points;
        }
        for (long seconds : durations) {
            points.add(sessionStart.plusSeconds(seconds));
        }
        if (!clockTimes.isEmpty()) {
            LocalDate last = to.atZone(zone).toLocalDate().plusDays(1);
            for (LocalDate day = from.atZone(zone).toLocalDate().minusDays(1); !day.isAfter(last); day = day.plusDays(1)) {
                for (LocalTime time : clockTimes) {
                    points.addAll(instantsOf(day.atTime(time)));
                }
            }
        }
        return points.subSet(from.plusNanos(1), to);
    }

    /** min_kwh/max_kwh values: the session energies at which the active component can change. */
    SortedSet<BigDecimal> energyThresholds() {
        return energyThresholds;
    }

    /**
     * A wall-clock time occurs once, twice (autumn overlap: both are change points) or not at
     * all (spring gap: the clock jumps past it, so the change happens at the jump).
     */
    private List<Instant> instantsOf(LocalDateTime local) {
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
        if (offsets.isEmpty()) {
            return List.of(ZonedDateTime.ofLocal(local, zone, null).toInstant());
        }
        return offsets.stream().map(local::toInstant).toList();
    }

    private void addClockTime(String hhmm) {
        if (hhmm != null) {
            clockTimes.add(LocalTime.parse(hhmm));
        }
    }

    private void addDuration(Integer seconds) {
        if (seconds != null && seconds > 0) {
            durations.add(seconds.longValue());
        }
    }

    private void addEnergy(BigDecimal kwh) {
        if (kwh != null && kwh.signum() > 0) {
            energyThresholds.add(kwh.stripTrailingZeros());
        }
    }
}
