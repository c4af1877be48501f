package com.rollyy.emsp.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

class MinorUnitsTest {

    private static long minor(String amount, String currency) {
        return MinorUnits.of(new BigDecimal(amount), currency);
    }

    @Test
    void twoDecimalCurrenciesCountCents() {
        assertThat(minor("8.40", "EUR")).isEqualTo(840);
        assertThat(minor("8.4", "eur")).isEqualTo(840);
        assertThat(minor("12", "CHF")).isEqualTo(1200);
        assertThat(minor("0.01", "GBP")).isEqualTo(1);
    }

    @Test
    void ocpiFourDecimalsRoundHalfUp() {
        assertThat(minor("8.4049", "EUR")).isEqualTo(840);
        assertThat(minor("8.4050", "EUR")).isEqualTo(841);
        assertThat(minor("8.005", "EUR")).isEqualTo(801);
        assertThat(minor("0.0049", "EUR")).isEqualTo(0);
    }

    @Test
    void negativeAmountsRoundByTheirSize() {
        assertThat(minor("-8.405", "EUR")).isEqualTo(-841);
        assertThat(minor("-8.404", "EUR")).isEqualTo(-840);
    }

    @Test
    void zeroDecimalCurrenciesCountWholeUnits() {
        assertThat(minor("500", "JPY")).isEqualTo(500);
        assertThat(minor("499.5", "JPY")).isEqualTo(500);
        assertThat(minor("499.49", "JPY")).isEqualTo(499);
        assertThat(minor("1234", "KRW")).isEqualTo(1234);
        assertThat(minor("10000.4", "UGX")).isEqualTo(10000);
    }

    @Test
    void threeDecimalCurrenciesEndInZero() {
        assertThat(minor("5.124", "KWD")).isEqualTo(5120);
        assertThat(minor("5.125", "KWD")).isEqualTo(5130);
        assertThat(minor("1.2345", "BHD")).isEqualTo(1230);
        assertThat(minor("7", "JOD")).isEqualTo(7000);
    }

    @Test
    void iskIsTwoDecimalInWholeKronur() {
        assertThat(minor("40.10", "ISK")).isEqualTo(4000);
        assertThat(minor("40.50", "ISK")).isEqualTo(4100);
    }
}
