package com.rollyy.emsp.tariffs.engine;

import java.math.BigDecimal;

import com.rollyy.emsp.ocpi.types.Price;
import com.rollyy.emsp.tariffs.Tariff;

/**
 * min_price and max_price bound the session total, excl. and incl. VAT independently (mod_tariffs,
 * "Tariff Object", notes on min_price and max_price). max_price is applied last, so it wins when a
 * tariff sets min above max. Applied to the exact total, which is rounded afterwards.
 */
final class PriceLimits {

    private PriceLimits() {
    }

    static Price apply(Price exactTotal, Tariff tariff, Money money, Notes notes) {
        BigDecimal exclVat = exactTotal.exclVat();
        BigDecimal inclVat = exactTotal.inclVat();
        Price min = tariff.minPrice();
        if (min != null) {
            exclVat = bound(exclVat, rounded(min.exclVat(), money), true, "min_price", "excl. VAT", money, notes);
            inclVat = bound(inclVat, rounded(min.inclVat(), money), true, "min_price", "incl. VAT", money, notes);
        }
        Price max = tariff.maxPrice();
        if (max != null) {
            exclVat = bound(exclVat, rounded(max.exclVat(), money), false, "max_price", "excl. VAT", money, notes);
            inclVat = bound(inclVat, rounded(max.inclVat(), money), false, "max_price", "incl. VAT", money, notes);
        }
        return new Price(exclVat, inclVat);
    }

    /** A Price may omit incl_vat (types, "Price class"): that side is then unbounded. */
    private static BigDecimal rounded(BigDecimal limit, Money money) {
        return limit == null ? null : money.round(limit);
    }

    private static BigDecimal bound(BigDecimal amount, BigDecimal limit, boolean lower, String field, String side,
            Money money, Notes notes) {
        if (limit == null || amount == null) {
            return amount;
        }
        boolean crosses = lower ? amount.compareTo(limit) < 0 : amount.compareTo(limit) > 0;
        if (!crosses) {
            return amount;
        }
        notes.add(field + " applied: total " + side + " " + money.round(amount).toPlainString() + " became "
                + limit.toPlainString());
        return limit;
    }
}
