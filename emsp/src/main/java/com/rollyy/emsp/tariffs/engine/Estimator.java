package com.rollyy.emsp.tariffs.engine;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.rollyy.emsp.tariffs.Tariff;

/**
 * Prices a session that has not happened yet: charging at constant power from {@code start},
 * no parking, no reservation. The session is cut into synthetic periods at every instant a
 * restriction could change its verdict, so each period is priced by one set of components.
 */
final class Estimator {

    /** A common AC charge point (16 A, three phases, 230 V). */
    static final BigDecimal DEFAULT_POWER_KW = BigDecimal.valueOf(11);

    private static final BigDecimal NANOS_PER_HOUR = BigDecimal.valueOf(3_600_000_000_000L);

    private Estimator() {
    }

    static PriceResult estimate(Tariff tariff, ZoneId timeZone, Instant start, BigDecimal kwh, Duration duration) {
        Objects.requireNonNull(tariff, "tariff");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(start, "start");
        if (kwh == null && duration == null) {
            throw new IllegalArgumentException("an estimate needs kwh, duration or both");
        }
        if (kwh != null && kwh.signum() < 0) {
            throw new IllegalArgumentException("kwh must not be negative: " + kwh);
        }
        if (duration == null && kwh.signum() == 0) {
            throw new IllegalArgumentException("without a duration, kwh must be positive");
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration must be positive: " + duration);
        }
        List<String> assumptions = new ArrayList<>();
        if (duration == null) {
            duration = durationAt(kwh, DEFAULT_POWER_KW);
            assumptions.add("estimate: duration " + duration + " derived from " + kwh.toPlainString()
                    + " kWh at the default AC power of " + DEFAULT_POWER_KW + " kW");
        }
        BigDecimal hours = Units.hours(duration);
        if (kwh == null) {
            kwh = DEFAULT_POWER_KW.multiply(hours).stripTrailingZeros();
            assumptions.add("estimate: " + kwh.toPlainString() + " kWh derived from " + duration
                    + " at the default AC power of " + DEFAULT_POWER_KW + " kW");
        }
        BigDecimal power = kwh.divide(hours, Units.MATH).stripTrailingZeros();
        assumptions.add("estimate: constant power of " + power.round(new MathContext(6)).toPlainString()
                + " kW from " + start + " for " + duration + ", no parking, no reservation; current unknown");
        Instant end = start.plus(duration);
        List<ChargingPeriod> periods = periods(tariff, timeZone, start, end, kwh, power);
        PricingRequest request = new PricingRequest(tariff, timeZone, start, end, periods);
        return new SessionPricer(request).price().withNotesFirst(assumptions);
    }

    private static Duration durationAt(BigDecimal kwh, BigDecimal powerKw) {
        BigDecimal nanos = kwh.multiply(NANOS_PER_HOUR).divide(powerKw, 0, RoundingMode.CEILING);
        return Duration.ofNanos(nanos.longValueExact());
    }

    /**
     * Energy is handed out by elapsed time, except at a min_kwh/max_kwh threshold, where the
     * cumulative energy is set to the threshold exactly so that the restriction flips there.
     */
    private static List<ChargingPeriod> periods(Tariff tariff, ZoneId zone, Instant start, Instant end, BigDecimal kwh,
            BigDecimal power) {
        ChangePoints changePoints = new ChangePoints(tariff, zone, start);
        BigDecimal totalNanos = nanos(start, end);
        TreeMap<Instant, BigDecimal> energyAt = new TreeMap<>();
        for (Instant point : changePoints.between(start, end)) {
            energyAt.put(point, kwh.multiply(nanos(start, point)).divide(totalNanos, Units.MATH));
        }
        if (power.signum() > 0) {
            for (BigDecimal threshold : changePoints.energyThresholds()) {
                if (threshold.compareTo(kwh) < 0) {
                    BigDecimal offset = threshold.multiply(NANOS_PER_HOUR).divide(power, 0, RoundingMode.HALF_UP);
                    Instant at = start.plusNanos(offset.longValueExact());
                    if (at.isAfter(start) && at.isBefore(end)) {
                        energyAt.put(at, threshold);
                    }
                }
            }
        }
        energyAt.put(start, BigDecimal.ZERO);
        energyAt.put(end, kwh);
        List<ChargingPeriod> periods = new ArrayList<>();
        Map.Entry<Instant, BigDecimal> from = energyAt.firstEntry();
        for (Map.Entry<Instant, BigDecimal> to = energyAt.higherEntry(from.getKey()); to != null;
                from = to, to = energyAt.higherEntry(to.getKey())) {
            BigDecimal time = Units.hours(Duration.between(from.getKey(), to.getKey()));
            periods.add(new ChargingPeriod(from.getKey(), List.of(
                    new CdrDimension(CdrDimensionType.ENERGY, to.getValue().subtract(from.getValue())),
                    new CdrDimension(CdrDimensionType.TIME, time),
                    new CdrDimension(CdrDimensionType.MIN_POWER, power),
                    new CdrDimension(CdrDimensionType.MAX_POWER, power)), tariff.id()));
        }
        return periods;
    }

    private static BigDecimal nanos(Instant from, Instant to) {
        Duration duration = Duration.between(from, to);
        return BigDecimal.valueOf(duration.getSeconds()).movePointRight(9).add(BigDecimal.valueOf(duration.getNano()));
    }
}
