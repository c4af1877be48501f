package com.rollyy.emsp.tariffs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.rollyy.emsp.tariffs.Tariff.TariffDimensionType;

/**
 * Hours and priced units skip the 34-digit division when the quotient is exact: the result must
 * be the very BigDecimal the division gives (value and scale), whatever the input.
 */
class UnitsExactnessTest {

    private static BigDecimal dividedHours(Duration duration) {
        return BigDecimal.valueOf(duration.getSeconds()).movePointRight(9).add(BigDecimal.valueOf(duration.getNano()))
                .divide(BigDecimal.valueOf(3_600_000_000_000L), Units.MATH).stripTrailingZeros();
    }

    private static BigDecimal dividedFromBase(TariffDimensionType type, BigDecimal base) {
        return base.divide(Units.basePerPricedUnit(type), Units.MATH).stripTrailingZeros();
    }

    @Test
    void hoursAreTheDivisionsResult() {
        var random = new Random(15);
        for (long seconds = 0; seconds < 20_000; seconds++) {
            Duration d = Duration.ofSeconds(seconds);
            assertThat(Units.hours(d)).as("%s", d).isEqualTo(dividedHours(d));
        }
        for (int i = 0; i < 50_000; i++) {
            Duration d = i % 2 == 0 ? Duration.ofSeconds(random.nextInt(10_000_000), random.nextInt(1_000_000_000))
                    : Duration.ofMillis(9L * random.nextInt(100_000_000));
            assertThat(Units.hours(d)).as("%s", d).isEqualTo(dividedHours(d));
        }
        assertThat(Units.hours(Duration.ofHours(1))).isEqualTo(BigDecimal.ONE);
        assertThat(Units.hours(Duration.ofHours(10))).isEqualTo(new BigDecimal("1E+1"));
        assertThat(Units.hours(Duration.ZERO)).isEqualTo(BigDecimal.ZERO);
    }

    @Test
    void pricedUnitsAreTheDivisionsResult() {
        var random = new Random(15);
        String[] edges = {"0", "0.000", "1", "3600", "7200.5", "-3600", "9", "0.000009", "3599.999999", "1E+3",
                "123456789012345678901234567890123", "1234567890123456789012345678901234",
                "12345678901234567890123456789012345.5"};
        for (TariffDimensionType type : TariffDimensionType.values()) {
            for (String edge : edges) {
                assertThat(Units.fromBase(type, new BigDecimal(edge))).as("%s %s", type, edge)
                        .isEqualTo(dividedFromBase(type, new BigDecimal(edge)));
            }
            for (int i = 0; i < 20_000; i++) {
                BigDecimal base = i % 3 == 0 ? new BigDecimal(new BigInteger(112, random), random.nextInt(12))
                        : BigDecimal.valueOf(9L * random.nextInt(1_000_000_000), random.nextInt(7));
                assertThat(Units.fromBase(type, base)).as("%s %s", type, base).isEqualTo(dividedFromBase(type, base));
            }
        }
    }
}
