package com.rollyy.emsp.tariffs.engine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

import com.rollyy.emsp.ocpi.types.Price;

/**
 * Rounding to the currency's minor unit and VAT arithmetic. OCPI leaves rounding to law and
 * contract (mod_tariffs, "Tariff Object", note on price rounding); our policy is half-up on each
 * CDR total, see docs/tariffs.md.
 */
public final class Money {

    private static final int FALLBACK_DIGITS = 2;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final int fractionDigits;

    private Money(int fractionDigits) {
        this.fractionDigits = fractionDigits;
    }

    /**
     * The currency's minor unit (EUR 2, JPY 0, BHD 3); 2 for unknown codes and currencies without
     * one, as the engine rounds them. For showing amounts at the scale they were rounded to.
     */
    public static int fractionDigits(String currencyCode) {
        return of(currencyCode, new Notes()).fractionDigits;
    }

    static Money of(String currencyCode, Notes notes) {
        try {
            int digits = Currency.getInstance(currencyCode).getDefaultFractionDigits();
            if (digits >= 0) {
                return new Money(digits);
            }
            notes.issue(PricingIssue.CURRENCY_WITHOUT_MINOR_UNIT, "currency " + currencyCode
                    + " has no minor unit; amounts rounded to " + FALLBACK_DIGITS + " decimals");
        } catch (IllegalArgumentException | NullPointerException e) {
            notes.issue(PricingIssue.CURRENCY_WITHOUT_MINOR_UNIT, "unknown currency " + currencyCode
                    + "; amounts rounded to " + FALLBACK_DIGITS + " decimals");
        }
        return new Money(FALLBACK_DIGITS);
    }

    BigDecimal round(BigDecimal amount) {
        return amount.setScale(fractionDigits, RoundingMode.HALF_UP);
    }

    Price round(BigDecimal exclVat, BigDecimal inclVat) {
        return new Price(round(exclVat), inclVat == null ? null : round(inclVat));
    }

    /** A component without {@code vat} has "no VAT applicable" (mod_tariffs, PriceComponent class). */
    static BigDecimal inclVat(BigDecimal exclVat, BigDecimal vatPercent) {
        if (vatPercent == null) {
            return exclVat;
        }
        return exclVat.multiply(HUNDRED.add(vatPercent)).divide(HUNDRED);
    }
}
