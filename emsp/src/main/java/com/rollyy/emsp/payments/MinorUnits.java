package com.rollyy.emsp.payments;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Set;

/**
 * Decimal amounts to the integer amounts Stripe expects, by Stripe's own currency rules rather
 * than ISO 4217's (java.util.Currency disagrees with Stripe on several, e.g. ISK and UGX).
 * OCPI prices carry up to four decimals, so every conversion rounds, always HALF_UP.
 */
final class MinorUnits {

    /** Stripe charges these in whole units: the amount is the number of units. */
    private static final Set<String> ZERO_DECIMAL = Set.of("BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA",
            "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF");

    /**
     * Three-decimal currencies: Stripe counts thousandths but its card partners need the last
     * digit to be 0, so the amount is rounded to hundredths first.
     */
    private static final Set<String> THREE_DECIMAL = Set.of("BHD", "JOD", "KWD", "OMR", "TND");

    /**
     * Two-decimal in Stripe's API, but card networks accept whole units only: Stripe refuses an
     * amount not divisible by 100.
     */
    private static final Set<String> WHOLE_UNITS_IN_HUNDREDTHS = Set.of("ISK");

    private MinorUnits() {
    }

    /** The amount in the currency's minor unit as Stripe counts it; the sign is kept. */
    static long of(BigDecimal amount, String currency) {
        String code = currency.toUpperCase(Locale.ROOT);
        if (ZERO_DECIMAL.contains(code)) {
            return amount.setScale(0, RoundingMode.HALF_UP).longValueExact();
        }
        if (THREE_DECIMAL.contains(code)) {
            return amount.setScale(2, RoundingMode.HALF_UP).movePointRight(3).longValueExact();
        }
        if (WHOLE_UNITS_IN_HUNDREDTHS.contains(code)) {
            return amount.setScale(0, RoundingMode.HALF_UP).movePointRight(2).longValueExact();
        }
        return amount.setScale(2, RoundingMode.HALF_UP).movePointRight(2).longValueExact();
    }

    /** What {@code minor} units move, as a plain decimal at Stripe's scale of the currency: 840 EUR → 8.40. */
    static BigDecimal toDecimal(long minor, String currency) {
        String code = currency.toUpperCase(Locale.ROOT);
        if (ZERO_DECIMAL.contains(code)) {
            return BigDecimal.valueOf(minor);
        }
        return BigDecimal.valueOf(minor, THREE_DECIMAL.contains(code) ? 3 : 2);
    }

    /**
     * The most decimals an amount we are asked to move may have: what {@link #of} moves without
     * rounding (three-decimal currencies in hundredths, ISK in whole units).
     */
    static int scale(String currency) {
        String code = currency.toUpperCase(Locale.ROOT);
        if (ZERO_DECIMAL.contains(code) || WHOLE_UNITS_IN_HUNDREDTHS.contains(code)) {
            return 0;
        }
        return 2;
    }
}
