package com.rollyy.emsp.tariffs;

import static com.rollyy.emsp.support.Fixtures.location;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/** GET /ocpi/2.2.1/tariffs/estimate with what a robot planner knows, over HTTP. */
class EstimatePlannerTest extends EmspIntegrationTest {

    private static final String T = "2026-03-01T10:00:00Z";
    /** Reservation: 2.00 + 1.20/h; charging: 0.30/kWh; parking 2.00/h; 20 % VAT. */
    private static final String PLAN = """
            {"country_code":"NL","party_id":"SIM","id":"PLAN","currency":"EUR","type":"REGULAR",
             "elements":[{"price_components":[{"type":"FLAT","price":2.00,"vat":20.0,"step_size":1},
                                              {"type":"TIME","price":1.20,"vat":20.0,"step_size":60}],
                          "restrictions":{"reservation":"RESERVATION"}},
                         {"price_components":[{"type":"ENERGY","price":0.30,"vat":20.0,"step_size":1},
                                              {"type":"PARKING_TIME","price":2.00,"vat":20.0,"step_size":60}]}],
             "last_updated":"%s"}""".formatted(T);
    private static final String CHEAP = """
            {"country_code":"NL","party_id":"SIM","id":"CHEAP","currency":"EUR","type":"PROFILE_CHEAP",
             "elements":[{"price_components":[{"type":"ENERGY","price":0.20,"vat":20.0,"step_size":1}]}],
             "last_updated":"%s"}""".formatted(T);
    private static final String START = "&start_time=2026-03-02T09:00:00Z";

    private String token;

    @BeforeEach
    void assets() {
        try {
            cpo.registerWith(versionsUrl(), invite());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        token = cpo.tokenForEmsp();
        put("/ocpi/2.2.1/tariffs/NL/SIM/PLAN", PLAN);
        put("/ocpi/2.2.1/tariffs/NL/SIM/CHEAP", CHEAP);
        put("/ocpi/2.2.1/locations/NL/SIM/LOC1", location("NL", "SIM", "LOC1", T, evse("E1", "\"PLAN\",\"CHEAP\""),
                evse("E2", "\"CHEAP\"")));
    }

    @Test
    void parkingReservationAndMaxPowerArePriced() {
        var response = estimate("E1", "&kwh=22&max_power_kw=11&parking_minutes=30&reservation_minutes=15" + START);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var body = response.json();
        assertThat(body.get("tariff_id").asString()).isEqualTo("PLAN");
        assertThat(body.get("parking_minutes").asLong()).isEqualTo(30);
        assertThat(body.get("reservation_minutes").asLong()).isEqualTo(15);
        assertThat(body.get("max_power_kw").decimalValue()).isEqualByComparingTo("11");
        var estimate = body.get("estimate");
        // 22 kWh at 11 kW: 2 h; energy 6.60, parking 30 min 1.00, reservation 2.00 + 15 min 0.30
        assertThat(estimate.get("estimated_cost").decimalValue()).isEqualByComparingTo("9.90");
        assertThat(estimate.get("estimated_cost_incl_vat").decimalValue()).isEqualByComparingTo("11.88");
        assertThat(response.body()).contains("\"estimated_cost\":9.90,\"estimated_cost_incl_vat\":11.88")
                .contains("\"total_cost\":{\"excl_vat\":9.90,\"incl_vat\":11.88}");
        assertThat(cost(estimate, "energy").get("excl_vat").decimalValue()).isEqualByComparingTo("6.60");
        assertThat(cost(estimate, "parking").get("excl_vat").decimalValue()).isEqualByComparingTo("1.00");
        assertThat(cost(estimate, "reservation").get("excl_vat").decimalValue()).isEqualByComparingTo("2.30");
        assertThat(estimate.get("total_parking_time").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(strings(body.get("notes"))).anyMatch(note -> note.contains("duration PT2H derived from 22 kWh at the"
                + " max power of 11 kW"));
    }

    @Test
    void maxCurrentGivesThePowerAndConflictsAreRefusedNamingTheFields() {
        var current = estimate("E1", "&duration_minutes=60&max_current_a=16" + START).json();
        // 16 A over all phases × 230 V = 3.68 kW for an hour
        assertThat(current.get("estimate").get("total_energy").decimalValue()).isEqualByComparingTo("3.68");
        assertThat(strings(current.get("notes"))).anyMatch(note -> note.contains("derived from max_current_a"));

        var capped = estimate("E1", "&duration_minutes=60&max_power_kw=50" + START).json();
        assertThat(capped.get("estimate").get("total_energy").decimalValue()).as("the connector delivers 22.08 kW")
                .isEqualByComparingTo("22.08");

        var conflict = estimate("E1", "&kwh=30&duration_minutes=60&max_power_kw=11" + START);
        assertThat(conflict.status()).isEqualTo(400);
        assertThat(conflict.json().get("message").asString()).contains("max_power_kw").contains("at most 11 kWh");
        assertThat(estimate("E1", "&max_power_kw=0").status()).isEqualTo(400);
        assertThat(estimate("E1", "&parking_minutes=-5").json().get("message").asString()).contains("'parking_minutes'");
        assertThat(estimate("E1", "&reservation_minutes=1.5").status()).isEqualTo(400);
        assertThat(estimate("E1", "&max_current_a=lots").json().get("message").asString()).contains("'max_current_a'");
    }

    @Test
    void anEnergyProfileIsPricedAsGiven() {
        var body = estimate("E1", "&energy_profile=30:10,30:2" + START).json();
        assertThat(body.get("estimate").get("total_energy").decimalValue()).isEqualByComparingTo("12");
        assertThat(body.get("estimate").get("estimated_cost").decimalValue()).isEqualByComparingTo("3.60");

        assertThat(estimate("E1", "&energy_profile=30:10&kwh=10").json().get("message").asString())
                .contains("'energy_profile' replaces 'kwh'");
        assertThat(estimate("E1", "&energy_profile=30-10").json().get("message").asString())
                .contains("minutes:kwh");
    }

    @Test
    void aChargingPreferencePicksItsProfileTariff() {
        var cheap = estimate("E1", "&kwh=10&duration_minutes=60&profile_type=cheap" + START).json();
        assertThat(cheap.get("tariff_id").asString()).isEqualTo("CHEAP");
        assertThat(cheap.get("tariff_type").asString()).isEqualTo("PROFILE_CHEAP");
        assertThat(cheap.get("profile_type").asString()).isEqualTo("CHEAP");
        assertThat(cheap.get("estimate").get("estimated_cost").decimalValue()).isEqualByComparingTo("2.00");

        var green = estimate("E1", "&kwh=10&duration_minutes=60&profile_type=GREEN" + START).json();
        assertThat(green.get("tariff_id").asString()).isEqualTo("PLAN");
        assertThat(strings(green.get("notes"))).anyMatch(note -> note.startsWith("No PROFILE_GREEN tariff"));

        var regular = estimate("E1", "&kwh=10&duration_minutes=60" + START).json();
        assertThat(regular.get("tariff_id").asString()).isEqualTo("PLAN");
        assertThat(estimate("E1", "&profile_type=SLOW").json().get("message").asString()).contains("'profile_type'");
    }

    @Test
    void aConnectorWithOnlyAProfileTariffSaysWhatIsMissing() {
        var none = estimate("E2", "&kwh=10" + START);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().get("error").asString()).isEqualTo("no_tariff");
        assertThat(none.json().get("message").asString()).doesNotContain("not among the tariffs we hold")
                .contains("CHEAP (PROFILE_CHEAP)").contains("add profile_type");

        var withPreference = estimate("E2", "&kwh=10&profile_type=CHEAP" + START);
        assertThat(withPreference.status()).isEqualTo(200);
        assertThat(withPreference.json().get("tariff_id").asString()).isEqualTo("CHEAP");
    }

    @Test
    void moneyAndQuantitiesArePlainDecimals() {
        // 40 kWh × 0.30 = 12, an exact amount that BigDecimal would print as 1.2E+1
        var response = estimate("E1", "&kwh=40&duration_minutes=240" + START);

        String json = response.body();
        assertThat(json).doesNotContain("E+").doesNotContain("E-").doesNotContain("0000000");
        assertThat(json).contains("\"estimated_cost\":12.00,\"estimated_cost_incl_vat\":14.40")
                .contains("\"total_energy\":40,").contains("\"total_time\":4,")
                .contains("\"amount_excl_vat\":12,\"amount_incl_vat\":14.4");
    }

    private static JsonNode cost(JsonNode estimate, String dimension) {
        for (JsonNode row : estimate.get("costs")) {
            if (row.get("dimension").asString().equals(dimension)) {
                return row.get("estimated_cost");
            }
        }
        throw new AssertionError("no cost " + dimension + " in " + estimate);
    }

    private static List<String> strings(JsonNode array) {
        var values = new ArrayList<String>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    private TestHttp.Response estimate(String evseUid, String query) {
        String assetId = jdbc.sql("select asset_id::text from evse where uid = ?").param(evseUid).query(String.class)
                .single();
        return api("GET", "/ocpi/2.2.1/tariffs/estimate?asset_id=" + assetId + query).send();
    }

    private static String evse(String uid, String tariffIds) {
        return """
                {"uid":"%s","status":"AVAILABLE","connectors":[{"id":"1","standard":"IEC_62196_T2","format":"SOCKET",
                 "power_type":"AC_3_PHASE","max_voltage":230,"max_amperage":32,"tariff_ids":[%s],
                 "last_updated":"%s"}],"last_updated":"%s"}""".formatted(uid, tariffIds, T, T);
    }

    private void put(String path, String body) {
        var response = TestHttp.request("PUT", url(path)).token(token).json(body).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }
}
