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
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.rollyy.emsp.tariffs.Tariff;
import com.rollyy.emsp.tariffs.Tariff.ReservationRestrictionType;
import com.rollyy.emsp.tariffs.Tariff.TariffDimensionType;

/**
 * step_size per dimension (mod_cdrs, "CDR Object", step_size paragraphs; docs/tariffs.md,
 * "step_size"). Prices are 1.00 per hour / kWh unless stated, so volumes read as amounts.
 */
class StepSizeTest {

    @Test
    void energyUsesTheStepOfTheLastComponentThatPricedEnergy() {
        Tariff tariff = tariff(
                element(when().until("12:00"), energy("1.00", null, 1000)),
                element(when().from("12:00"), energy("2.00", null, 100)));

        PriceResult result = Session.at("2024-01-15T11:00").charge(Duration.ofHours(1), "1.234")
                .charge(Duration.ofHours(1), "1.01").price(tariff);

        // 2.244 kWh in total, step 100 Wh of the last component: 2.3 kWh, the extra 0.056 at 2.00
        assertThat(result.breakdown()).extracting(line -> line.billedVolume().toPlainString())
                .containsExactly("1.234", "1.066");
        assertPrice(result.totalCost(), "3.37", "3.37"); // 1.234 + 2.132 = 3.366
    }

    @Test
    void energyStepIsTakenFromTheLastPricedPeriodWhenEnergyBecomesFree() {
        Tariff tariff = tariff(
                element(when().until("12:00"), energy("1.00", null, 1000)),
                element(when().from("12:00"), time("0.00", null, 1)));

        PriceResult result = Session.at("2024-01-15T11:00").charge(Duration.ofHours(1), "1.2")
                .charge(Duration.ofHours(1), "5").price(tariff);

        assertPrice(result.totalEnergyCost(), "2.00", "2.00");
    }

    @Test
    void stepSizeZeroMeansNoRounding() {
        Tariff tariff = tariff(element(energy("1.00", null, 0)));

        PriceResult result = Session.at("2024-01-15T10:00").charge(Duration.ofHours(1), "1.2345").price(tariff);

        assertThat(result.breakdown().get(0).billedVolume()).isEqualByComparingTo("1.2345");
    }

    @Test
    void timeAloneIsRoundedOnItsTotal() {
        Tariff tariff = tariff(element(time("60.00", null, 300)));

        PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(7), "1").charge(minutes(7), "1")
                .price(tariff);

        assertPrice(result.totalTimeCost(), "15.00", "15.00"); // 14 min billed as 15
    }

    @Test
    void timeIsRoundedWhenParkingIsFree() {
        Tariff tariff = tariff(element(time("60.00", null, 300)));

        PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(7), "1").park(minutes(30)).price(tariff);

        assertPrice(result.totalCost(), "10.00", "10.00");
    }

    /** Charging resumes after a pause: still only the parking total is rounded. */
    @Test
    void parkingAbsorbsTheRoundingEvenWhenChargingComesLast() {
        Tariff tariff = tariff(element(time("60.00", null, 600), parking("60.00", null, 600)));

        PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(7), "1").park(minutes(3))
                .charge(minutes(6), "1").price(tariff);

        assertPrice(result.totalTimeCost(), "13.00", "13.00");
        assertPrice(result.totalParkingCost(), "10.00", "10.00");
        assertThat(result.notes()).contains(
                "step_size: PARKING_TIME 180 s billed as 600 s (step_size 600 of element 0, extra at its price); "
                        + "TIME is not rounded when parking is billed");
    }

    @Test
    void energyAndTimeAreRoundedIndependently() {
        Tariff tariff = tariff(element(energy("1.00", null, 1000), time("60.00", null, 600)));

        PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(11), "2.1").price(tariff);

        assertPrice(result.totalEnergyCost(), "3.00", "3.00");
        assertPrice(result.totalTimeCost(), "20.00", "20.00");
    }

    @Test
    void reservationTimeIsRoundedOnItsOwn() {
        Tariff tariff = tariff(
                element(when().reservation(ReservationRestrictionType.RESERVATION), time("60.00", null, 600)),
                element(time("60.00", null, 600), parking("60.00", null, 600)));

        PriceResult result = Session.at("2024-01-15T10:00").reserve(minutes(3)).charge(minutes(7), "1")
                .park(minutes(2)).price(tariff);

        assertPrice(result.totalReservationCost(), "10.00", "10.00");
        assertPrice(result.totalTimeCost(), "7.00", "7.00");
        assertPrice(result.totalParkingCost(), "10.00", "10.00");
    }

    /**
     * A consequence of the rule, kept visible: the step's extra is billed at the last
     * component's price, so more energy at an earlier, cheaper rate can fill the step and lower
     * the bill. 4.0 + 0.5 kWh bill 0.40 + 0.5 * 1.00 + 0.5 (extra) * 1.00 = 1.40; 4.5 + 0.5 kWh
     * bill 0.45 + 0.50 = 0.95.
     */
    @Test
    void moreEnergyCanCostLessWhenTheLastStepIsDearer() {
        Tariff tariff = tariff(
                element(when().until("12:00"), energy("0.10", null, 1000)),
                element(when().from("12:00"), energy("1.00", null, 1000)));

        PriceResult less = Session.at("2024-01-15T11:00").charge(Duration.ofHours(1), "4.0")
                .charge(Duration.ofHours(1), "0.5").price(tariff);
        PriceResult more = Session.at("2024-01-15T11:00").charge(Duration.ofHours(1), "4.5")
                .charge(Duration.ofHours(1), "0.5").price(tariff);

        assertPrice(less.totalCost(), "1.40", "1.40");
        assertPrice(more.totalCost(), "0.95", "0.95");
    }

    @Test
    void roundingToTheStepNeverBillsLessThanConsumed() {
        assertThat(Units.roundUpToStep(new BigDecimal("1000"), 1000)).isEqualByComparingTo("1000");
        assertThat(Units.roundUpToStep(new BigDecimal("1000.0001"), 1000)).isEqualByComparingTo("2000");
        assertThat(Units.roundUpToStep(new BigDecimal("115.2"), 1)).isEqualByComparingTo("116");
        assertThat(Units.roundUpToStep(new BigDecimal("0"), 300)).isEqualByComparingTo("0");
    }

    /** Hours that came out of a division do not tip a whole second over the next step. */
    @Test
    void hoursFromADivisionKeepWholeSeconds() {
        BigDecimal sevenSeconds = Units.hours(Duration.ofSeconds(7));

        assertThat(Units.toBase(TariffDimensionType.TIME, sevenSeconds)).isEqualByComparingTo("7");
        assertThat(Units.roundUpToStep(Units.toBase(TariffDimensionType.TIME, sevenSeconds), 1)).isEqualByComparingTo("7");
    }
}
