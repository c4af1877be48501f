package com.rollyy.emsp.tariffs.engine;

import static com.rollyy.emsp.tariffs.engine.Session.minutes;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.assertPrice;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.element;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.energy;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.flat;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.parking;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.tariff;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.time;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.rollyy.emsp.tariffs.Tariff;

/** VAT per component (mod_tariffs, "PriceComponent class") and our rounding policy (docs/tariffs.md, "Rounding"). */
class VatAndRoundingTest {

    @Test
    void eachComponentCarriesItsOwnVat() {
        Tariff tariff = tariff(element(flat("1.00", "21"), energy("0.50", "9", 1), time("2.00", "0", 60),
                parking("6.00", null, 60)));

        PriceResult result = Session.at("2024-01-15T10:00").charge(Duration.ofHours(1), "10").park(minutes(30))
                .price(tariff);

        assertPrice(result.totalFixedCost(), "1.00", "1.21");
        assertPrice(result.totalEnergyCost(), "5.00", "5.45");
        assertPrice(result.totalTimeCost(), "2.00", "2.00");
        assertPrice(result.totalParkingCost(), "3.00", "3.00");
        assertPrice(result.totalCost(), "11.00", "11.66");
    }

    /** "If omitted, no VAT is applicable": incl. equals excl., and the operator is told. */
    @Test
    void aComponentWithoutVatHasNoneAndIsNoted() {
        Tariff tariff = tariff(element(energy("0.25", null, 1), time("1.00", "0", 1)));

        PriceResult result = Session.at("2024-01-15T10:00").charge(Duration.ofHours(1), "10").price(tariff);

        assertPrice(result.totalCost(), "3.50", "3.50");
        assertThat(result.notes()).containsExactly("element 0 ENERGY has no vat: no VAT applicable, incl. VAT = excl. VAT");
    }

    @Test
    void breakdownLinesKeepExactAmounts() {
        Tariff tariff = tariff(element(energy("0.3333", "21", 1)));

        PriceResult result = Session.at("2024-01-15T10:00").charge(Duration.ofHours(1), "1.5").price(tariff);

        assertThat(result.breakdown().get(0).amountExclVat()).isEqualByComparingTo("0.49995");
        assertThat(result.breakdown().get(0).amountInclVat()).isEqualByComparingTo("0.6049395");
        assertPrice(result.totalCost(), "0.50", "0.60");
    }

    @Test
    void roundsHalfUpNotHalfEven() {
        // 0.125 and 0.135: half-even would give 0.12 and 0.14
        assertPrice(priceOf("EUR", "0.125"), "0.13", "0.13");
        assertPrice(priceOf("EUR", "0.135"), "0.14", "0.14");
    }

    @Test
    void roundsToTheCurrencysMinorUnit() {
        assertPrice(priceOf("JPY", "12.5"), "13", "13");
        assertPrice(priceOf("BHD", "1.2345"), "1.235", "1.235");
        assertThat(priceOf("JPY", "12.5").exclVat().scale()).isZero();
    }

    @Test
    void currencyWithoutMinorUnitFallsBackToTwoDecimals() {
        PriceResult result = Session.at("2024-01-15T10:00").charge(Duration.ofHours(1), "1")
                .price(tariff("XXX", element(energy("1.005", null, 1))));

        assertPrice(result.totalCost(), "1.01", "1.01");
        assertThat(result.notes()).contains("currency XXX has no minor unit; amounts rounded to 2 decimals");
    }

    /**
     * Parts and total are each rounded from exact sums (2.875 + 3.30 + 4.125 incl. VAT makes a
     * total of 10.30 while the rounded parts add up to 10.31), as in the complex tariff example.
     */
    @Test
    void totalIsRoundedFromTheExactSumNotFromRoundedParts() {
        Tariff tariff = tariff(element(flat("2.50", "15"), time("1.00", "20", 1), parking("5.00", "10", 1)));

        PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(165), "10").park(minutes(45)).price(tariff);

        assertPrice(result.totalFixedCost(), "2.50", "2.88");
        assertPrice(result.totalParkingCost(), "3.75", "4.13");
        assertPrice(result.totalCost(), "9.00", "10.30");
    }

    @Test
    void resultCarriesTheTariffCurrency() {
        assertThat(Session.at("2024-01-15T10:00").charge(minutes(1), "1")
                .price(tariff("CHF", element(energy("1", null, 1)))).currency()).isEqualTo("CHF");
    }

    private static com.rollyy.emsp.ocpi.types.Price priceOf(String currency, String amountPerKwh) {
        return Session.at("2024-01-15T10:00").charge(Duration.ofHours(1), "1")
                .price(tariff(currency, element(energy(amountPerKwh, null, 1)))).totalCost();
    }
}
