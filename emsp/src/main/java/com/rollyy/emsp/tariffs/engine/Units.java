package com.rollyy.emsp.tariffs.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;

import com.rollyy.emsp.tariffs.Tariff.TariffDimensionType;

/**
 * Volumes arrive in kWh and hours, step sizes count Wh and seconds. Quantities are converted to
 * those base units once, rounded up there, and converted back only for display.
 */
final class Units {

    /** Division by 3600 is the one inexact operation; 34 significant digits keep it invisible. */
    static final MathContext MATH = MathContext.DECIMAL128;

    private static final BigDecimal WH_PER_KWH = BigDecimal.valueOf(1000);
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);
    private static final BigDecimal NANOS_PER_HOUR = BigDecimal.valueOf(3_600_000_000_000L);
    private static final BigInteger NINE = BigInteger.valueOf(9);
    private static final BigInteger TWENTY_FIVE = BigInteger.valueOf(25);
    /**
     * Hours that went through a division (7 s = 0.0019444… h) come back as 6.999…9 s; without
     * this guard a step of 1 s would bill 8 s. Microseconds are far below any step_size.
     */
    private static final int SECONDS_SCALE = 6;

    private Units() {
    }

    /** Base units (Wh, seconds) per priced unit (kWh, hour); FLAT counts sessions. */
    static BigDecimal basePerPricedUnit(TariffDimensionType type) {
        return switch (type) {
            case ENERGY -> WH_PER_KWH;
            case TIME, PARKING_TIME -> SECONDS_PER_HOUR;
            case FLAT -> BigDecimal.ONE;
        };
    }

    static BigDecimal toBase(TariffDimensionType type, BigDecimal volume) {
        return switch (type) {
            case ENERGY -> volume.multiply(WH_PER_KWH);
            case TIME, PARKING_TIME -> roundSeconds(volume.multiply(SECONDS_PER_HOUR));
            case FLAT -> volume;
        };
    }

    static BigDecimal fromBase(TariffDimensionType type, BigDecimal base) {
        // exact quotients (of at most 34 digits, so MATH would not round them) without a 34-digit
        // division: the same value in the same (stripped) form
        if (base.precision() < MATH.getPrecision()) {
            switch (type) {
                case ENERGY -> {
                    return base.movePointLeft(3).stripTrailingZeros();
                }
                case FLAT -> {
                    return base.stripTrailingZeros();
                }
                case TIME, PARKING_TIME -> {
                    BigInteger[] ninths = base.unscaledValue().divideAndRemainder(NINE);
                    if (ninths[1].signum() == 0) {
                        // 3600 = 9 × 400 and 1/400 = 25/10^4
                        return new BigDecimal(ninths[0].multiply(TWENTY_FIVE), base.scale() + 4).stripTrailingZeros();
                    }
                }
            }
        }
        return base.divide(basePerPricedUnit(type), MATH).stripTrailingZeros();
    }

    static BigDecimal hours(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds >= 0 && seconds < 1_000_000_000L) {
            long nanos = seconds * 1_000_000_000L + duration.getNano();
            if (nanos % 9 == 0) {
                // exact without a 34-digit division: 3.6e12 = 9 × 4e11 and 1/4e11 = 25/10^13
                return BigDecimal.valueOf(nanos / 9 * 25, 13).stripTrailingZeros();
            }
        }
        BigDecimal nanos = BigDecimal.valueOf(duration.getSeconds()).movePointRight(9)
                .add(BigDecimal.valueOf(duration.getNano()));
        return nanos.divide(NANOS_PER_HOUR, MATH).stripTrailingZeros();
    }

    static BigDecimal seconds(Duration duration) {
        return BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9));
    }

    /** Smallest multiple of {@code step} not below {@code base}; step 0 means no rounding. */
    static BigDecimal roundUpToStep(BigDecimal base, int step) {
        if (step <= 0 || base.signum() <= 0) {
            return base;
        }
        BigDecimal size = BigDecimal.valueOf(step);
        return base.divide(size, 0, RoundingMode.CEILING).multiply(size);
    }

    private static BigDecimal roundSeconds(BigDecimal seconds) {
        return seconds.scale() > SECONDS_SCALE ? seconds.setScale(SECONDS_SCALE, RoundingMode.HALF_UP) : seconds;
    }
}
