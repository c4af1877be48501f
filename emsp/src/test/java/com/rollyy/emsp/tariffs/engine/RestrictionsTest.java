package com.rollyy.emsp.tariffs.engine;

import static com.rollyy.emsp.tariffs.engine.Session.minutes;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.assertPrice;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.element;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.energy;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.tariff;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.time;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.when;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.rollyy.emsp.tariffs.Tariff;
import com.rollyy.emsp.tariffs.Tariff.DayOfWeek;
import com.rollyy.emsp.tariffs.Tariff.ReservationRestrictionType;
import com.rollyy.emsp.tariffs.engine.TariffFixtures.Restriction;

/**
 * Each TariffRestrictions field on its own (mod_tariffs, "TariffRestrictions class"): the element
 * under test costs 1.00 per kWh, the fallback 0.10, and one period charges 1 kWh, so the total
 * tells which element priced it.
 */
class RestrictionsTest {

    private static final String RESTRICTED = "1.00";
    private static final String FALLBACK = "0.10";

    private static Tariff restricted(Restriction restriction) {
        return tariff(element(restriction, energy(RESTRICTED, null, 1)), element(energy(FALLBACK, null, 1)));
    }

    /** Appends one period of 1 kWh in 6 minutes; {@code measured} adds values to that period. */
    private static String priceOfOneKwh(Tariff tariff, Session session, UnaryOperator<Session> measured) {
        return measured.apply(session.charge(minutes(6), "1")).price(tariff).totalCost().exclVat().toPlainString();
    }

    private static String priceOfOneKwh(Tariff tariff, Session session) {
        return priceOfOneKwh(tariff, session, UnaryOperator.identity());
    }

    private static String pricedAtLocal(Restriction restriction, String local) {
        return priceOfOneKwh(restricted(restriction), Session.at(local));
    }

    @Nested
    class TimeOfDay {
        @ParameterizedTest(name = "08:00-20:00 at {0}: {1}")
        @CsvSource({ "2024-01-15T07:59, 0.10", "2024-01-15T08:00, 1.00", "2024-01-15T19:59, 1.00",
                "2024-01-15T20:00, 0.10" })
        void window(String local, String expected) {
            assertThat(pricedAtLocal(when().between("08:00", "20:00"), local)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "22:00-06:00 at {0}: {1}")
        @CsvSource({ "2024-01-15T21:59, 0.10", "2024-01-15T22:00, 1.00", "2024-01-16T00:00, 1.00",
                "2024-01-16T05:59, 1.00", "2024-01-16T06:00, 0.10" })
        void windowAcrossMidnight(String local, String expected) {
            assertThat(pricedAtLocal(when().between("22:00", "06:00"), local)).isEqualTo(expected);
        }

        /** A night rate over a session that crosses midnight, cut at 22:00 and 06:00 by the CPO. */
        @Test
        void nightRateAcrossMidnight() {
            Tariff tariff = tariff(element(when().between("22:00", "06:00"), energy("0.10", null, 1)),
                    element(energy("0.30", null, 1)));

            PriceResult result = Session.at("2024-01-15T21:00")
                    .charge(Duration.ofHours(1), "10").charge(Duration.ofHours(8), "40").charge(Duration.ofHours(1), "10")
                    .price(tariff);

            assertPrice(result.totalCost(), "10.00", "10.00"); // 3.00 + 4.00 + 3.00
        }

        @Test
        void judgedOnTheLocationsWallClockNotUtc() {
            Tariff tariff = restricted(when().between("08:00", "09:00"));

            // 07:30Z is 08:30 in Amsterdam in winter, 02:30 in New York
            assertThat(priceOfOneKwh(tariff, Session.at("2024-01-15T08:30", ZoneId.of("Europe/Amsterdam"))))
                    .isEqualTo("1.00");
            assertThat(priceOfOneKwh(tariff, Session.at("2024-01-15T02:30", ZoneId.of("America/New_York"))))
                    .isEqualTo("0.10");
        }
    }

    @ParameterizedTest(name = "2024-03-01 until 2024-03-02 at {0}: {1}")
    @CsvSource({ "2024-02-29T23:59, 0.10", "2024-03-01T00:00, 1.00", "2024-03-01T23:59, 1.00",
            "2024-03-02T00:00, 0.10" })
    void startDateInclusiveEndDateExclusive(String local, String expected) {
        assertThat(pricedAtLocal(when().fromDate("2024-03-01").untilDate("2024-03-02"), local)).isEqualTo(expected);
    }

    @Nested
    class DayOfWeekRestriction {
        @ParameterizedTest(name = "weekend at {0}: {1}")
        @CsvSource({ "2024-01-19T23:59, 0.10", "2024-01-20T00:00, 1.00", "2024-01-21T23:59, 1.00",
                "2024-01-22T00:00, 0.10" })
        void weekend(String local, String expected) {
            assertThat(pricedAtLocal(when().on(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), local)).isEqualTo(expected);
        }

        /** Each restriction is judged alone: Friday 22:00-06:00 does not reach into Saturday morning. */
        @Test
        void windowPastMidnightIsJudgedOnTheDayItReaches() {
            Restriction fridayNight = when().between("22:00", "06:00").on(DayOfWeek.FRIDAY);

            assertThat(pricedAtLocal(fridayNight, "2024-01-19T23:00")).isEqualTo("1.00");
            assertThat(pricedAtLocal(fridayNight, "2024-01-20T01:00")).isEqualTo("0.10");
            assertThat(pricedAtLocal(fridayNight, "2024-01-19T01:00")).isEqualTo("1.00");
        }
    }

    @Nested
    class Energy {
        /** The second period starts after {@code before} kWh were charged in the first. */
        private String secondPeriodPrice(Restriction restriction, String before) {
            Tariff tariff = tariff(element(restriction, energy(RESTRICTED, null, 1)), element(energy(FALLBACK, null, 1)));
            PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(30), before).charge(minutes(6), "1")
                    .price(tariff);
            return result.breakdown().get(result.breakdown().size() - 1).unitPrice().toPlainString();
        }

        @Test
        void minKwhIsInclusiveOnTheEnergyChargedSoFar() {
            assertThat(secondPeriodPrice(when().minKwh("10"), "9.999")).isEqualTo(FALLBACK);
            assertThat(secondPeriodPrice(when().minKwh("10"), "10")).isEqualTo(RESTRICTED);
        }

        @Test
        void maxKwhIsExclusiveOnTheEnergyChargedSoFar() {
            assertThat(secondPeriodPrice(when().maxKwh("10"), "9.999")).isEqualTo(RESTRICTED);
            assertThat(secondPeriodPrice(when().maxKwh("10"), "10")).isEqualTo(FALLBACK);
        }

        /** The first kWh free, then 0.20 (the removed d2 example, as the CPO would cut the periods). */
        @Test
        void firstKwhFree() {
            Tariff tariff = tariff(element(when().maxKwh("1"), energy("0", null, 1)), element(energy("0.20", null, 1)));

            PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(6), "1").charge(minutes(60), "19")
                    .price(tariff);

            assertPrice(result.totalCost(), "3.80", "3.80");
        }
    }

    @Nested
    class Current {
        private String priced(Restriction restriction, CdrDimensionType type, String amps) {
            return priceOfOneKwh(restricted(restriction), Session.at("2024-01-15T10:00"), s -> s.with(type, amps));
        }

        @Test
        void minCurrentIsInclusiveOnTheLowestCurrent() {
            assertThat(priced(when().minCurrent("16"), CdrDimensionType.MIN_CURRENT, "16")).isEqualTo("1.00");
            assertThat(priced(when().minCurrent("16"), CdrDimensionType.MIN_CURRENT, "15.9")).isEqualTo("0.10");
        }

        @Test
        void maxCurrentIsExclusiveOnTheHighestCurrent() {
            assertThat(priced(when().maxCurrent("32"), CdrDimensionType.MAX_CURRENT, "31.9")).isEqualTo("1.00");
            assertThat(priced(when().maxCurrent("32"), CdrDimensionType.MAX_CURRENT, "32")).isEqualTo("0.10");
        }

        @Test
        void averageCurrentStandsInForAMissingExtreme() {
            assertThat(priced(when().maxCurrent("32"), CdrDimensionType.CURRENT, "20")).isEqualTo("1.00");
            assertThat(priced(when().minCurrent("32"), CdrDimensionType.CURRENT, "20")).isEqualTo("0.10");
        }

        @Test
        void theOtherExtremeCanStillRuleAnElementOut() {
            PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(6), "1")
                    .with(CdrDimensionType.MIN_CURRENT, "40").price(restricted(when().maxCurrent("32")));

            assertThat(result.totalCost().exclVat().toPlainString()).isEqualTo("0.10");
            assertThat(result.notes()).noneMatch(note -> note.contains("cannot be checked"));
        }

        @Test
        void withoutAnyCurrentTheElementDoesNotMatchAndANoteSaysSo() {
            PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(6), "1")
                    .price(restricted(when().maxCurrent("32")));

            assertThat(result.totalCost().exclVat().toPlainString()).isEqualTo("0.10");
            assertThat(result.notes()).contains(
                    "element 0: max_current cannot be checked, period 0 reports no such value; the element is treated as not matching");
        }
    }

    @Nested
    class Power {
        private String priced(Restriction restriction, CdrDimensionType type, String kw) {
            return priceOfOneKwh(restricted(restriction), Session.at("2024-01-15T10:00"), s -> s.with(type, kw));
        }

        @Test
        void minPowerIsInclusiveOnTheLowestPower() {
            assertThat(priced(when().minPower("22"), CdrDimensionType.MIN_POWER, "22")).isEqualTo("1.00");
            assertThat(priced(when().minPower("22"), CdrDimensionType.MIN_POWER, "21.99")).isEqualTo("0.10");
        }

        @Test
        void maxPowerIsExclusiveOnTheHighestPower() {
            assertThat(priced(when().maxPower("22"), CdrDimensionType.MAX_POWER, "22")).isEqualTo("0.10");
            assertThat(priced(when().maxPower("22"), CdrDimensionType.POWER, "21")).isEqualTo("1.00");
        }

        /** Without power dimensions the period's energy over its length is the power: 1 kWh in 6 min is 10 kW. */
        @Test
        void derivedFromEnergyAndLength() {
            assertThat(pricedAtLocal(when().maxPower("11"), "2024-01-15T10:00")).isEqualTo("1.00");
            assertThat(pricedAtLocal(when().maxPower("10"), "2024-01-15T10:00")).isEqualTo("0.10");
            assertThat(pricedAtLocal(when().minPower("10"), "2024-01-15T10:00")).isEqualTo("1.00");
        }
    }

    @Nested
    class Duration_ {
        /** The second period starts {@code after} into the session. */
        private String secondPeriodPrice(Restriction restriction, Duration after) {
            Tariff tariff = tariff(element(restriction, time("6.00", null, 1)), element(time("0.60", null, 1)));
            PriceResult result = Session.at("2024-01-15T10:00").charge(after, "1").charge(minutes(10), "1")
                    .price(tariff);
            return result.breakdown().get(result.breakdown().size() - 1).unitPrice().toPlainString();
        }

        @Test
        void minDurationIsInclusiveOnTheSessionAge() {
            assertThat(secondPeriodPrice(when().minDuration(3600), Duration.ofSeconds(3599))).isEqualTo("0.60");
            assertThat(secondPeriodPrice(when().minDuration(3600), Duration.ofSeconds(3600))).isEqualTo("6.00");
        }

        @Test
        void maxDurationIsExclusiveOnTheSessionAge() {
            assertThat(secondPeriodPrice(when().maxDuration(3600), Duration.ofSeconds(3599))).isEqualTo("6.00");
            assertThat(secondPeriodPrice(when().maxDuration(3600), Duration.ofSeconds(3600))).isEqualTo("0.60");
        }

        /** The session age counts parking too (it is the Charging Session's duration). */
        @Test
        void countsParkingTime() {
            Tariff tariff = tariff(element(when().minDuration(3600), energy("1.00", null, 1)),
                    element(energy("0.10", null, 1)));

            PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(30), "0").park(minutes(30))
                    .charge(minutes(6), "1").price(tariff);

            assertThat(result.totalCost().exclVat().toPlainString()).isEqualTo("1.00");
        }
    }

    @Nested
    class Reservation {
        private final Tariff tariff = tariff(
                element(when().reservation(ReservationRestrictionType.RESERVATION), time("5.00", null, 1)),
                element(time("1.00", null, 1)));

        @Test
        void reservationElementsPriceOnlyReservationTime() {
            PriceResult result = Session.at("2024-01-15T10:00").reserve(Duration.ofHours(1))
                    .charge(Duration.ofHours(1), "10").price(tariff);

            assertPrice(result.totalReservationCost(), "5.00", "5.00");
            assertPrice(result.totalTimeCost(), "1.00", "1.00");
        }

        @Test
        void reservationExpiresElementsDoNotPriceAReservationThatWasUsed() {
            Tariff expires = tariff(
                    element(when().reservation(ReservationRestrictionType.RESERVATION_EXPIRES), time("9.00", null, 1)),
                    element(when().reservation(ReservationRestrictionType.RESERVATION), time("5.00", null, 1)));

            PriceResult result = Session.at("2024-01-15T10:00").reserve(Duration.ofHours(1))
                    .charge(Duration.ofHours(1), "10").price(expires);

            assertPrice(result.totalReservationCost(), "5.00", "5.00");
        }

        @Test
        void unrestrictedElementsDoNotPriceReservationTime() {
            PriceResult result = Session.at("2024-01-15T10:00").reserve(Duration.ofHours(1))
                    .price(tariff(element(time("1.00", null, 1))));

            assertPrice(result.totalCost(), "0.00", "0.00");
        }
    }
}
