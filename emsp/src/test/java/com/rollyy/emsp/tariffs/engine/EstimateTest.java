package com.rollyy.emsp.tariffs.engine;

import static com.rollyy.emsp.tariffs.engine.TariffFixtures.assertPrice;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.element;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.energy;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.flat;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.tariff;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.time;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.rollyy.emsp.tariffs.Tariff;

/** TariffEngine.estimate: constant power, synthetic periods cut where a restriction can change. */
class EstimateTest {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private static final Tariff ENERGY_AND_TIME = tariff(element(flat("0.50", "20"), energy("0.30", "20", 1),
            time("1.20", "20", 60)));

    private static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(AMSTERDAM).toInstant();
    }

    private static PriceResult estimate(Tariff tariff, String start, String kwh, Duration duration) {
        return TariffEngine.estimate(tariff, AMSTERDAM, local(start), kwh == null ? null : new BigDecimal(kwh), duration);
    }

    @Nested
    class Assumptions {
        @Test
        void energyAndDurationGiven() {
            PriceResult result = estimate(ENERGY_AND_TIME, "2024-01-15T10:00", "22", Duration.ofHours(2));

            assertPrice(result.totalCost(), "9.50", "11.40"); // 0.50 + 6.60 + 2.40
            assertThat(result.notes().get(0)).isEqualTo("estimate: constant power of 11 kW from 2024-01-15T09:00:00Z"
                    + " for PT2H, no parking, no reservation; current unknown");
        }

        @Test
        void durationDerivedFromEnergyAtElevenKilowatts() {
            PriceResult result = estimate(ENERGY_AND_TIME, "2024-01-15T10:00", "33", null);

            assertThat(result.totalTime()).isEqualByComparingTo("3");
            assertPrice(result.totalCost(), "14.00", "16.80"); // 0.50 + 9.90 + 3.60
            assertThat(result.notes().get(0))
                    .isEqualTo("estimate: duration PT3H derived from 33 kWh at the default AC power of 11 kW");
        }

        @Test
        void energyDerivedFromDurationAtElevenKilowatts() {
            PriceResult result = estimate(ENERGY_AND_TIME, "2024-01-15T10:00", null, Duration.ofMinutes(90));

            assertThat(result.totalEnergy()).isEqualByComparingTo("16.5");
            assertThat(result.notes().get(0))
                    .isEqualTo("estimate: 16.5 kWh derived from PT1H30M at the default AC power of 11 kW");
        }

        @Test
        void needsEnergyOrDuration() {
            assertThatThrownBy(() -> estimate(ENERGY_AND_TIME, "2024-01-15T10:00", null, null))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> estimate(ENERGY_AND_TIME, "2024-01-15T10:00", "10", Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> estimate(ENERGY_AND_TIME, "2024-01-15T10:00", "-1", Duration.ofHours(1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> estimate(ENERGY_AND_TIME, "2024-01-15T10:00", "0", null))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void noEnergyOverADurationIsTimeAndFlatOnly() {
        PriceResult result = estimate(ENERGY_AND_TIME, "2024-01-15T10:00", "0", Duration.ofHours(1));

        assertPrice(result.totalCost(), "1.70", "2.04"); // 0.50 + 1.20
    }

    @Nested
    class SyntheticPeriods {
        @Test
        void cutAtTimeOfDayBoundaries() {
            Tariff tariff = tariff(element(when().between("17:00", "20:00"), time("6.00", null, 1)),
                    element(time("1.00", null, 1)));

            PriceResult result = estimate(tariff, "2024-01-15T16:30", "10", Duration.ofHours(4));

            assertPrice(result.totalCost(), "19.00", "19.00"); // 0.5 h * 1 + 3 h * 6 + 0.5 h * 1
            assertThat(result.notes()).noneMatch(note -> note.contains("runs past"));
        }

        @Test
        void cutAtMidnightForAWindowThatWrapsAndForWeekdays() {
            Tariff tariff = tariff(
                    element(when().between("22:00", "06:00").on(Tariff.DayOfWeek.SATURDAY), energy("0.10", null, 1)),
                    element(energy("0.40", null, 1)));

            // Friday 23:00 to Saturday 01:00: only the Saturday hour is cheap
            PriceResult result = estimate(tariff, "2024-01-19T23:00", "20", Duration.ofHours(2));

            assertPrice(result.totalCost(), "5.00", "5.00");
        }

        @Test
        void cutAtDurationRestrictions() {
            Tariff supermarket = tariff(
                    element(when().maxDuration(1800), energy("0.00", "20", 1)),
                    element(when().maxDuration(3600), energy("0.25", "20", 1)),
                    element(energy("0.40", "20", 1)));

            // 8 kWh in 80 min: 3 kWh free, 3 kWh at 0.25, 2 kWh at 0.40
            PriceResult result = estimate(supermarket, "2024-01-15T10:00", "8", Duration.ofMinutes(80));

            assertPrice(result.totalCost(), "1.55", "1.86");
        }

        @Test
        void cutExactlyAtEnergyThresholds() {
            Tariff firstKwhFree = tariff(element(when().maxKwh("1"), energy("0", null, 1)),
                    element(when().minKwh("1").maxKwh("5"), energy("0.20", null, 1)),
                    element(energy("0.30", null, 1)));

            PriceResult result = estimate(firstKwhFree, "2024-01-15T10:00", "10", Duration.ofMinutes(77));

            assertPrice(result.totalCost(), "2.30", "2.30"); // 1 free + 4 * 0.20 + 5 * 0.30
            assertThat(result.breakdown()).extracting(line -> line.volume().stripTrailingZeros().toPlainString())
                    .containsExactly("1", "4", "5");
        }

        @Test
        void powerRestrictionsSeeTheConstantPower() {
            Tariff byPower = tariff(element(when().maxPower("22"), energy("0.30", null, 1)),
                    element(energy("0.60", null, 1)));

            assertPrice(estimate(byPower, "2024-01-15T10:00", "11", Duration.ofHours(1)).totalCost(), "3.30", "3.30");
            assertPrice(estimate(byPower, "2024-01-15T10:00", "50", Duration.ofHours(1)).totalCost(), "30.00", "30.00");
        }

        @Test
        void currentRestrictionsCannotBeJudgedAndSaySo() {
            Tariff byCurrent = tariff(element(when().maxCurrent("32"), energy("0.30", null, 1)),
                    element(energy("0.60", null, 1)));

            PriceResult result = estimate(byCurrent, "2024-01-15T10:00", "11", Duration.ofHours(1));

            assertPrice(result.totalCost(), "6.60", "6.60");
            assertThat(result.notes()).anyMatch(note -> note.startsWith("element 0: max_current cannot be checked"));
        }

        @Test
        void acrossTheDaylightSavingJump() {
            Tariff nightRate = tariff(element(when().until("07:00"), time("1.00", null, 1)), element(time("2.00", null, 1)));

            PriceResult result = estimate(nightRate, "2024-03-31T01:00", "30", Duration.ofHours(7));

            // 01:00 -> 07:00 local is 5 real hours, then 2 more until 09:00
            assertPrice(result.totalCost(), "9.00", "9.00");
        }

        @Test
        void equalsPricingTheSameSessionAsOnePeriodWhenNothingChanges() {
            PriceResult estimate = estimate(ENERGY_AND_TIME, "2024-01-15T10:00", "7.3", Duration.ofMinutes(47));
            PriceResult priced = Session.at("2024-01-15T10:00").charge(Duration.ofMinutes(47), "7.3")
                    .price(ENERGY_AND_TIME);

            assertThat(estimate.totalCost()).isEqualTo(priced.totalCost());
            assertThat(estimate.breakdown()).isEqualTo(priced.breakdown());
        }
    }

    @Nested
    class PlannerInputs {

        private EstimateRequest request(Tariff tariff, String start, String kwh, Duration duration) {
            return EstimateRequest.of(tariff, AMSTERDAM, local(start), kwh == null ? null : new BigDecimal(kwh),
                    duration);
        }

        private EstimateRequest with(EstimateRequest r, String maxPowerKw, String currentA, Duration parking,
                Duration reservation, java.util.List<EstimateRequest.Segment> profile) {
            return new EstimateRequest(r.tariff(), r.timeZone(), r.start(), r.kwh(), r.duration(),
                    maxPowerKw == null ? null : new BigDecimal(maxPowerKw),
                    currentA == null ? null : new BigDecimal(currentA), parking, reservation,
                    profile == null ? java.util.List.of() : profile);
        }

        @Test
        void parkingAfterChargingIsPricedAsParkingTime() {
            Tariff t = tariff(element(energy("0.30", "20", 1), TariffFixtures.parking("2.00", "20", 60)));
            PriceResult result = TariffEngine.estimate(with(request(t, "2024-01-15T10:00", "11", Duration.ofHours(1)),
                    null, null, Duration.ofMinutes(30), null, null));

            assertPrice(result.totalEnergyCost(), "3.30", "3.96");
            assertPrice(result.totalParkingCost(), "1.00", "1.20");
            assertPrice(result.totalCost(), "4.30", "5.16");
            assertThat(result.totalParkingTime()).isEqualByComparingTo("0.5");
            assertThat(result.totalTime()).isEqualByComparingTo("1.5");
            assertThat(result.notes().get(0)).contains("parked PT30M after charging ends at 2024-01-15T10:00:00Z");
        }

        @Test
        void parkingIsCutWherePricesChange() {
            // parking is free from 18:00: of 17:30–18:30 only the first half hour is billed
            Tariff t = tariff(element(energy("0.30", "20", 1)),
                    element(when().between("08:00", "18:00"), TariffFixtures.parking("2.00", "20", 60)));
            PriceResult result = TariffEngine.estimate(with(request(t, "2024-01-15T16:30", "11", Duration.ofHours(1)),
                    null, null, Duration.ofMinutes(60), null, null));

            assertPrice(result.totalParkingCost(), "1.00", "1.20");
            assertThat(result.issues()).isEmpty();
        }

        @Test
        void aReservationBeforeChargingIsPricedByTheReservationElement() {
            Tariff t = tariff(element(when().reservation(Tariff.ReservationRestrictionType.RESERVATION),
                            flat("2.00", "20"), time("1.20", "20", 60)),
                    element(energy("0.30", "20", 1)));
            PriceResult result = TariffEngine.estimate(with(request(t, "2024-01-15T10:00", "11", Duration.ofHours(1)),
                    null, null, null, Duration.ofMinutes(15), null));

            // 2.00 + 15 min × 1.20/h = 2.30 reservation; 11 kWh × 0.30 = 3.30 charging
            assertPrice(result.totalReservationCost(), "2.30", "2.76");
            assertPrice(result.totalEnergyCost(), "3.30", "3.96");
            assertPrice(result.totalCost(), "5.60", "6.72");
            assertThat(result.totalTime()).as("the session starts with the reservation").isEqualByComparingTo("1.25");
        }

        @Test
        void maxPowerReplacesTheDefaultPowerAndIsJudgedByPowerRestrictions() {
            Tariff t = tariff(element(when().maxPower("11"), energy("0.20", "0", 1)),
                    element(energy("0.40", "0", 1), time("1.00", "0", 1)));
            PriceResult slow = TariffEngine.estimate(with(request(t, "2024-01-15T10:00", null, Duration.ofHours(1)),
                    "7.4", null, null, null, null));
            assertPrice(slow.totalEnergyCost(), "1.48", "1.48");
            assertThat(slow.totalEnergy()).isEqualByComparingTo("7.4");

            PriceResult fast = TariffEngine.estimate(with(request(t, "2024-01-15T10:00", "44", null),
                    "22", null, null, null, null));
            // 44 kWh at 22 kW: two hours, above max_power 11 → 0.40/kWh and 1.00/h
            assertPrice(fast.totalCost(), "19.60", "19.60");
            assertThat(fast.notes().get(0)).isEqualTo("estimate: duration PT2H derived from 44 kWh at the max power"
                    + " of 22 kW");
        }

        @Test
        void moreEnergyThanTheMaxPowerDeliversIsRefused() {
            Tariff t = tariff(element(energy("0.30", "20", 1)));
            assertThatThrownBy(() -> TariffEngine.estimate(with(request(t, "2024-01-15T10:00", "20",
                    Duration.ofHours(1)), "11", null, null, null, null)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 11 kWh");
        }

        @Test
        void aKnownCurrentLetsCurrentRestrictionsBeChecked() {
            Tariff t = tariff(element(when().maxCurrent("20"), time("1.00", "0", 1)),
                    element(energy("0.30", "0", 1)));
            PriceResult unknown = estimate(t, "2024-01-15T10:00", "11", Duration.ofHours(1));
            assertThat(unknown.issues()).contains(PricingIssue.RESTRICTION_NOT_CHECKABLE);

            PriceResult known = TariffEngine.estimate(with(request(t, "2024-01-15T10:00", "11", Duration.ofHours(1)),
                    null, "16", null, null, null));
            assertThat(known.issues()).isEmpty();
            assertPrice(known.totalTimeCost(), "1.00", "1.00");
            assertPrice(known.totalEnergyCost(), "3.30", "3.30");
        }

        @Test
        void anEnergyProfileIsPricedSegmentBySegment() {
            Tariff t = tariff(element(when().maxPower("10"), energy("0.20", "0", 1)),
                    element(energy("0.50", "0", 1)));
            var profile = java.util.List.of(new EstimateRequest.Segment(Duration.ofMinutes(30), new BigDecimal("10")),
                    new EstimateRequest.Segment(Duration.ofMinutes(30), new BigDecimal("2")));
            PriceResult result = TariffEngine.estimate(with(request(t, "2024-01-15T10:00", null, null),
                    null, null, null, null, profile));

            // 10 kWh at 20 kW (above max_power 10: 0.50) then 2 kWh at 4 kW (0.20)
            assertPrice(result.totalEnergyCost(), "5.40", "5.40");
            assertThat(result.totalEnergy()).isEqualByComparingTo("12");
            assertThat(result.totalTime()).isEqualByComparingTo("1");
            assertThat(result.notes().get(0)).startsWith("estimate: energy profile of 2 segments, 12 kWh in PT1H");
        }

        @Test
        void energyThresholdsAreFoundInsideAProfileSegment() {
            Tariff t = tariff(element(when().maxKwh("5"), energy("0.20", "0", 1)),
                    element(energy("0.50", "0", 1)));
            var profile = java.util.List.of(new EstimateRequest.Segment(Duration.ofMinutes(30), new BigDecimal("2")),
                    new EstimateRequest.Segment(Duration.ofMinutes(30), new BigDecimal("8")));
            PriceResult result = TariffEngine.estimate(with(request(t, "2024-01-15T10:00", null, null),
                    null, null, null, null, profile));

            // the first 5 kWh at 0.20, the other 5 at 0.50
            assertPrice(result.totalEnergyCost(), "3.50", "3.50");
            assertThat(result.issues()).isEmpty();
        }

        @Test
        void aProfileTogetherWithKwhIsRefused() {
            Tariff t = tariff(element(energy("0.30", "20", 1)));
            var profile = java.util.List.of(new EstimateRequest.Segment(Duration.ofMinutes(30), BigDecimal.ONE));
            assertThatThrownBy(() -> TariffEngine.estimate(with(request(t, "2024-01-15T10:00", "5", null),
                    null, null, null, null, profile))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("replaces kwh and duration");
        }
    }
}
