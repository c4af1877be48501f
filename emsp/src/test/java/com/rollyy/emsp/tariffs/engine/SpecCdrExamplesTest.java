package com.rollyy.emsp.tariffs.engine;

import static com.rollyy.emsp.tariffs.engine.Session.minutes;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.assertPrice;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.element;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.energy;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.parking;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.tariff;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.time;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.when;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.rollyy.emsp.tariffs.Tariff;
import com.rollyy.emsp.tariffs.Tariff.TariffDimensionType;

/**
 * mod_cdrs: the "Example of a CDR" and the worked step_size examples of the "CDR Object"
 * paragraphs, with amounts recomputed from the text. The paragraph examples give no prices;
 * the ones used here are stated in each test.
 */
class SpecCdrExamplesTest {

    /**
     * The CDR example: tariff 12 (TIME 2.00/h, 10% VAT, step 300 s) and one period of 1.973 h
     * from 21:39:09Z to 23:37:32Z (7103 s). 7102.8 s round up to 7200 s: 4.00 / 4.40.
     */
    @Test
    void exampleCdr() {
        Tariff tariff = new Tariff("BE", "BEC", "12", "EUR", null, null, null, null, null,
                List.of(element(time("2", "10", 300))), null, null, null, Instant.parse("2015-02-02T14:15:01Z"));
        Instant start = Instant.parse("2015-06-29T21:39:09Z");
        Instant end = Instant.parse("2015-06-29T23:37:32Z");
        PricingRequest request = new PricingRequest(tariff, ZoneId.of("Europe/Brussels"), start, end, List.of(
                new ChargingPeriod(start, List.of(new CdrDimension(CdrDimensionType.TIME, new BigDecimal("1.973"))),
                        "12")));

        PriceResult result = TariffEngine.price(request);

        assertPrice(result.totalCost(), "4.00", "4.40");
        assertPrice(result.totalTimeCost(), "4.00", "4.40");
        assertThat(result.totalTime()).isEqualByComparingTo(new BigDecimal(7103).divide(new BigDecimal(3600), Units.MATH));
        assertThat(result.breakdown()).singleElement().satisfies(line -> {
            assertThat(line.volume()).isEqualByComparingTo("1.973");
            assertThat(line.billedVolume()).isEqualByComparingTo("2");
        });
    }

    /**
     * "step_size is not taken into account when switching time based paying for charging to
     * paying for parking": 21 min charging and 7 min parking, both step 5 min, bill 21 + 10 min.
     * Prices used: 1.00/h charging, 2.00/h parking: 0.35 + 0.3333.
     */
    @Test
    void chargingThenParking_onlyParkingIsRounded() {
        Tariff tariff = tariff(element(time("1.00", null, 300), parking("2.00", null, 300)));

        PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(21), "5").park(minutes(7)).price(tariff);

        assertThat(billed(result, TariffDimensionType.TIME)).isEqualByComparingTo("0.35");
        assertThat(billed(result, TariffDimensionType.PARKING_TIME))
                .isEqualByComparingTo(BigDecimal.TEN.divide(BigDecimal.valueOf(60), Units.MATH));
        assertPrice(result.totalCost(), "0.68", "0.68");
    }

    /**
     * Energy 0.20/kWh before 17:00 and 0.27 after, both step 500 Wh: 4.3 + 1.1 = 5.4 kWh rounds
     * to 5.5 in total, the extra 0.1 kWh at the later price: 0.86 + 1.2 * 0.27 = 1.184.
     */
    @Test
    void energyAcrossTwoElements_roundedOnceOnTheTotal() {
        Tariff tariff = tariff(
                element(when().until("17:00"), energy("0.20", null, 500)),
                element(when().from("17:00"), energy("0.27", null, 500)));

        PriceResult result = Session.at("2024-01-15T16:00").charge(minutes(60), "4.3").charge(minutes(20), "1.1")
                .price(tariff);

        assertThat(result.breakdown()).extracting(line -> line.billedVolume().toPlainString())
                .containsExactly("4.3", "1.2");
        assertPrice(result.totalCost(), "1.18", "1.18");
    }

    /**
     * Time 5.00/h before 17:00 and 7.00/h after, both step 10 min: 6 + 22 = 28 min rounds to 30,
     * so 24 min after 17:00 are billed, not 30: 0.50 + 2.80.
     */
    @Test
    void timeAcrossTwoElements_roundedOnceOnTheTotal() {
        Tariff tariff = tariff(
                element(when().until("17:00"), time("5.00", null, 600)),
                element(when().from("17:00"), time("7.00", null, 600)));

        PriceResult result = Session.at("2024-01-15T16:54").charge(minutes(6), "1").charge(minutes(22), "4")
                .price(tariff);

        assertPrice(result.totalCost(), "3.30", "3.30");
    }

    /**
     * 1.00/h charging and 2.00/h parking, both step 10 min: 21 min charging, 16 min parking.
     * Parking rounds to 20 min, charging stays 21 min: 0.35 + 0.6667.
     */
    @Test
    void timeAndParking_stepSizeOnlyOnTheParkingTotal() {
        Tariff tariff = tariff(element(time("1.00", null, 600), parking("2.00", null, 600)));

        PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(21), "5").park(minutes(16)).price(tariff);

        assertPrice(result.totalTimeCost(), "0.35", "0.35");
        assertPrice(result.totalParkingCost(), "0.67", "0.67");
        assertPrice(result.totalCost(), "1.02", "1.02");
    }

    private static BigDecimal billed(PriceResult result, TariffDimensionType dimension) {
        return result.breakdown().stream().filter(line -> line.dimension() == dimension)
                .map(PriceLine::billedVolume).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
