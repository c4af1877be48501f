package com.rollyy.emsp.tariffs.engine;

import static com.rollyy.emsp.tariffs.engine.TariffFixtures.assertPrice;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.element;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.energy;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.flat;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.price;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.tariff;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.withLimits;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.rollyy.emsp.tariffs.Tariff;

/** min_price / max_price (mod_tariffs, "Tariff Object", notes on min_price and max_price). */
class PriceLimitsTest {

    /** FLAT 0.50 at 20% VAT and 0.25 per kWh at 10% VAT, so excl. and incl. VAT drift apart. */
    private static final Tariff MIXED_VAT = tariff(element(flat("0.50", "20"), energy("0.25", "10", 1)));

    private static PriceResult priced(Tariff tariff, String kwh) {
        return Session.at("2024-01-15T10:00").charge(Duration.ofHours(1), kwh).price(tariff);
    }

    @Test
    void minimumExclAndInclVatApplyIndependently() {
        // 2 kWh: 1.00 excl, 1.15 incl; the minimum 1.10 / 1.15 only lifts excl. VAT
        PriceResult result = priced(withLimits(MIXED_VAT, price("1.10", "1.15"), null), "2");

        assertPrice(result.totalCost(), "1.10", "1.15");
        assertThat(result.notes()).containsExactly("min_price applied: total excl. VAT 1.00 became 1.10");
    }

    @Test
    void maximumExclAndInclVatApplyIndependently() {
        // 38 kWh: 10.00 excl, 11.05 incl; the maximum 10.00 / 11.00 only caps incl. VAT
        PriceResult result = priced(withLimits(MIXED_VAT, null, price("10.00", "11.00")), "38");

        assertPrice(result.totalCost(), "10.00", "11.00");
        assertThat(result.notes()).containsExactly("max_price applied: total incl. VAT 11.05 became 11.00");
    }

    @Test
    void aLimitWithoutInclVatBoundsOnlyExclVat() {
        PriceResult result = priced(withLimits(MIXED_VAT, price("3.00", null), null), "2");

        assertPrice(result.totalCost(), "3.00", "1.15");
    }

    @Test
    void thePartsStayAsPriced() {
        PriceResult result = priced(withLimits(MIXED_VAT, null, price("5.00", "5.00")), "100");

        assertPrice(result.totalEnergyCost(), "25.00", "27.50");
        assertPrice(result.totalFixedCost(), "0.50", "0.60");
        assertPrice(result.totalCost(), "5.00", "5.00");
    }

    @Test
    void maximumWinsOverAMinimumAboveIt() {
        PriceResult result = priced(withLimits(MIXED_VAT, price("8.00", "8.00"), price("6.00", "6.00")), "2");

        assertPrice(result.totalCost(), "6.00", "6.00");
    }

    @Test
    void minimumAppliesToAnEmptySession() {
        PriceResult result = priced(withLimits(tariff(element(energy("0.25", "10", 1))), price("0.50", "0.55"), null), "0");

        assertPrice(result.totalCost(), "0.50", "0.55");
    }
}
