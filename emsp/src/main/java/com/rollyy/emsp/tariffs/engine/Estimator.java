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
import java.util.TreeMap;

import com.rollyy.emsp.tariffs.Tariff;

/**
 * Prices a session that has not happened yet: an optional reservation, charging at constant power
 * (per segment of an energy profile) from {@code start}, optional parking. Every part is cut into
 * synthetic periods at every instant a restriction could change its verdict, so each period is
 * priced by one set of components.
 */
final class Estimator {

    /** A common AC charge point (16 A, three phases, 230 V). */
    static final BigDecimal DEFAULT_POWER_KW = BigDecimal.valueOf(11);

    private static final BigDecimal NANOS_PER_HOUR = BigDecimal.valueOf(3_600_000_000_000L);

    private Estimator() {
    }

    static PriceResult estimate(Tariff tariff, ZoneId timeZone, Instant start, BigDecimal kwh, Duration duration) {
        return estimate(EstimateRequest.of(tariff, timeZone, start, kwh, duration));
    }

    static PriceResult estimate(EstimateRequest request) {
        Duration reservation = nonNegative(request.reservation(), "reservation");
        Duration parking = nonNegative(request.parking(), "parking");
        BigDecimal cap = request.maxPowerKw();
        if (cap != null && cap.signum() <= 0) {
            throw new IllegalArgumentException("max power must be positive: " + cap);
        }
        if (request.currentA() != null && request.currentA().signum() < 0) {
            throw new IllegalArgumentException("current must not be negative: " + request.currentA());
        }
        List<String> assumptions = new ArrayList<>();
        List<EstimateRequest.Segment> segments = request.profile().isEmpty()
                ? List.of(oneSegment(request, assumptions))
                : profile(request);
        Instant start = request.start();
        Instant sessionStart = start.minus(reservation);
        Duration charging = segments.stream().map(EstimateRequest.Segment::duration)
                .reduce(Duration.ZERO, Duration::plus);
        Instant chargingEnd = start.plus(charging);
        Instant end = chargingEnd.plus(parking);
        assumptions.add("estimate: " + charging(request, segments, charging)
                + ", " + (parking.isZero() ? "no parking"
                : "parked " + parking + " after charging ends at " + chargingEnd)
                + ", " + (reservation.isZero() ? "no reservation" : "reserved " + reservation + " before " + start)
                + "; " + (request.currentA() == null ? "current unknown"
                : "current " + request.currentA().toPlainString() + " A (all phases) while charging"));
        Tariff tariff = request.tariff();
        ChangePoints changePoints = new ChangePoints(tariff, request.timeZone(), sessionStart);
        List<ChargingPeriod> periods = new ArrayList<>();
        for (Instant[] piece : pieces(changePoints, sessionStart, start)) {
            periods.add(new ChargingPeriod(piece[0], List.of(new CdrDimension(CdrDimensionType.RESERVATION_TIME,
                    Units.hours(Duration.between(piece[0], piece[1])))), tariff.id()));
        }
        periods.addAll(chargingPeriods(tariff, changePoints, start, segments, request.currentA()));
        for (Instant[] piece : pieces(changePoints, chargingEnd, end)) {
            List<CdrDimension> dimensions = new ArrayList<>(List.of(
                    new CdrDimension(CdrDimensionType.PARKING_TIME, Units.hours(Duration.between(piece[0], piece[1]))),
                    new CdrDimension(CdrDimensionType.MIN_POWER, BigDecimal.ZERO),
                    new CdrDimension(CdrDimensionType.MAX_POWER, BigDecimal.ZERO)));
            if (request.currentA() != null) {
                dimensions.add(new CdrDimension(CdrDimensionType.MIN_CURRENT, BigDecimal.ZERO));
                dimensions.add(new CdrDimension(CdrDimensionType.MAX_CURRENT, BigDecimal.ZERO));
            }
            periods.add(new ChargingPeriod(piece[0], dimensions, tariff.id()));
        }
        PricingRequest pricing = new PricingRequest(tariff, request.timeZone(), sessionStart, end, periods);
        return new SessionPricer(pricing).price().withNotesFirst(assumptions);
    }

    /** kwh and duration, either derived from the other at the max (or default) power. */
    private static EstimateRequest.Segment oneSegment(EstimateRequest request, List<String> assumptions) {
        BigDecimal kwh = request.kwh();
        Duration duration = request.duration();
        BigDecimal cap = request.maxPowerKw();
        BigDecimal assumedPower = cap == null ? DEFAULT_POWER_KW : cap;
        String powerSource = cap == null ? "the default AC power of " + DEFAULT_POWER_KW + " kW"
                : "the max power of " + cap.toPlainString() + " kW";
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
        if (duration == null) {
            duration = durationAt(kwh, assumedPower);
            assumptions.add("estimate: duration " + duration + " derived from " + kwh.toPlainString() + " kWh at "
                    + powerSource);
        }
        BigDecimal hours = Units.hours(duration);
        if (kwh == null) {
            kwh = assumedPower.multiply(hours).stripTrailingZeros();
            assumptions.add("estimate: " + kwh.toPlainString() + " kWh derived from " + duration + " at " + powerSource);
        }
        BigDecimal power = kwh.divide(hours, Units.MATH).stripTrailingZeros();
        if (cap != null && power.compareTo(cap) > 0) {
            throw new IllegalArgumentException(kwh.toPlainString() + " kWh cannot be charged in " + duration + " at "
                    + cap.toPlainString() + " kW: at most " + cap.multiply(hours).round(new MathContext(6))
                    .stripTrailingZeros().toPlainString() + " kWh");
        }
        return new EstimateRequest.Segment(duration, kwh);
    }

    private static String charging(EstimateRequest request, List<EstimateRequest.Segment> segments, Duration length) {
        if (request.profile().isEmpty()) {
            EstimateRequest.Segment only = segments.get(0);
            BigDecimal power = only.kwh().divide(Units.hours(only.duration()), Units.MATH);
            return "constant power of " + power.round(new MathContext(6)).stripTrailingZeros().toPlainString()
                    + " kW from " + request.start() + " for " + only.duration();
        }
        BigDecimal total = segments.stream().map(EstimateRequest.Segment::kwh).reduce(BigDecimal.ZERO, BigDecimal::add);
        return "energy profile of " + segments.size() + " segments, " + total.stripTrailingZeros().toPlainString()
                + " kWh in " + length + " from " + request.start() + ", constant power within each segment";
    }

    private static List<EstimateRequest.Segment> profile(EstimateRequest request) {
        if (request.kwh() != null || request.duration() != null) {
            throw new IllegalArgumentException("an energy profile replaces kwh and duration: give one or the other");
        }
        for (EstimateRequest.Segment segment : request.profile()) {
            if (segment.duration().isNegative() || segment.duration().isZero()) {
                throw new IllegalArgumentException("every segment of an energy profile needs a positive duration");
            }
            if (segment.kwh().signum() < 0) {
                throw new IllegalArgumentException("energy profile: kwh must not be negative: " + segment.kwh());
            }
            BigDecimal power = segment.kwh().divide(Units.hours(segment.duration()), Units.MATH);
            if (request.maxPowerKw() != null && power.compareTo(request.maxPowerKw()) > 0) {
                throw new IllegalArgumentException("energy profile: " + segment.kwh().toPlainString() + " kWh in "
                        + segment.duration() + " needs more than the max power of "
                        + request.maxPowerKw().toPlainString() + " kW");
            }
        }
        return request.profile();
    }

    private static Duration nonNegative(Duration duration, String what) {
        if (duration == null) {
            return Duration.ZERO;
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + duration);
        }
        return duration;
    }

    private static Duration durationAt(BigDecimal kwh, BigDecimal powerKw) {
        BigDecimal nanos = kwh.multiply(NANOS_PER_HOUR).divide(powerKw, 0, RoundingMode.CEILING);
        return Duration.ofNanos(nanos.longValueExact());
    }

    /** [from, to) cut at every change point; nothing when it is empty. */
    private static List<Instant[]> pieces(ChangePoints changePoints, Instant from, Instant to) {
        List<Instant[]> pieces = new ArrayList<>();
        if (!to.isAfter(from)) {
            return pieces;
        }
        Instant cursor = from;
        for (Instant point : changePoints.between(from, to)) {
            pieces.add(new Instant[] {cursor, point});
            cursor = point;
        }
        pieces.add(new Instant[] {cursor, to});
        return pieces;
    }

    /**
     * Energy is handed out by elapsed time within each segment, except at a min_kwh/max_kwh
     * threshold, where the cumulative energy is set to the threshold exactly so that the
     * restriction flips there.
     */
    private static List<ChargingPeriod> chargingPeriods(Tariff tariff, ChangePoints changePoints, Instant start,
            List<EstimateRequest.Segment> segments, BigDecimal currentA) {
        TreeMap<Instant, BigDecimal> energyAt = new TreeMap<>();
        TreeMap<Instant, BigDecimal> powerFrom = new TreeMap<>();
        Instant segmentStart = start;
        BigDecimal energyBefore = BigDecimal.ZERO;
        for (EstimateRequest.Segment segment : segments) {
            Instant segmentEnd = segmentStart.plus(segment.duration());
            BigDecimal kwh = segment.kwh();
            BigDecimal power = kwh.divide(Units.hours(segment.duration()), Units.MATH).stripTrailingZeros();
            BigDecimal totalNanos = nanos(segmentStart, segmentEnd);
            for (Instant point : changePoints.between(segmentStart, segmentEnd)) {
                energyAt.put(point, energyBefore.add(kwh.multiply(nanos(segmentStart, point))
                        .divide(totalNanos, Units.MATH)));
            }
            if (power.signum() > 0) {
                for (BigDecimal threshold : changePoints.energyThresholds()) {
                    if (threshold.compareTo(energyBefore) > 0 && threshold.compareTo(energyBefore.add(kwh)) < 0) {
                        BigDecimal offset = threshold.subtract(energyBefore).multiply(NANOS_PER_HOUR)
                                .divide(power, 0, RoundingMode.HALF_UP);
                        Instant at = segmentStart.plusNanos(offset.longValueExact());
                        if (at.isAfter(segmentStart) && at.isBefore(segmentEnd)) {
                            energyAt.put(at, threshold);
                        }
                    }
                }
            }
            energyAt.put(segmentStart, energyBefore);
            powerFrom.put(segmentStart, power);
            energyBefore = energyBefore.add(kwh);
            energyAt.put(segmentEnd, energyBefore);
            segmentStart = segmentEnd;
        }
        List<ChargingPeriod> periods = new ArrayList<>();
        Map.Entry<Instant, BigDecimal> from = energyAt.firstEntry();
        for (Map.Entry<Instant, BigDecimal> to = energyAt.higherEntry(from.getKey()); to != null;
                from = to, to = energyAt.higherEntry(to.getKey())) {
            BigDecimal time = Units.hours(Duration.between(from.getKey(), to.getKey()));
            BigDecimal power = powerFrom.floorEntry(from.getKey()).getValue();
            List<CdrDimension> dimensions = new ArrayList<>(List.of(
                    new CdrDimension(CdrDimensionType.ENERGY, to.getValue().subtract(from.getValue())),
                    new CdrDimension(CdrDimensionType.TIME, time),
                    new CdrDimension(CdrDimensionType.MIN_POWER, power),
                    new CdrDimension(CdrDimensionType.MAX_POWER, power)));
            if (currentA != null) {
                dimensions.add(new CdrDimension(CdrDimensionType.MIN_CURRENT, currentA));
                dimensions.add(new CdrDimension(CdrDimensionType.MAX_CURRENT, currentA));
            }
            periods.add(new ChargingPeriod(from.getKey(), dimensions, tariff.id()));
        }
        return periods;
    }

    private static BigDecimal nanos(Instant from, Instant to) {
        Duration duration = Duration.between(from, to);
        return BigDecimal.valueOf(duration.getSeconds()).movePointRight(9).add(BigDecimal.valueOf(duration.getNano()));
    }
}
