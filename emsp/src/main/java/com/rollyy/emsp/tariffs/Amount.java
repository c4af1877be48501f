package com.rollyy.emsp.tariffs;

import java.math.BigDecimal;
import java.math.RoundingMode;

import com.rollyy.emsp.ocpi.types.Price;
import com.rollyy.emsp.tariffs.engine.Money;

/**
 * Money in the product responses of tariffs: {@code {excl_vat, incl_vat}}, the shape of an OCPI
 * Price, printed as plain decimals. Rounded amounts carry the currency's scale ({@code 20.00} for
 * EUR, {@code 20} for JPY); exact ones carry the digits they have, trailing zeros removed.
 */
public record Amount(BigDecimal exclVat, BigDecimal inclVat) {

    /** An amount already rounded to the currency, shown at its scale (never fewer digits). */
    static Amount atScale(Price price, String currency) {
        return price == null ? null : new Amount(scaled(price.exclVat(), currency), scaled(price.inclVat(), currency));
    }

    /** An exact amount: all its digits, none trailing. */
    static Amount exact(Price price) {
        return price == null ? null : new Amount(exact(price.exclVat()), exact(price.inclVat()));
    }

    Price price() {
        return new Price(exclVat, inclVat);
    }

    /**
     * The currency's scale, or more when the value has more digits (a CPO may report 8.405 EUR):
     * showing an amount never rounds it.
     */
    static BigDecimal scaled(BigDecimal value, String currency) {
        if (value == null) {
            return null;
        }
        int digits = Money.fractionDigits(currency);
        int own = Math.max(0, value.stripTrailingZeros().scale());
        return value.setScale(Math.max(digits, own), RoundingMode.UNNECESSARY);
    }

    static BigDecimal exact(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
