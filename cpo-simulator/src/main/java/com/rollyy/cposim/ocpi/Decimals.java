package com.rollyy.cposim.ocpi;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;

/** The few number rules every volume the simulator reports follows. */
public final class Decimals {

    /** OCPI numbers carry 4 decimals unless a field says otherwise (types, "number"). */
    static final int SCALE = 4;
    /** Division by 3600 is the one inexact step; 34 significant digits keep it out of any cent. */
    public static final MathContext MATH = MathContext.DECIMAL128;
    static final BigDecimal MILLIS_PER_HOUR = BigDecimal.valueOf(3_600_000L);

    private Decimals() {
    }

    /** Rounded half-up to 4 decimals, without trailing zeros ({@code 10}, {@code 0.25}). */
    public static BigDecimal volume(BigDecimal value) {
        BigDecimal rounded = value.setScale(SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
    }

    /** Exact hours of a duration (to DECIMAL128 precision). */
    public static BigDecimal hours(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis()).divide(MILLIS_PER_HOUR, MATH);
    }

    /** A JSON number (or numeric text) as a BigDecimal; null when absent. */
    public static BigDecimal of(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Number || value instanceof String) {
            return new BigDecimal(value.toString());
        }
        throw new IllegalArgumentException("not a number: " + value);
    }
}
