package com.rollyy.emsp.tariffs.engine;

import static com.rollyy.emsp.tariffs.engine.TariffFixtures.assertPrice;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.element;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.tariff;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.time;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.when;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import com.rollyy.emsp.tariffs.Tariff;

/**
 * Restrictions read the Location's wall clock, durations are real elapsed time. Amsterdam jumps
 * from 02:00 to 03:00 on 2024-03-31 and falls back from 03:00 to 02:00 on 2024-10-27.
 */
class DaylightSavingTest {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    /** 1.00 per hour before 07:00 local, 2.00 after. */
    private static final Tariff NIGHT_AND_DAY = tariff(
            element(when().until("07:00"), time("1.00", null, 1)),
            element(time("2.00", null, 1)));

    /** The CPO cuts the session at 07:00 local; the night part lasts as long as the clock says it does. */
    private static PriceResult chargeFromOneToEight(String day) {
        var start = LocalDateTime.parse(day + "T01:00").atZone(AMSTERDAM).toInstant();
        var seven = LocalDateTime.parse(day + "T07:00").atZone(AMSTERDAM).toInstant();
        var eight = LocalDateTime.parse(day + "T08:00").atZone(AMSTERDAM).toInstant();
        return Session.at(day + "T01:00").charge(Duration.between(start, seven), "10")
                .charge(Duration.between(seven, eight), "2").price(NIGHT_AND_DAY);
    }

    @Test
    void springForward_theNightIsAnHourShorter() {
        PriceResult result = chargeFromOneToEight("2024-03-31");

        assertThat(result.totalTime()).isEqualByComparingTo("6");
        assertPrice(result.totalCost(), "7.00", "7.00"); // 5 h at 1.00 + 1 h at 2.00
    }

    @Test
    void fallBack_theNightIsAnHourLonger() {
        PriceResult result = chargeFromOneToEight("2024-10-27");

        assertThat(result.totalTime()).isEqualByComparingTo("8");
        assertPrice(result.totalCost(), "9.00", "9.00"); // 7 h at 1.00 + 1 h at 2.00
    }

    @Test
    void aWindowInTheSkippedHourNeverStarts() {
        Tariff tariff = tariff(element(when().between("02:00", "02:30"), time("60.00", null, 1)),
                element(time("1.00", null, 1)));

        PriceResult result = Session.at("2024-03-31T01:30").charge(Duration.ofMinutes(30), "1")
                .charge(Duration.ofMinutes(30), "1").price(tariff);

        // the second period starts at 03:00 local: the clock never showed 02:00-02:30
        assertPrice(result.totalCost(), "1.00", "1.00");
    }

    @Test
    void aWindowInTheRepeatedHourHoldsBothTimes() {
        Tariff tariff = tariff(element(when().between("02:00", "03:00"), time("6.00", null, 1)),
                element(time("1.00", null, 1)));

        // 02:00 CEST, 02:00 CET (the repeat), then 03:00 CET: two real hours in the window
        PriceResult result = Session.at("2024-10-27T02:00").charge(Duration.ofHours(1), "1")
                .charge(Duration.ofHours(1), "1").charge(Duration.ofHours(1), "1").price(tariff);

        assertPrice(result.totalCost(), "13.00", "13.00");
    }

    @Test
    void durationRestrictionsCountRealTimeAcrossTheJump() {
        Tariff tariff = tariff(element(when().minDuration(7200), time("10.00", null, 1)),
                element(time("1.00", null, 1)));

        // 01:00 -> 03:00 local is one real hour; 03:00 -> 04:00 is the second
        PriceResult result = Session.at("2024-03-31T01:00").charge(Duration.ofHours(1), "1")
                .charge(Duration.ofHours(1), "1").charge(Duration.ofHours(1), "1").price(tariff);

        assertThat(result.breakdown()).extracting(line -> line.volume().stripTrailingZeros())
                .containsExactly(BigDecimal.valueOf(2), BigDecimal.ONE);
        assertPrice(result.totalCost(), "12.00", "12.00");
    }

    @Test
    void dayOfWeekAndDatesFollowTheLocalDateAcrossTheJump() {
        Tariff tariff = tariff(element(when().fromDate("2024-10-27").untilDate("2024-10-28"), time("5.00", null, 1)),
                element(time("1.00", null, 1)));

        // 23:30 CEST on the 26th is 21:30Z; the second period starts at 00:30 local on the 27th
        PriceResult result = Session.at("2024-10-26T23:30").charge(Duration.ofHours(1), "1")
                .charge(Duration.ofHours(1), "1").price(tariff);

        assertPrice(result.totalCost(), "6.00", "6.00");
    }
}
