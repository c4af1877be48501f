package com.rollyy.emsp.tariffs.engine;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A charging period with its end made explicit and its dimensions summed by type.
 *
 * @param index   position in the request's period list, as the operator knows it
 * @param foreign the period names another tariff: it counts for the session's energy, not for the price
 */
record Period(int index, Instant start, Instant end, Map<CdrDimensionType, BigDecimal> volumes, boolean foreign) {

    /** A period that reports RESERVATION_TIME belongs to the reservation, not to charging. */
    boolean isReservation() {
        return volumes.containsKey(CdrDimensionType.RESERVATION_TIME);
    }

    BigDecimal volume(CdrDimensionType type) {
        return volumes.getOrDefault(type, BigDecimal.ZERO);
    }

    BigDecimal volumeOrNull(CdrDimensionType type) {
        return volumes.get(type);
    }

    Duration length() {
        return Duration.between(start, end);
    }

    /**
     * Sorts the periods and ends each where the next starts (mod_cdrs, "ChargingPeriod class").
     * A period naming another tariff is marked foreign; one naming none is taken to use the
     * tariff the caller chose.
     */
    static List<Period> of(PricingRequest request, Notes notes) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < request.periods().size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(i -> request.periods().get(i).startDateTime()));
        if (!order.equals(order.stream().sorted().toList())) {
            notes.add("charging periods were not in chronological order; priced in start order");
        }
        String tariffId = request.tariff().id();
        List<Period> periods = new ArrayList<>();
        for (int k = 0; k < order.size(); k++) {
            int index = order.get(k);
            ChargingPeriod period = request.periods().get(index);
            Instant start = period.startDateTime();
            Instant end = k + 1 < order.size()
                    ? request.periods().get(order.get(k + 1)).startDateTime()
                    : request.sessionEnd();
            if (start.isBefore(request.sessionStart()) || start.isAfter(request.sessionEnd())) {
                notes.issue(PricingIssue.PERIOD_OUTSIDE_SESSION, "period " + index + " starts at " + start
                        + ", outside the session "
                        + request.sessionStart() + " .. " + request.sessionEnd());
            }
            if (end.isBefore(start)) {
                end = start;
            }
            boolean foreign = period.tariffId() != null && !period.tariffId().equalsIgnoreCase(tariffId);
            if (foreign) {
                notes.issue(PricingIssue.PERIOD_OF_OTHER_TARIFF, "period " + index + " belongs to tariff "
                        + period.tariffId()
                        + ", not to " + tariffId + "; not priced here");
            }
            periods.add(new Period(index, start, end, sum(period.dimensions()), foreign));
        }
        return periods;
    }

    /** Repeated quantities add up; a repeated extreme keeps its most extreme value, anything else its first. */
    private static Map<CdrDimensionType, BigDecimal> sum(List<CdrDimension> dimensions) {
        Map<CdrDimensionType, BigDecimal> volumes = new EnumMap<>(CdrDimensionType.class);
        for (CdrDimension dimension : dimensions) {
            volumes.merge(dimension.type(), dimension.volume(), switch (dimension.type()) {
                case ENERGY, ENERGY_EXPORT, ENERGY_IMPORT, TIME, PARKING_TIME, RESERVATION_TIME -> BigDecimal::add;
                case MAX_CURRENT, MAX_POWER -> BigDecimal::max;
                case MIN_CURRENT, MIN_POWER -> BigDecimal::min;
                case CURRENT, POWER, STATE_OF_CHARGE -> (first, second) -> first;
            });
        }
        return volumes;
    }
}
