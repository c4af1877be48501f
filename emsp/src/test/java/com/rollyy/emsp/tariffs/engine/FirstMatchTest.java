package com.rollyy.emsp.tariffs.engine;

import static com.rollyy.emsp.tariffs.engine.Session.minutes;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.assertPrice;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.element;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.energy;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.flat;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.parking;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.tariff;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.time;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.rollyy.emsp.tariffs.Tariff;
import com.rollyy.emsp.tariffs.Tariff.TariffDimensionType;

/**
 * Per dimension, the first element in list order that matches and has a component for it
 * (mod_tariffs, "Tariff Object"); FLAT billed once per session.
 */
class FirstMatchTest {

    @Test
    void theFirstMatchingElementWinsForItsDimension() {
        Tariff tariff = tariff(element(energy("0.50", null, 1)), element(energy("0.10", null, 1)));

        PriceResult result = Session.at("2024-01-15T10:00").charge(Duration.ofHours(1), "10").price(tariff);

        assertPrice(result.totalCost(), "5.00", "5.00");
    }

    @Test
    void aLaterElementSuppliesADimensionTheFirstLacks() {
        Tariff tariff = tariff(
                element(when().between("08:00", "20:00"), energy("0.50", null, 1)),
                element(energy("0.10", null, 1), time("2.00", null, 1)));

        PriceResult result = Session.at("2024-01-15T10:00").charge(Duration.ofHours(1), "10").price(tariff);

        assertThat(result.breakdown()).extracting(PriceLine::dimension, PriceLine::elementIndex)
                .containsExactly(tuple(TariffDimensionType.ENERGY, 0), tuple(TariffDimensionType.TIME, 1));
        assertPrice(result.totalCost(), "7.00", "7.00");
    }

    @Test
    void anElementThatDoesNotMatchSuppliesNothing() {
        Tariff tariff = tariff(
                element(when().between("20:00", "08:00"), energy("0.50", null, 1), time("9.00", null, 1)),
                element(energy("0.10", null, 1)));

        PriceResult result = Session.at("2024-01-15T10:00").charge(Duration.ofHours(1), "10").price(tariff);

        assertPrice(result.totalCost(), "1.00", "1.00");
        assertPrice(result.totalTimeCost(), "0.00", "0.00");
    }

    @Test
    void aDimensionNoElementMatchesIsFree() {
        Tariff tariff = tariff(element(when().minKwh("100"), parking("10.00", null, 1)), element(energy("0.10", null, 1)));

        PriceResult result = Session.at("2024-01-15T10:00").charge(Duration.ofHours(1), "10").park(Duration.ofHours(1))
                .price(tariff);

        assertPrice(result.totalParkingCost(), "0.00", "0.00");
        assertPrice(result.totalCost(), "1.00", "1.00");
    }

    @Test
    void withinOneElementTheFirstComponentOfADimensionCounts() {
        Tariff tariff = tariff(element(energy("0.30", null, 1), energy("0.99", null, 1)));

        PriceResult result = Session.at("2024-01-15T10:00").charge(Duration.ofHours(1), "10").price(tariff);

        assertPrice(result.totalCost(), "3.00", "3.00");
    }

    @Test
    void eachPeriodChoosesAgain() {
        Tariff tariff = tariff(
                element(when().from("12:00"), energy("0.50", null, 1)),
                element(energy("0.10", null, 1)));

        PriceResult result = Session.at("2024-01-15T11:00").charge(Duration.ofHours(1), "10")
                .charge(Duration.ofHours(1), "10").price(tariff);

        assertThat(result.breakdown()).extracting(PriceLine::elementIndex, line -> line.volume().toPlainString())
                .containsExactly(tuple(1, "10"), tuple(0, "10"));
        assertPrice(result.totalCost(), "6.00", "6.00");
    }

    @Nested
    class Flat {
        @Test
        void billedOnceHoweverManyPeriods() {
            Tariff tariff = tariff(element(flat("1.50", "20"), energy("0.10", null, 1)));

            PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(20), "5").charge(minutes(20), "5")
                    .park(minutes(20)).charge(minutes(20), "5").price(tariff);

            assertPrice(result.totalFixedCost(), "1.50", "1.80");
            assertThat(result.breakdown()).filteredOn(line -> line.dimension() == TariffDimensionType.FLAT)
                    .singleElement().satisfies(line -> assertThat(line.billedVolume()).isEqualByComparingTo("1"));
        }

        @Test
        void theFirstPeriodOfferingAFlatSuppliesIt() {
            Tariff tariff = tariff(
                    element(when().minDuration(3600), flat("5.00", null)),
                    element(when().minDuration(1800), flat("2.00", null)),
                    element(energy("0.10", null, 1)));

            PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(30), "5").charge(minutes(30), "5")
                    .charge(minutes(30), "5").price(tariff);

            assertPrice(result.totalFixedCost(), "2.00", "2.00");
        }

        @Test
        void notBilledWhenNoPeriodOffersOne() {
            Tariff tariff = tariff(element(when().minDuration(7200), flat("5.00", null)), element(energy("0.10", null, 1)));

            PriceResult result = Session.at("2024-01-15T10:00").charge(Duration.ofHours(1), "5").price(tariff);

            assertPrice(result.totalFixedCost(), "0.00", "0.00");
        }

        @Test
        void billedForASessionWithoutConsumption() {
            Tariff tariff = tariff(element(flat("0.50", null), energy("0.10", null, 1)));

            PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(1), "0").price(tariff);

            assertPrice(result.totalCost(), "0.50", "0.50");
        }
    }
}
