package com.rollyy.emsp.tariffs.engine;

import static com.rollyy.emsp.tariffs.engine.Session.minutes;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.assertPrice;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.element;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.energy;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.flat;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.parking;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.price;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.tariff;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.time;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.when;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.withLimits;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.rollyy.emsp.tariffs.Tariff;
import com.rollyy.emsp.tariffs.Tariff.DayOfWeek;
import com.rollyy.emsp.tariffs.Tariff.TariffDimensionType;

/**
 * The tariff examples of mod_tariffs ("Tariff Object", Examples; "PriceComponent class";
 * "TariffRestrictions class"), as tariffs and sessions, with the amounts recomputed from the
 * specification text (the 2.2.1-d2 text, corrected by the post-d2 errata where noted). Where a
 * published figure is wrong the test says so.
 */
class SpecTariffExamplesTest {

    private static final Tariff SIMPLE_025_KWH = tariff(element(energy("0.25", "10", 1)));
    private static final Tariff START_FEE_025_KWH = tariff(element(flat("0.50", "20"), energy("0.25", "10", 1)));

    @Test
    void simpleTariff_025PerKwh_20kWh() {
        PriceResult result = Session.at("2024-01-15T10:00").charge(Duration.ofHours(2), "20").price(SIMPLE_025_KWH);

        assertPrice(result.totalCost(), "5.00", "5.50");
        assertPrice(result.totalEnergyCost(), "5.00", "5.50");
        assertThat(result.totalEnergy()).isEqualByComparingTo("20");
    }

    @Test
    void startFee_isAFlatOnTopOfEnergy() {
        PriceResult result = Session.at("2024-01-15T10:00").charge(Duration.ofHours(2), "20").price(START_FEE_025_KWH);

        assertPrice(result.totalCost(), "5.50", "6.10");
        assertPrice(result.totalFixedCost(), "0.50", "0.60");
    }

    @Nested
    class MinimumPrice {
        private final Tariff tariff = withLimits(SIMPLE_025_KWH, price("0.50", "0.55"), null);

        @Test
        void doesNothingAboveTheMinimum() {
            PriceResult result = Session.at("2024-01-15T10:00").charge(Duration.ofHours(2), "20").price(tariff);

            assertPrice(result.totalCost(), "5.00", "5.50");
            assertThat(result.notes()).noneMatch(note -> note.startsWith("min_price"));
        }

        @Test
        void raisesTheTotalBelowTwoKwh() {
            PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(15), "1.5").price(tariff);

            assertPrice(result.totalCost(), "0.50", "0.55");
            assertPrice(result.totalEnergyCost(), "0.38", "0.41");
            assertThat(result.notes()).anyMatch(note -> note.startsWith("min_price applied: total excl. VAT 0.38"));
        }
    }

    @Test
    void parkingFeeAndStartFee_40MinutesParkedBilledAs45() {
        Tariff tariff = tariff(element(flat("0.50", "20"), energy("0.25", "10", 1), parking("2.00", "20", 900)));

        PriceResult result = Session.at("2024-01-15T10:00")
                .charge(Duration.ofHours(2), "20").park(minutes(40)).price(tariff);

        assertPrice(result.totalCost(), "7.00", "7.90");
        assertPrice(result.totalParkingCost(), "1.50", "1.80");
        assertThat(result.totalParkingTime()).isEqualByComparingTo(new java.math.BigDecimal(40).divide(
                new java.math.BigDecimal(60), Units.MATH));
    }

    @Nested
    class MaximumPrice {
        private final Tariff tariff = withLimits(START_FEE_025_KWH, null, price("10", "11"));

        @Test
        void capsFiftyKwh() {
            PriceResult result = Session.at("2019-06-01T10:00").charge(Duration.ofHours(5), "50").price(tariff);

            assertPrice(result.totalCost(), "10.00", "11.00");
            assertPrice(result.totalEnergyCost(), "12.50", "13.75");
            assertThat(result.notes()).contains("max_price applied: total excl. VAT 13.00 became 10.00",
                    "max_price applied: total incl. VAT 14.35 became 11.00");
        }

        @Test
        void leavesThirtyKwhAlone() {
            PriceResult result = Session.at("2019-06-01T10:00").charge(Duration.ofHours(3), "30").price(tariff);

            assertPrice(result.totalCost(), "8.00", "8.85");
        }
    }

    @Test
    void twoEuroPerHour_chargingOnly_parkingIsFree() {
        Tariff tariff = tariff(element(time("2.00", "10", 60)));

        PriceResult result = Session.at("2024-01-15T10:00")
                .charge(Duration.ofMinutes(150), "20").park(minutes(30)).price(tariff);

        assertPrice(result.totalCost(), "5.00", "5.50");
        assertPrice(result.totalParkingCost(), "0.00", "0.00");
    }

    @Test
    void threeEuroPerHourAndFiveEuroPerHourParking_42MinutesParkedBilledAs45() {
        Tariff tariff = tariff(element(time("3.00", "10", 60), parking("5.00", "20", 300)));

        PriceResult result = Session.at("2024-01-15T10:00")
                .charge(minutes(150), "20").park(minutes(42)).price(tariff);

        assertPrice(result.totalTimeCost(), "7.50", "8.25");
        assertPrice(result.totalParkingCost(), "3.75", "4.50");
        assertPrice(result.totalCost(), "11.25", "12.75");
    }

    @Test
    void adHocTariff_190PerHourAt52PercentVat() {
        Tariff tariff = tariff(element(time("1.90", "5.2", 300)));

        PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(150), "20").price(tariff);

        // 4.75 * 1.052 = 4.997
        assertPrice(result.totalCost(), "4.75", "5.00");
    }

    @Test
    void alternativeUrlTariff_20_45kWhBilledAs20_5() {
        Tariff tariff = tariff(element(flat("0.50", "20"), energy("0.25", "10", 100)));

        PriceResult result = Session.at("2024-01-15T10:00").charge(Duration.ofHours(2), "20.45").price(tariff);

        // 20.5 * 0.25 = 5.125, * 1.1 = 5.6375
        assertPrice(result.totalEnergyCost(), "5.13", "5.64");
        assertPrice(result.totalCost(), "5.63", "6.24");
        assertThat(result.breakdown()).anySatisfy(line -> {
            assertThat(line.dimension()).isEqualTo(TariffDimensionType.ENERGY);
            assertThat(line.volume()).isEqualByComparingTo("20.45");
            assertThat(line.billedVolume()).isEqualByComparingTo("20.5");
        });
    }

    @Nested
    class ComplexTariff {
        private final Tariff tariff = tariff(
                element(flat("2.50", "15")),
                element(when().maxCurrent("32"), time("1.00", "20", 900)),
                element(when().minCurrent("32").on(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                        DayOfWeek.THURSDAY, DayOfWeek.FRIDAY), time("2.00", "20", 600)),
                element(when().minCurrent("32").on(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), time("1.25", "20", 600)),
                element(when().between("09:00", "18:00").on(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                        DayOfWeek.THURSDAY, DayOfWeek.FRIDAY), parking("5.00", "10", 300)),
                element(when().between("10:00", "17:00").on(DayOfWeek.SATURDAY), parking("6.00", "10", 300)));

        /** d2: 165 min charging at up to 16 A from Monday 09:30, then 42 min parking. */
        @Test
        void mondayMorning() {
            PriceResult result = Session.at("2024-01-15T09:30")
                    .charge(minutes(165), "30").with(CdrDimensionType.MAX_CURRENT, "16")
                    .park(minutes(42)).price(tariff);

            assertPrice(result.totalFixedCost(), "2.50", "2.88");
            assertPrice(result.totalTimeCost(), "2.75", "3.30");
            assertPrice(result.totalParkingCost(), "3.75", "4.13");
            assertPrice(result.totalCost(), "9.00", "10.30");
        }

        /**
         * d2: 114 min at 43 A or more from Saturday 13:30, then 71 min parking. The d2 text says
         * 12.28 / 13.861 because it prices the charging at 1.20 per hour; the element it names
         * costs 1.25 per hour: 2.375 + 2.50 + 7.50 = 12.375, incl. 2.85 + 2.875 + 8.25 = 13.975.
         */
        @Test
        void saturdayAfternoon() {
            PriceResult result = Session.at("2024-01-20T13:30")
                    .charge(minutes(114), "60").with(CdrDimensionType.MIN_CURRENT, "43")
                    .park(minutes(71)).price(tariff);

            assertPrice(result.totalTimeCost(), "2.38", "2.85");
            assertPrice(result.totalParkingCost(), "7.50", "8.25");
            assertPrice(result.totalCost(), "12.38", "13.98");
        }
    }

    @Test
    void freeOfCharge_flatZeroWithoutVatAndStepSizeZero() {
        Tariff tariff = tariff(element(TariffFixtures.component(TariffDimensionType.FLAT, "0", null, 0)));

        PriceResult result = Session.at("2024-01-15T10:00").charge(Duration.ofHours(2), "20").park(minutes(30))
                .price(tariff);

        assertPrice(result.totalCost(), "0.00", "0.00");
    }

    @Nested
    class Reservation {
        private final Tariff perHour = tariff(
                element(when().reservation(Tariff.ReservationRestrictionType.RESERVATION), time("5.00", "20", 60)),
                element(flat("0.50", "20"), energy("0.25", "10", 1)));
        private final Tariff feeAndPerHour = tariff(
                element(when().reservation(Tariff.ReservationRestrictionType.RESERVATION),
                        flat("2.00", "20"), time("5.00", "20", 300)),
                element(flat("0.50", "20"), energy("0.25", "10", 1)));
        private final Tariff expireFee = tariff(
                element(when().reservation(Tariff.ReservationRestrictionType.RESERVATION_EXPIRES), flat("4.00", "20")),
                element(when().reservation(Tariff.ReservationRestrictionType.RESERVATION), time("2.00", "20", 600)),
                element(flat("0.50", "20"), energy("0.25", "10", 1)));
        private final Tariff expireTime = tariff(
                element(when().reservation(Tariff.ReservationRestrictionType.RESERVATION_EXPIRES),
                        time("6.00", "20", 600)),
                element(when().reservation(Tariff.ReservationRestrictionType.RESERVATION), time("3.00", "20", 600)),
                element(flat("0.50", "20"), energy("0.25", "10", 1)));

        @Test
        void reservationPrice_15MinutesThenCharging() {
            PriceResult result = Session.at("2024-01-15T10:00").reserve(minutes(15))
                    .charge(Duration.ofHours(2), "20").price(perHour);

            assertPrice(result.totalReservationCost(), "1.25", "1.50");
            assertPrice(result.totalCost(), "6.75", "7.60");
        }

        @Test
        void reservationFee_13MinutesBilledAs15() {
            PriceResult result = Session.at("2024-01-15T10:00").reserve(minutes(13))
                    .charge(Duration.ofHours(2), "20").price(feeAndPerHour);

            assertPrice(result.totalReservationCost(), "3.25", "3.90");
            assertPrice(result.totalFixedCost(), "0.50", "0.60");
            assertPrice(result.totalCost(), "8.75", "10.00");
        }

        @Test
        void expireFee_notBilledWhenChargingFollows() {
            PriceResult result = Session.at("2024-01-15T10:00").reserve(minutes(22))
                    .charge(Duration.ofHours(2), "20").price(expireFee);

            assertPrice(result.totalReservationCost(), "1.00", "1.20");
            assertPrice(result.totalCost(), "6.50", "7.30");
        }

        @Test
        void expireFee_billedWithTheFullHourWhenTheReservationExpires() {
            PriceResult result = Session.at("2024-01-15T10:00").reserve(Duration.ofHours(1)).price(expireFee);

            assertPrice(result.totalReservationCost(), "6.00", "7.20");
            assertPrice(result.totalFixedCost(), "0.00", "0.00");
            assertPrice(result.totalCost(), "6.00", "7.20");
            assertThat(result.notes()).contains("reservation not followed by charging: priced as an expired reservation");
        }

        @Test
        void expireTime_reservationRateWhenChargingFollows() {
            PriceResult result = Session.at("2024-01-15T10:00").reserve(minutes(22))
                    .charge(Duration.ofHours(2), "20").price(expireTime);

            assertPrice(result.totalCost(), "7.00", "7.90");
        }

        @Test
        void expireTime_expiresRateWinsForAnExpiredReservation() {
            PriceResult result = Session.at("2024-01-15T10:00").reserve(minutes(90)).price(expireTime);

            assertPrice(result.totalCost(), "9.00", "10.80");
        }

        @Test
        void expireTime_expiresElementWinsEvenWhenListedAfterTheReservationElement() {
            Tariff reordered = tariff(expireTime.elements().get(1), expireTime.elements().get(0),
                    expireTime.elements().get(2));

            PriceResult result = Session.at("2024-01-15T10:00").reserve(minutes(90)).price(reordered);

            assertPrice(result.totalCost(), "9.00", "10.80");
        }
    }

    /** mod_tariffs, PriceComponent class, step_size note: 115.2 Wh at 0.25 per kWh. */
    @Nested
    class EnergyStepSizeNote {
        @Test
        void stepOneBillsWholeWattHours() {
            assertThat(energyLine(1).amountExclVat()).isEqualByComparingTo("0.029");
        }

        @Test
        void stepTwentyFiveBills125Wh() {
            assertThat(energyLine(25).amountExclVat()).isEqualByComparingTo("0.03125");
        }

        @Test
        void stepFiveHundredBills500Wh() {
            assertThat(energyLine(500).amountExclVat()).isEqualByComparingTo("0.125");
        }

        private PriceLine energyLine(int step) {
            PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(1), "0.1152")
                    .price(tariff(element(energy("0.25", null, step))));
            return result.breakdown().get(0);
        }
    }

    /** "Example Tariff" for step_size when switching elements (tariff_14 in the specification). */
    @Nested
    class StepSizeWhenSwitchingElements {
        private final Tariff tariff = tariff(
                element(when().between("00:00", "17:00"), time("1.20", null, 1800), parking("1.00", null, 900)),
                element(when().between("17:00", "20:00"), time("2.40", null, 900), parking("1.00", null, 900)),
                element(when().between("20:00", "00:00"), time("2.40", null, 900)));

        /** 5 min at 1.20 + 5 min at 2.40, 2 min parking billed as 15: 0.10 + 0.20 + 0.25. */
        @Test
        void switchingElement1() {
            PriceResult result = Session.at("2024-01-15T16:55")
                    .charge(minutes(5), "1").charge(minutes(5), "1").park(minutes(2)).price(tariff);

            assertPrice(result.totalTimeCost(), "0.30", "0.30");
            assertPrice(result.totalParkingCost(), "0.25", "0.25");
            assertPrice(result.totalCost(), "0.55", "0.55");
        }

        /** 35 min charging rounded to 45 with the last step (900 s): 25 min at 1.20 + 20 min at 2.40. */
        @Test
        void switchingElement2() {
            PriceResult result = Session.at("2024-01-15T16:35")
                    .charge(minutes(25), "4").charge(minutes(10), "2").price(tariff);

            assertPrice(result.totalCost(), "1.30", "1.30");
            assertThat(result.breakdown()).extracting(PriceLine::elementIndex, line -> line.billedVolume().toPlainString())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "0.4166666666666666666666666666666667"),
                            org.assertj.core.groups.Tuple.tuple(1, "0.3333333333333333333333333333333333"));
        }

        /**
         * Post-d2 errata (ocpi/ocpi#546): 12 min charging at 2.40 (0.48, not rounded because
         * parking follows) and 8 billable minutes of parking before 20:00 rounded to 15 (0.25);
         * parking after 20:00 is free. d2 printed 0.80.
         */
        @Test
        void switchingToFreeOfCharge() {
            PriceResult result = Session.at("2024-01-15T19:40")
                    .charge(minutes(12), "2").park(minutes(8)).park(minutes(12)).price(tariff);

            assertPrice(result.totalTimeCost(), "0.48", "0.48");
            assertPrice(result.totalParkingCost(), "0.25", "0.25");
            assertPrice(result.totalCost(), "0.73", "0.73");
        }
    }

    /** "Example: Tariff with max_power Tariff Restrictions". */
    @Nested
    class MaxPower {
        private final Tariff tariff = tariff(
                element(when().maxPower("16"), energy("0.20", "20", 1)),
                element(when().maxPower("32"), energy("0.35", "20", 1)),
                element(energy("0.50", "20", 1)));

        @Test
        void powerFromReportedMaxPower() {
            PriceResult result = Session.at("2024-01-15T10:00")
                    .charge(minutes(10), "1").with(CdrDimensionType.MAX_POWER, "6")
                    .charge(minutes(50), "40").with(CdrDimensionType.MAX_POWER, "48")
                    .charge(Duration.ofSeconds(450), "0.5").with(CdrDimensionType.MAX_POWER, "4")
                    .price(tariff);

            assertPrice(result.totalCost(), "20.30", "24.36");
        }

        @Test
        void powerDerivedFromEnergyAndPeriodLength() {
            PriceResult result = Session.at("2024-01-15T10:00")
                    .charge(minutes(10), "1").charge(minutes(50), "40").charge(Duration.ofSeconds(450), "0.5")
                    .price(tariff);

            assertPrice(result.totalCost(), "20.30", "24.36");
            assertThat(result.breakdown()).extracting(PriceLine::elementIndex).containsExactly(0, 2);
        }
    }

    /** "Example: Tariff with max_duration Tariff Restrictions": the supermarket. */
    @Test
    void maxDuration_firstHalfHourFree() {
        Tariff tariff = tariff(
                element(when().maxDuration(1800), energy("0.00", "20", 1)),
                element(when().maxDuration(3600), energy("0.25", "20", 1)),
                element(energy("0.40", "20", 1)));

        PriceResult result = Session.at("2024-01-15T10:00")
                .charge(minutes(30), "5").charge(minutes(10), "1.2").price(tariff);

        assertPrice(result.totalCost(), "0.30", "0.36");
    }
}
