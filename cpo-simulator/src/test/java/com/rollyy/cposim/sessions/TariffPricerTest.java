package com.rollyy.cposim.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.rollyy.cposim.credentials.CpoIdentity;
import com.rollyy.cposim.locations.ChargingSite;
import com.rollyy.cposim.ocpi.Json;
import com.rollyy.cposim.tariffs.ChargingPeriod;
import com.rollyy.cposim.tariffs.Price;
import com.rollyy.cposim.tariffs.Tariff;
import com.rollyy.cposim.tariffs.TariffPricer;
import com.rollyy.cposim.tariffs.TariffRestrictions;

/**
 * The simulator's pricing of its own charging periods, with amounts worked out by hand from the
 * OCPI 2.2.1 rules (first matching element per dimension at each period's start, step_size once
 * per session at the last component, VAT per component, half-up rounding of the exact totals).
 */
class TariffPricerTest {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private static final CpoIdentity CPO = new CpoIdentity("NL", "SIM", "Sim");
    private static final CdrToken TOKEN = new CdrToken("DE", "RLY", "TOK1", "APP_USER", "DE-RLY-C00001-1");

    private static Tariff tariff(String json) {
        return Tariff.of(Json.exactObject(json));
    }

    private static ChargingSession session(Tariff tariff, Instant start) {
        ChargingSite site = new ChargingSite("LOC000001", "LOC000001-E1", "1", Map.of(), AMSTERDAM, tariff);
        return new ChargingSession(1, CPO, TOKEN, "COMMAND", null, site, "ACTIVE", start, null);
    }

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    /** ENERGY 0.40 on weekdays 07:00–23:00, else 0.30; PARKING_TIME in the day (never billed: no parking reported). */
    private static final String TIME_OF_DAY = """
            {"id":"TOD","currency":"EUR","elements":[
              {"price_components":[{"type":"ENERGY","price":0.40,"vat":21.0,"step_size":1}],
               "restrictions":{"start_time":"07:00","end_time":"23:00",
                               "day_of_week":["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY"]}},
              {"price_components":[{"type":"ENERGY","price":0.30,"vat":21.0,"step_size":1}]},
              {"price_components":[{"type":"PARKING_TIME","price":2.00,"vat":21.0,"step_size":300}],
               "restrictions":{"start_time":"09:00","end_time":"18:00"}}],
             "last_updated":"2026-01-01T00:00:00Z"}""";

    /** ENERGY 0.60 below 50 kW, else 0.70; TIME 6.00/h (step 60 s) once the session is an hour old. */
    private static final String FAST = """
            {"id":"FAST","currency":"EUR","elements":[
              {"price_components":[{"type":"ENERGY","price":0.60,"vat":21.0,"step_size":1}],
               "restrictions":{"max_power":50.00}},
              {"price_components":[{"type":"ENERGY","price":0.70,"vat":21.0,"step_size":1}]},
              {"price_components":[{"type":"TIME","price":6.00,"vat":21.0,"step_size":60}],
               "restrictions":{"min_duration":3600}}],
             "last_updated":"2026-01-01T00:00:00Z"}""";

    @Test
    void aPeriodIsCutWhereTheTimeOfDayPriceEndsAndEachPartPaysItsOwnPrice() {
        // Monday 2 March 2026, 22:30 in Amsterdam (CET)
        ChargingSession session = session(tariff(TIME_OF_DAY), Instant.parse("2026-03-02T21:30:00Z"));

        ChargingSession.Update update = session.advance(d("6"), Duration.ofMinutes(60), Instant.now());

        assertThat(update.periods()).hasSize(2);
        assertThat(update.periods().get(0).start()).isEqualTo(Instant.parse("2026-03-02T21:30:00Z"));
        assertThat(update.periods().get(1).start()).isEqualTo(Instant.parse("2026-03-02T22:00:00Z"));
        assertThat(update.periods()).extracting(ChargingPeriod::kwh).containsExactly(d("3"), d("3"));
        assertThat(update.periods()).extracting(ChargingPeriod::hours).containsExactly(d("0.5"), d("0.5"));
        assertThat(update.periods()).extracting(ChargingPeriod::powerKw).containsExactly(d("6"), d("6"));
        session.complete(Instant.parse("2026-03-02T22:30:00Z"));
        TariffPricer.Costs costs = session.ended().costs();
        // 3 x 0.40 + 3 x 0.30 = 2.10; x 1.21 = 2.541
        assertThat(costs.total()).isEqualTo(new Price(d("2.10"), d("2.54")));
        assertThat(costs.energy()).isEqualTo(new Price(d("2.10"), d("2.54")));
        assertThat(costs.time()).isEqualTo(new Price(d("0.00"), d("0.00")));
    }

    @Test
    void weekendsPayTheFallbackAllDay() {
        // Saturday 7 March 2026, 12:00 local
        ChargingSession session = session(tariff(TIME_OF_DAY), Instant.parse("2026-03-07T11:00:00Z"));
        session.advance(d("10"), Duration.ofMinutes(60), Instant.now());
        session.complete(Instant.parse("2026-03-07T12:00:00Z"));

        assertThat(session.ended().periods()).hasSize(1);
        assertThat(session.ended().costs().total()).isEqualTo(new Price(d("3.00"), d("3.63")));
    }

    @Test
    void powerPicksTheEnergyPriceAndTimeIsBilledFromTheFirstHourInSteps() {
        Instant start = Instant.parse("2026-03-02T10:00:00Z");
        ChargingSession session = session(tariff(FAST), start);

        session.advance(d("10"), Duration.ofMinutes(30), Instant.now());   // 20 kW: 0.60
        session.advance(d("20"), Duration.ofMinutes(15), Instant.now());   // 80 kW: 0.70
        ChargingSession.Update last = session.advance(d("5"), Duration.ofMinutes(40), Instant.now()); // 7.5 kW
        session.complete(start.plus(Duration.ofMinutes(85)));

        // the last advance is cut where the session turns one hour old and TIME starts to apply
        assertThat(last.periods()).extracting(ChargingPeriod::start)
                .containsExactly(start.plus(Duration.ofMinutes(45)), start.plus(Duration.ofMinutes(60)));
        assertThat(last.periods()).extracting(ChargingPeriod::kwh).containsExactly(d("1.875"), d("3.125"));
        assertThat(last.periods()).extracting(ChargingPeriod::hours).containsExactly(d("0.25"), d("0.4167"));
        assertThat(last.periods()).extracting(ChargingPeriod::powerKw).containsExactly(d("7.5"), d("7.5"));
        TariffPricer.Costs costs = session.ended().costs();
        // energy: 10 x 0.60 + 20 x 0.70 + 5 x 0.60 = 23.00
        // time: 0.4167 h = 1500.12 s, rounded up to the 60 s step = 1560 s at 6.00/h = 2.60
        assertThat(costs.energy()).isEqualTo(new Price(d("23.00"), d("27.83")));
        assertThat(costs.time()).isEqualTo(new Price(d("2.60"), d("3.15")));
        // 25.60 x 1.21 = 30.976
        assertThat(costs.total()).isEqualTo(new Price(d("25.60"), d("30.98")));
        assertThat(session.ended().kwh()).isEqualByComparingTo("35");
    }

    @Test
    void flatOnceStepExtraAtTheLastPriceAndMinPrice() {
        Tariff tariff = tariff("""
                {"id":"T","currency":"EUR","min_price":{"excl_vat":2.00,"incl_vat":2.30},"elements":[
                  {"price_components":[{"type":"FLAT","price":0.50,"vat":21.0,"step_size":1},
                                       {"type":"ENERGY","price":0.40,"vat":21.0,"step_size":1000}],
                   "restrictions":{"end_time":"23:00"}},
                  {"price_components":[{"type":"FLAT","price":9.00,"vat":21.0,"step_size":1},
                                       {"type":"ENERGY","price":0.30,"step_size":1000}]}],
                 "last_updated":"2026-01-01T00:00:00Z"}""");
        // Monday 22:45 local: 15 minutes at 0.40, then 0.30 (without VAT) after 23:00
        ChargingSession session = session(tariff, Instant.parse("2026-03-02T21:45:00Z"));
        session.advance(d("0.8"), Duration.ofMinutes(30), Instant.now());
        session.complete(Instant.parse("2026-03-02T22:15:00Z"));

        TariffPricer.Costs costs = session.ended().costs();
        // 0.4 kWh x 0.40 = 0.16 (incl 0.1936), 0.4 kWh x 0.30 = 0.12 (no VAT), step 1 kWh: the
        // missing 0.2 kWh at the last price 0.30 = 0.06; FLAT once from the first period = 0.50 (incl 0.605)
        assertThat(costs.fixed()).isEqualTo(new Price(d("0.50"), d("0.61")));
        assertThat(costs.energy()).isEqualTo(new Price(d("0.34"), d("0.37")));
        // exact 0.84 / 0.9786 is below min_price: 2.00 / 2.30
        assertThat(costs.total()).isEqualTo(new Price(d("2.00"), d("2.30")));
    }

    @Test
    void aTariffWithoutMatchingElementsChargesNothing() {
        Tariff tariff = tariff("""
                {"id":"T","currency":"EUR","elements":[
                  {"price_components":[{"type":"ENERGY","price":0.40,"vat":21.0,"step_size":1}],
                   "restrictions":{"max_current":16}},
                  {"price_components":[{"type":"ENERGY","price":0.40,"vat":21.0,"step_size":1}],
                   "restrictions":{"reservation":"RESERVATION"}}],
                 "last_updated":"2026-01-01T00:00:00Z"}""");
        ChargingSession session = session(tariff, Instant.parse("2026-03-02T10:00:00Z"));
        session.advance(d("5"), Duration.ofMinutes(30), Instant.now());
        session.complete(Instant.parse("2026-03-02T10:30:00Z"));

        // no current is reported and nothing is a reservation: neither element can apply
        assertThat(session.ended().costs().total()).isEqualTo(new Price(d("0.00"), d("0.00")));
    }

    @Test
    void timeWindows() {
        assertThat(TariffRestrictions.inWindow(LocalTime.of(7, 0), "07:00", "23:00")).isTrue();
        assertThat(TariffRestrictions.inWindow(LocalTime.of(23, 0), "07:00", "23:00")).isFalse();
        assertThat(TariffRestrictions.inWindow(LocalTime.of(1, 0), "22:00", "06:00")).isTrue();
        assertThat(TariffRestrictions.inWindow(LocalTime.of(12, 0), "22:00", "06:00")).isFalse();
        assertThat(TariffRestrictions.inWindow(LocalTime.of(23, 59), "18:00", "00:00")).isTrue();
        assertThat(TariffRestrictions.inWindow(LocalTime.of(3, 0), null, "06:00")).isTrue();
        assertThat(TariffRestrictions.inWindow(LocalTime.of(3, 0), "08:00", "08:00")).isTrue();
    }

    @Test
    void changePointsAreLocalTimesMidnightsDurationsAndEnergyThresholds() {
        Tariff tariff = tariff("""
                {"id":"T","currency":"EUR","elements":[
                  {"price_components":[{"type":"ENERGY","price":0.40,"step_size":1}],
                   "restrictions":{"start_time":"22:00","end_time":"06:00","max_kwh":20,"min_duration":7200}},
                  {"price_components":[{"type":"PARKING_TIME","price":1,"step_size":1}],
                   "restrictions":{"start_time":"21:30"}}],
                 "last_updated":"2026-01-01T00:00:00Z"}""");
        Instant from = Instant.parse("2026-03-02T20:30:00Z");  // 21:30 local
        Instant to = Instant.parse("2026-03-02T23:30:00Z");    // 00:30 local

        List<Instant> points = TariffRestrictions.changePoints(tariff, AMSTERDAM, from.minusSeconds(1800), from, to,
                d("15"), d("10"));

        // 22:00 local; 20 kWh after half of the 10 kWh (1.5 h); 2 h of session age; local midnight.
        // The PARKING_TIME element's 21:30 is left out: the simulator never reports parking.
        assertThat(points).containsExactly(Instant.parse("2026-03-02T21:00:00Z"), Instant.parse("2026-03-02T22:00:00Z"),
                Instant.parse("2026-03-02T23:00:00Z"));
    }
}
