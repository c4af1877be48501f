package com.rollyy.emsp.tariffs.engine;

import java.math.BigDecimal;
import java.time.Duration;
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
        Price total = PriceLimits.apply(exactSum(lines, line -> true), request.tariff(), money, notes);
        return new PriceResult(round(total, money),
                part(lines, TariffDimensionType.FLAT, money),
                part(lines, TariffDimensionType.ENERGY, money),
                part(lines, TariffDimensionType.TIME, money),
                part(lines, TariffDimensionType.PARKING_TIME, money),
                round(exactSum(lines, PriceLine::reservation), money),
                charging(periods, CdrDimensionType.ENERGY),
                Units.hours(Duration.between(request.sessionStart(), request.sessionEnd())),
                charging(periods, CdrDimensionType.PARKING_TIME),
                request.tariff().currency(), lines, notes.list());
    }

    private static Price part(List<PriceLine> lines, TariffDimensionType dimension, Money money) {
        return round(exactSum(lines, line -> !line.reservation() && line.dimension() == dimension), money);
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
