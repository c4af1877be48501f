package com.rollyy.cposim.tariffs;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import com.rollyy.cposim.ocpi.Decimals;

/**
 * What a Tariff charges for the simulator's charging periods, by the OCPI 2.2.1 rules:
 * <ul>
 *   <li>per period and per dimension, the first element (in list order) whose restrictions hold
 *       at the period's start and that has a component for the dimension (mod_tariffs, "Tariff
 *       Object"); a dimension without one is free;</li>
 *   <li>ENERGY prices the period's kWh, TIME its charging hours; FLAT is owed once, from the
 *       first period that offers one; PARKING_TIME never bills (the simulator reports no parking);</li>
 *   <li>step_size once per session (mod_cdrs, step_size): the ENERGY total is rounded up to the
 *       step of the last ENERGY component that priced, likewise TIME, and the extra is billed at
 *       that component's price;</li>
 *   <li>incl. VAT = excl. × (100 + vat) / 100 per component (no vat: no VAT applicable);</li>
 *   <li>min_price/max_price bound the exact total; every total is then rounded half-up to the
 *       currency's minor unit from its exact sum (OCPI leaves rounding open; the eMSP does the same).</li>
 * </ul>
 */
public final class TariffPricer {

    /** The CDR's cost totals (each rounded from its exact sum, so total need not be the sum of the parts). */
    public record Costs(Price total, Price fixed, Price energy, Price time) {
    }

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal WH_PER_KWH = BigDecimal.valueOf(1000);
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    /** What one component priced: its volume in Wh, seconds or sessions, plus the step's extra. */
    private static final class Line {
        final String dimension;
        final Tariff.Component component;
        BigDecimal base = BigDecimal.ZERO;

        Line(String dimension, Tariff.Component component) {
            this.dimension = dimension;
            this.component = component;
        }

        Price amount() {
            BigDecimal perUnit = switch (dimension) {
                case "ENERGY" -> WH_PER_KWH;
                case "TIME" -> SECONDS_PER_HOUR;
                default -> BigDecimal.ONE;
            };
            BigDecimal excl = component.price().multiply(base).divide(perUnit, Decimals.MATH);
            BigDecimal incl = component.vat() == null ? excl
                    : excl.multiply(HUNDRED.add(component.vat())).divide(HUNDRED, Decimals.MATH);
            return new Price(excl, incl);
        }
    }

    private TariffPricer() {
    }

    public static int fractionDigits(String currency) {
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            return digits >= 0 ? digits : 2;
        } catch (IllegalArgumentException | NullPointerException e) {
            return 2;
        }
    }

    /**
     * @param periods in chronological order; a period naming another tariff is not priced, but
     *                its energy counts towards min_kwh/max_kwh
     */
    public static Costs price(Tariff tariff, ZoneId zone, Instant sessionStart, List<ChargingPeriod> periods) {
        List<Line> lines = new ArrayList<>();
        Line lastEnergy = null;
        Line lastTime = null;
        boolean flatBilled = false;
        BigDecimal energyBefore = BigDecimal.ZERO;
        for (ChargingPeriod period : periods) {
            if (period.tariffId() == null || period.tariffId().equalsIgnoreCase(tariff.id())) {
                TariffRestrictions.Moment moment = new TariffRestrictions.Moment(period.start().atZone(zone),
                        Duration.between(sessionStart, period.start()), energyBefore, period.powerKw());
                if (period.kwh().signum() > 0) {
                    Line line = bill(lines, tariff, moment, "ENERGY", period.kwh().multiply(WH_PER_KWH));
                    lastEnergy = line != null ? line : lastEnergy;
                }
                if (period.hours().signum() > 0) {
                    Line line = bill(lines, tariff, moment, "TIME", period.hours().multiply(SECONDS_PER_HOUR));
                    lastTime = line != null ? line : lastTime;
                }
                if (!flatBilled) {
                    flatBilled = bill(lines, tariff, moment, "FLAT", BigDecimal.ONE) != null;
                }
            }
            energyBefore = energyBefore.add(period.kwh());
        }
        roundUpToStep(lines, lastEnergy, "ENERGY");
        roundUpToStep(lines, lastTime, "TIME");

        int digits = fractionDigits(tariff.currency());
        Price fixed = Price.ZERO;
        Price energy = Price.ZERO;
        Price time = Price.ZERO;
        for (Line line : lines) {
            switch (line.dimension) {
                case "ENERGY" -> energy = energy.plus(line.amount());
                case "TIME" -> time = time.plus(line.amount());
                default -> fixed = fixed.plus(line.amount());
            }
        }
        Price total = bounded(tariff, fixed.plus(energy).plus(time));
        return new Costs(total.rounded(digits), fixed.rounded(digits), energy.rounded(digits), time.rounded(digits));
    }

    /** Adds {@code base} to the line of the first element that prices {@code dimension} now, if any. */
    private static Line bill(List<Line> lines, Tariff tariff, TariffRestrictions.Moment moment, String dimension,
                             BigDecimal base) {
        for (Tariff.Element element : tariff.elements()) {
            Tariff.Component component = element.component(dimension);
            if (component != null && TariffRestrictions.hold(element.restrictions(), moment)) {
                Line line = lines.stream().filter(l -> l.component == component).findFirst().orElseGet(() -> {
                    Line created = new Line(dimension, component);
                    lines.add(created);
                    return created;
                });
                line.base = line.base.add(base);
                return line;
            }
        }
        return null;
    }

    private static void roundUpToStep(List<Line> lines, Line last, String dimension) {
        if (last == null || last.component.stepSize() <= 0) {
            return;
        }
        BigDecimal total = lines.stream().filter(l -> l.dimension.equals(dimension)).map(l -> l.base)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal step = BigDecimal.valueOf(last.component.stepSize());
        BigDecimal rounded = total.divide(step, 0, RoundingMode.CEILING).multiply(step);
        last.base = last.base.add(rounded.subtract(total));
    }

    private static Price bounded(Tariff tariff, Price exact) {
        BigDecimal excl = exact.exclVat();
        BigDecimal incl = exact.inclVat();
        if (tariff.minExclVat() != null && excl.compareTo(tariff.minExclVat()) < 0) {
            excl = tariff.minExclVat();
        }
        if (tariff.minInclVat() != null && incl.compareTo(tariff.minInclVat()) < 0) {
            incl = tariff.minInclVat();
        }
        if (tariff.maxExclVat() != null && excl.compareTo(tariff.maxExclVat()) > 0) {
            excl = tariff.maxExclVat();
        }
        if (tariff.maxInclVat() != null && incl.compareTo(tariff.maxInclVat()) > 0) {
            incl = tariff.maxInclVat();
        }
        return new Price(excl, incl);
    }
}
