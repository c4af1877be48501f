package com.rollyy.emsp.tariffs.engine;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.rollyy.emsp.ocpi.types.Price;
import com.rollyy.emsp.tariffs.Tariff.TariffDimensionType;

/**
 * Turns the breakdown into the CDR totals (mod_cdrs, "CDR Object"): a reservation's FLAT and TIME
 * are reservation cost, every other FLAT is fixed cost. Each part and the total are rounded from
 * their exact sums, as the specification's worked examples do (2.875 + 3.30 + 4.125 incl. VAT
 * totals 10.30, not 2.88 + 3.30 + 4.13).
 */
final class CdrTotals {

    private CdrTotals() {
    }

    static PriceResult of(PricingRequest request, List<Period> periods, List<PriceLine> lines, Money money,
            Notes notes) {
        Price sum = exactSum(lines, line -> true);
        Price total = PriceLimits.apply(sum, request.tariff(), money, notes);
        Price fixed = exactPart(lines, TariffDimensionType.FLAT);
        Price energy = exactPart(lines, TariffDimensionType.ENERGY);
        Price time = exactPart(lines, TariffDimensionType.TIME);
        Price parking = exactPart(lines, TariffDimensionType.PARKING_TIME);
        Price reservation = exactSum(lines, PriceLine::reservation);
        Price roundedTotal = round(total, money);
        List<CostPart> costs = costs(money, roundedTotal, new Price(total.exclVat().subtract(sum.exclVat()),
                        total.inclVat().subtract(sum.inclVat())),
                new CostPart(CostPart.Kind.ENERGY, energy, round(energy, money)),
                new CostPart(CostPart.Kind.TIME, time, round(time, money)),
                new CostPart(CostPart.Kind.PARKING, parking, round(parking, money)),
                new CostPart(CostPart.Kind.FIXED, fixed, round(fixed, money)),
                new CostPart(CostPart.Kind.RESERVATION, reservation, round(reservation, money)));
        return new PriceResult(roundedTotal, round(fixed, money), round(energy, money), round(time, money),
                round(parking, money), round(reservation, money),
                charging(periods, CdrDimensionType.ENERGY),
                Units.hours(Duration.between(request.sessionStart(), request.sessionEnd())),
                charging(periods, CdrDimensionType.PARKING_TIME),
                request.tariff().currency(), lines, notes.list(), notes.issues(), total, costs);
    }

    /** The five parts, then what min/max changed, then what rounding each part on its own left over. */
    private static List<CostPart> costs(Money money, Price roundedTotal, Price limitAdjustment, CostPart... parts) {
        List<CostPart> costs = new ArrayList<>(List.of(parts));
        costs.add(new CostPart(CostPart.Kind.PRICE_LIMIT, limitAdjustment, round(limitAdjustment, money)));
        BigDecimal exclVat = roundedTotal.exclVat();
        BigDecimal inclVat = roundedTotal.inclVat();
        for (CostPart part : costs) {
            exclVat = exclVat.subtract(part.rounded().exclVat());
            inclVat = inclVat.subtract(part.rounded().inclVat());
        }
        // every rounded amount has the currency's scale, so the differences have it too
        costs.add(new CostPart(CostPart.Kind.ROUNDING, new Price(BigDecimal.ZERO, BigDecimal.ZERO),
                new Price(exclVat, inclVat)));
        return costs;
    }

    private static Price exactPart(List<PriceLine> lines, TariffDimensionType dimension) {
        return exactSum(lines, line -> !line.reservation() && line.dimension() == dimension);
    }

    private static Price round(Price exact, Money money) {
        return money.round(exact.exclVat(), exact.inclVat());
    }

    private static Price exactSum(List<PriceLine> lines, Predicate<PriceLine> belongs) {
        BigDecimal exclVat = BigDecimal.ZERO;
        BigDecimal inclVat = BigDecimal.ZERO;
        for (PriceLine line : lines) {
            if (belongs.test(line)) {
                exclVat = exclVat.add(line.amountExclVat());
                inclVat = inclVat.add(line.amountInclVat());
            }
        }
        return new Price(exclVat, inclVat);
    }

    private static BigDecimal charging(List<Period> periods, CdrDimensionType type) {
        return periods.stream().filter(period -> !period.isReservation()).map(period -> period.volume(type))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
