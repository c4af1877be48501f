package com.rollyy.emsp.tariffs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.rollyy.emsp.ocpi.types.Price;
import com.rollyy.emsp.tariffs.Tariff;
import com.rollyy.emsp.tariffs.Tariff.DayOfWeek;
import com.rollyy.emsp.tariffs.Tariff.PriceComponent;
import com.rollyy.emsp.tariffs.Tariff.TariffDimensionType;
import com.rollyy.emsp.tariffs.Tariff.TariffElement;
import com.rollyy.emsp.tariffs.Tariff.TariffRestrictions;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Invariants over random tariffs and sessions. Random restrictions are limited to the clock,
 * the calendar and the session age: energy and power restrictions make prices legitimately
 * non-monotonic (a volume discount is one).
 */
class PricingPropertiesTest {

    private static final int TRIES = 150;

    /** One charging (kWh) or parking (kWh null) period. */
    record Segment(int minutes, BigDecimal kwh) {
        boolean charging() {
            return kwh != null;
        }
    }

    record Scenario(Tariff tariff, int startMinute, List<Segment> segments) {
        PriceResult price() {
            return priceWith(segments);
        }

        PriceResult priceWith(List<Segment> replaced) {
            Session session = Session.at(LocalDateTime.parse("2024-01-15T00:00").plusMinutes(startMinute).toString());
            for (Segment segment : replaced) {
                if (segment.charging()) {
                    session.charge(Duration.ofMinutes(segment.minutes()), segment.kwh().toPlainString());
                } else {
                    session.park(Duration.ofMinutes(segment.minutes()));
                }
            }
            return session.price(tariff);
        }
    }

    /** More energy never costs less when each dimension has one price: step rounding only adds. */
    @Property(tries = TRIES)
    void moreEnergyNeverCostsLess(@ForAll("onePricePerDimension") Scenario scenario,
            @ForAll @IntRange(min = 0, max = 20) int which, @ForAll("kwh") BigDecimal more) {
        List<Segment> bumped = new ArrayList<>(scenario.segments());
        int index = which % bumped.size();
        Segment segment = bumped.get(index);
        if (segment.charging()) {
            bumped.set(index, new Segment(segment.minutes(), segment.kwh().add(more)));
        }

        Price before = scenario.price().totalCost();
        Price after = scenario.priceWith(bumped).totalCost();

        assertThat(after.exclVat()).isGreaterThanOrEqualTo(before.exclVat());
        assertThat(after.inclVat()).isGreaterThanOrEqualTo(before.inclVat());
    }

    /** Whatever the tariff, step_size only ever rounds up: no dimension is billed below what was priced. */
    @Property(tries = TRIES)
    void stepSizeNeverBillsLessThanConsumed(@ForAll("anyTariff") Scenario scenario) {
        Map<TariffDimensionType, BigDecimal> consumed = new EnumMap<>(TariffDimensionType.class);
        Map<TariffDimensionType, BigDecimal> billed = new EnumMap<>(TariffDimensionType.class);
        for (PriceLine line : scenario.price().breakdown()) {
            assertThat(line.billedVolume()).isGreaterThanOrEqualTo(line.volume());
            consumed.merge(line.dimension(), line.volume(), BigDecimal::add);
            billed.merge(line.dimension(), line.billedVolume(), BigDecimal::add);
        }
        consumed.forEach((dimension, volume) -> assertThat(billed.get(dimension)).isGreaterThanOrEqualTo(volume));
    }

    /**
     * The total is the exact sum of the breakdown, rounded once; each part likewise. Rounded
     * parts may then differ from the rounded total by at most two minor units.
     */
    @Property(tries = TRIES)
    void totalIsTheSumOfTheParts(@ForAll("anyTariff") Scenario scenario) {
        PriceResult result = scenario.price();
        BigDecimal exactExcl = result.breakdown().stream().map(PriceLine::amountExclVat)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal exactIncl = result.breakdown().stream().map(PriceLine::amountInclVat)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        List<Price> parts = List.of(result.totalFixedCost(), result.totalEnergyCost(), result.totalTimeCost(),
                result.totalParkingCost(), result.totalReservationCost());
        BigDecimal partsExcl = parts.stream().map(Price::exclVat).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal partsIncl = parts.stream().map(Price::inclVat).reduce(BigDecimal.ZERO, BigDecimal::add);

        assertThat(result.totalCost().exclVat()).isEqualTo(exactExcl.setScale(2, RoundingMode.HALF_UP));
        assertThat(result.totalCost().inclVat()).isEqualTo(exactIncl.setScale(2, RoundingMode.HALF_UP));
        assertThat(partsExcl.subtract(result.totalCost().exclVat()).abs()).isLessThanOrEqualTo(new BigDecimal("0.02"));
        assertThat(partsIncl.subtract(result.totalCost().inclVat()).abs()).isLessThanOrEqualTo(new BigDecimal("0.02"));
    }

    /**
     * The cost rows add up in both columns: the exact parts plus the min/max adjustment are the
     * exact total; the rounded rows, rounding row included, are the rounded total.
     */
    @Property(tries = TRIES)
    void costRowsAddUpToTheTotal(@ForAll("anyTariff") Scenario scenario, @ForAll boolean limited) {
        Scenario priced = !limited ? scenario : new Scenario(TariffFixtures.withLimits(scenario.tariff(),
                TariffFixtures.price("3.00", "3.50"), TariffFixtures.price("9.00", "10.00")), scenario.startMinute(),
                scenario.segments());
        PriceResult result = priced.price();

        BigDecimal[] exact = {BigDecimal.ZERO, BigDecimal.ZERO};
        BigDecimal[] rounded = {BigDecimal.ZERO, BigDecimal.ZERO};
        for (CostPart part : result.costs()) {
            exact[0] = exact[0].add(part.exact().exclVat());
            exact[1] = exact[1].add(part.exact().inclVat());
            rounded[0] = rounded[0].add(part.rounded().exclVat());
            rounded[1] = rounded[1].add(part.rounded().inclVat());
            assertThat(part.rounded().exclVat().scale()).isEqualTo(2);
        }
        assertThat(exact[0]).isEqualByComparingTo(result.exactTotalCost().exclVat());
        assertThat(exact[1]).isEqualByComparingTo(result.exactTotalCost().inclVat());
        assertThat(rounded[0]).isEqualByComparingTo(result.totalCost().exclVat());
        assertThat(rounded[1]).isEqualByComparingTo(result.totalCost().inclVat());
        assertThat(result.costs().stream().map(CostPart::kind)).containsExactly(CostPart.Kind.values());
    }

    @Property(tries = TRIES)
    void vatNeverLowersAPrice(@ForAll("anyTariff") Scenario scenario) {
        Price total = scenario.price().totalCost();

        assertThat(total.inclVat()).isGreaterThanOrEqualTo(total.exclVat());
        assertThat(total.exclVat().signum()).isNotNegative();
    }

    /** step_size works on session totals, so how the CPO cuts the periods cannot change the price. */
    @Property(tries = TRIES)
    void cuttingAPeriodInTwoChangesNothingWithoutRestrictions(@ForAll("unrestricted") Scenario scenario,
            @ForAll @IntRange(min = 0, max = 20) int which) {
        List<Segment> cut = new ArrayList<>(scenario.segments());
        int index = which % cut.size();
        Segment segment = cut.get(index);
        if (segment.minutes() < 2) {
            return;
        }
        int first = segment.minutes() / 2;
        BigDecimal firstKwh = segment.charging()
                ? segment.kwh().multiply(BigDecimal.valueOf(first)).divide(BigDecimal.valueOf(segment.minutes()), 3,
                        RoundingMode.DOWN)
                : null;
        cut.set(index, new Segment(first, firstKwh));
        cut.add(index + 1, new Segment(segment.minutes() - first,
                segment.charging() ? segment.kwh().subtract(firstKwh) : null));

        assertThat(scenario.priceWith(cut).totalCost()).isEqualTo(scenario.price().totalCost());
    }

    @Property(tries = TRIES)
    void estimateEqualsPricingOnePeriodWhenNothingChanges(@ForAll("unrestrictedTariff") Tariff tariff,
            @ForAll("kwh") BigDecimal kwh, @ForAll @IntRange(min = 1, max = 600) int minutes) {
        PriceResult estimate = TariffEngine.estimate(tariff, Session.AMSTERDAM,
                LocalDateTime.parse("2024-01-15T10:00").atZone(Session.AMSTERDAM).toInstant(), kwh,
                Duration.ofMinutes(minutes));
        PriceResult priced = Session.at("2024-01-15T10:00").charge(Duration.ofMinutes(minutes), kwh.toPlainString())
                .price(tariff);

        assertThat(estimate.totalCost()).isEqualTo(priced.totalCost());
    }

    /** The window rule against a minute-by-minute walk from start_time to end_time. */
    @Property(tries = 400)
    void timeWindowMatchesAMinuteByMinuteWalk(@ForAll("clock") LocalTime start, @ForAll("clock") LocalTime end,
            @ForAll("clock") LocalTime at) {
        boolean[] covered = new boolean[24 * 60];
        int from = start.toSecondOfDay() / 60;
        int until = end.toSecondOfDay() / 60;
        int minute = from;
        do {
            covered[minute] = true;
            minute = (minute + 1) % covered.length;
        } while (minute != until);

        assertThat(TimeOfDayWindow.parse(start.toString(), end.toString()).contains(at))
                .isEqualTo(covered[at.toSecondOfDay() / 60]);
    }

    // --- generators -----------------------------------------------------------------------------

    @Provide
    Arbitrary<LocalTime> clock() {
        return Arbitraries.integers().between(0, 24 * 60 - 1).map(m -> LocalTime.of(m / 60, m % 60));
    }

    @Provide
    Arbitrary<BigDecimal> kwh() {
        return Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("40")).ofScale(3);
    }

    @Provide
    Arbitrary<Scenario> anyTariff() {
        return scenarios(elements().list().ofMinSize(1).ofMaxSize(5).map(PricingPropertiesTest::tariffOf));
    }

    @Provide
    Arbitrary<Scenario> onePricePerDimension() {
        Arbitrary<Tariff> tariffs = Combinators.combine(components().list().ofMinSize(1).ofMaxSize(4),
                restrictions().injectNull(0.3).list().ofSize(4)).as((components, restrictions) -> {
                    Map<TariffDimensionType, PriceComponent> single = new EnumMap<>(TariffDimensionType.class);
                    components.forEach(component -> single.putIfAbsent(component.type(), component));
                    List<TariffElement> elements = new ArrayList<>();
                    int i = 0;
                    for (PriceComponent component : single.values()) {
                        elements.add(new TariffElement(List.of(component), restrictions.get(i++)));
                    }
                    return tariffOf(elements);
                });
        return scenarios(tariffs);
    }

    @Provide
    Arbitrary<Scenario> unrestricted() {
        return scenarios(unrestrictedTariff());
    }

    @Provide
    Arbitrary<Tariff> unrestrictedTariff() {
        return components().list().ofMinSize(1).ofMaxSize(4)
                .map(components -> tariffOf(List.of(new TariffElement(components, null))));
    }

    private Arbitrary<Scenario> scenarios(Arbitrary<Tariff> tariffs) {
        Arbitrary<Segment> segments = Combinators.combine(Arbitraries.integers().between(1, 180),
                kwh().injectNull(0.3)).as(Segment::new);
        return Combinators.combine(tariffs, Arbitraries.integers().between(0, 7 * 24 * 60 - 1),
                segments.list().ofMinSize(1).ofMaxSize(6)).as(Scenario::new);
    }

    private Arbitrary<TariffElement> elements() {
        return Combinators.combine(components().list().ofMinSize(1).ofMaxSize(3), restrictions().injectNull(0.3))
                .as(TariffElement::new);
    }

    private Arbitrary<PriceComponent> components() {
        Arbitrary<BigDecimal> prices = Arbitraries.bigDecimals().between(BigDecimal.ZERO, BigDecimal.TEN).ofScale(4);
        Arbitrary<BigDecimal> vats = Arbitraries.of("0", "5.5", "10", "21").map(BigDecimal::new).injectNull(0.2);
        Arbitrary<Integer> steps = Arbitraries.of(0, 1, 60, 100, 300, 500, 900, 1000);
        return Combinators.combine(Arbitraries.of(TariffDimensionType.class), prices, vats, steps)
                .as((type, price, vat, step) -> new PriceComponent(type, price, vat,
                        type == TariffDimensionType.FLAT ? 1 : step));
    }

    private Arbitrary<TariffRestrictions> restrictions() {
        Arbitrary<String> times = clock().map(LocalTime::toString).injectNull(0.5);
        Arbitrary<Integer> ages = Arbitraries.of(600, 1800, 3600, 7200).injectNull(0.7);
        Arbitrary<List<DayOfWeek>> days = Arbitraries.of(DayOfWeek.class).set().ofMaxSize(3)
                .map(set -> set.isEmpty() ? null : List.copyOf(set));
        return Combinators.combine(times, times, ages, ages, days)
                .as((start, end, minAge, maxAge, weekdays) -> new TariffRestrictions(start, end, null, null, null,
                        null, null, null, null, null, minAge, maxAge, weekdays, null));
    }

    private static Tariff tariffOf(List<TariffElement> elements) {
        return TariffFixtures.tariff(elements.toArray(TariffElement[]::new));
    }
}
