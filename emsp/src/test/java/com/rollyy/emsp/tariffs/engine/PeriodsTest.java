package com.rollyy.emsp.tariffs.engine;

import static com.rollyy.emsp.tariffs.engine.Session.minutes;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.assertPrice;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.element;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.energy;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.tariff;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.time;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.rollyy.emsp.tariffs.Tariff;

/** How the charging periods are read (mod_cdrs, "ChargingPeriod class" and "CDR Object"). */
class PeriodsTest {

    private static final Tariff EVENING_RATE = tariff(
            element(when().from("17:00"), energy("0.50", null, 1)),
            element(energy("0.10", null, 1)));

    @Test
    void periodsAreSortedByStart() {
        PricingRequest request = Session.at("2024-01-15T16:00").charge(Duration.ofHours(1), "10")
                .charge(Duration.ofHours(1), "10").request(EVENING_RATE);
        List<ChargingPeriod> reversed = new ArrayList<>(request.periods());
        Collections.reverse(reversed);

        PriceResult result = TariffEngine.price(new PricingRequest(request.tariff(), request.timeZone(),
                request.sessionStart(), request.sessionEnd(), reversed));

        assertPrice(result.totalCost(), "6.00", "6.00");
        assertThat(result.notes()).contains("charging periods were not in chronological order; priced in start order");
    }

    @Test
    void aPeriodOfAnotherTariffIsNotPricedButItsEnergyCounts() {
        Tariff tariff = tariff(element(when().minKwh("10"), energy("0.50", null, 1)), element(energy("0.10", null, 1)));

        PriceResult result = Session.at("2024-01-15T10:00").charge(Duration.ofHours(1), "10").tariffId("OTHER")
                .charge(Duration.ofHours(1), "10").tariffId("t1").price(tariff);

        assertPrice(result.totalCost(), "5.00", "5.00");
        assertThat(result.totalEnergy()).isEqualByComparingTo("20");
        assertThat(result.notes()).contains("period 0 belongs to tariff OTHER, not to T1; not priced here");
    }

    /** The CPO must cut at 17:00; when it does not, the period is priced as it began, and flagged. */
    @Test
    void aPeriodRunningPastAPriceChangeIsPricedAsItBeganAndNoted() {
        PriceResult result = Session.at("2024-01-15T16:30").charge(Duration.ofHours(1), "10").price(EVENING_RATE);

        assertPrice(result.totalCost(), "1.00", "1.00");
        assertThat(result.notes()).contains("period 0 runs past a price change at 2024-01-15T16:00:00Z;"
                + " priced with the components active at its start");
    }

    @Test
    void aPeriodRunningPastAnEnergyThresholdIsNoted() {
        Tariff tariff = tariff(element(when().maxKwh("5"), energy("0", null, 1)), element(energy("0.10", null, 1)));

        PriceResult result = Session.at("2024-01-15T10:00").charge(Duration.ofHours(1), "10").price(tariff);

        assertThat(result.notes()).contains("period 0 runs past a price change at 5 kWh; priced with the components active at its start");
    }

    @Test
    void aChangeThatDoesNotAffectWhatThePeriodConsumedIsNotNoted() {
        Tariff tariff = tariff(element(when().from("17:00"), time("9.00", null, 1)), element(energy("0.10", null, 1)));

        PriceResult result = Session.at("2024-01-15T16:30").period(Duration.ofHours(1),
                new CdrDimension(CdrDimensionType.ENERGY, BigDecimal.TEN)).price(tariff);

        assertThat(result.notes()).noneMatch(note -> note.contains("runs past"));
    }

    /** A period listing a dimension twice: quantities add up, the most extreme extreme counts. */
    @Test
    void repeatedDimensionsInAPeriod() {
        Tariff tariff = tariff(element(when().maxPower("20"), energy("1.00", null, 1)), element(energy("0.10", null, 1)));

        PriceResult result = Session.at("2024-01-15T10:00").charge(Duration.ofHours(1), "1")
                .with(CdrDimensionType.ENERGY, "2").with(CdrDimensionType.MAX_POWER, "10")
                .with(CdrDimensionType.MAX_POWER, "30").price(tariff);

        assertThat(result.totalEnergy()).isEqualByComparingTo("3");
        assertPrice(result.totalCost(), "0.30", "0.30");
    }

    @Test
    void totalsComeFromTheSessionAndItsPeriods() {
        PriceResult result = Session.at("2024-01-15T10:00").charge(Duration.ofMinutes(90), "12.5").park(minutes(30))
                .price(EVENING_RATE);

        assertThat(result.totalTime()).isEqualByComparingTo("2");
        assertThat(result.totalEnergy()).isEqualByComparingTo("12.5");
        assertThat(result.totalParkingTime()).isEqualByComparingTo("0.5");
    }

    @Test
    void noPeriodsCostNothing() {
        Instant start = Instant.parse("2024-01-15T10:00:00Z");

        PriceResult result = TariffEngine.price(new PricingRequest(EVENING_RATE, ZoneOffset.UTC, start,
                start.plusSeconds(60), List.of()));

        assertPrice(result.totalCost(), "0.00", "0.00");
        assertThat(result.breakdown()).isEmpty();
    }

    @Test
    void aSessionCannotEndBeforeItStarts() {
        Instant start = Instant.parse("2024-01-15T10:00:00Z");

        assertThatThrownBy(() -> new PricingRequest(EVENING_RATE, ZoneOffset.UTC, start, start.minusSeconds(1), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
