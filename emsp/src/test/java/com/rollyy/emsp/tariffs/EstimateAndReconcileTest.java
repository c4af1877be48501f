package com.rollyy.emsp.tariffs;

import static com.rollyy.emsp.support.Fixtures.location;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/** GET /ocpi/2.2.1/tariffs/estimate and /reconcile/{session_id} over HTTP, with tariffs pushed by the simulator. */
class EstimateAndReconcileTest extends EmspIntegrationTest {

    private static final String T = "2026-03-01T10:00:00Z";
    private static final String REGULAR = """
            {"country_code":"NL","party_id":"SIM","id":"EST","currency":"EUR","type":"REGULAR",
             "elements":[{"price_components":[{"type":"ENERGY","price":0.30,"vat":20.0,"step_size":1},
                                              {"type":"FLAT","price":1.00,"vat":20.0,"step_size":1}]},
                         {"price_components":[{"type":"TIME","price":2.00,"vat":20.0,"step_size":1}],
                          "restrictions":{"start_time":"18:00","end_time":"22:00"}}],
             "last_updated":"%s"}""".formatted(T);
    private static final String AD_HOC = """
            {"country_code":"NL","party_id":"SIM","id":"ADHOC","currency":"EUR","type":"AD_HOC_PAYMENT",
             "elements":[{"price_components":[{"type":"ENERGY","price":0.50,"vat":20.0,"step_size":1}]}],
             "last_updated":"%s"}""".formatted(T);

    private String token;
    private String assetId;

    @BeforeEach
    void assetWithTariffs() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        token = cpo.tokenForEmsp();
        put("/ocpi/2.2.1/tariffs/NL/SIM/EST", REGULAR);
        put("/ocpi/2.2.1/tariffs/NL/SIM/ADHOC", AD_HOC);
        String evse = """
                {"uid":"E1","status":"AVAILABLE","connectors":[{"id":"1","standard":"IEC_62196_T2","format":"SOCKET",
                 "power_type":"AC_3_PHASE","max_voltage":230,"max_amperage":32,"tariff_ids":["EST","ADHOC"],
                 "last_updated":"%s"}],"last_updated":"%s"}""".formatted(T, T);
        put("/ocpi/2.2.1/locations/NL/SIM/LOC1", location("NL", "SIM", "LOC1", T, evse));
        assetId = jdbc.sql("select asset_id::text from evse").query(String.class).single();
    }

    @Test
    void estimatesWithTheRegularTariff() {
        var response = estimate("&kwh=20&duration_minutes=60&start_time=2026-03-02T09:00:00Z");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var body = response.json();
        assertThat(body.get("tariff_id").asString()).isEqualTo("EST");
        assertThat(body.get("currency").asString()).isEqualTo("EUR");
        assertThat(body.get("elements").size()).isEqualTo(2);
        var estimate = body.get("estimate");
        // 20 kWh × 0.30 + 1.00 flat = 7.00; 20 % VAT → 8.40; 10:00–11:00 local is outside the TIME window
        assertThat(estimate.get("estimated_cost").decimalValue()).isEqualByComparingTo("7.00");
        assertThat(estimate.get("estimated_cost_incl_vat").decimalValue()).isEqualByComparingTo("8.40");
        assertThat(estimate.get("currency").asString()).isEqualTo("EUR");
        assertThat(estimate.get("breakdown").toString()).contains("ENERGY").contains("FLAT");
    }

    @Test
    void evaluatesTimeRestrictionsInTheLocationsTimeZone() {
        // 17:30 UTC is 18:30 in Amsterdam: the whole hour falls in the 18:00–22:00 TIME window
        var evening = estimate("&kwh=10&duration_minutes=60&start_time=2026-03-02T17:30:00Z").json();
        assertThat(evening.get("estimate").get("estimated_cost").decimalValue()).isEqualByComparingTo("6.00");
        // 15:00 UTC is 16:00 local: outside it
        var afternoon = estimate("&kwh=10&duration_minutes=60&start_time=2026-03-02T15:00:00Z").json();
        assertThat(afternoon.get("estimate").get("estimated_cost").decimalValue()).isEqualByComparingTo("4.00");
    }

    @Test
    void adHocPaymentPicksTheAdHocTariff() {
        var body = estimate("&kwh=10&duration_minutes=60&start_time=2026-03-02T09:00:00Z&payment=ad_hoc").json();
        assertThat(body.get("tariff_id").asString()).isEqualTo("ADHOC");
        assertThat(body.get("estimate").get("estimated_cost").decimalValue()).isEqualByComparingTo("5.00");
    }

    @Test
    void missingQuantitiesAreAssumedAndSaid() {
        var onlyDuration = estimate("&duration_minutes=30&start_time=2026-03-02T09:00:00Z").json();
        assertThat(onlyDuration.get("notes").toString()).containsIgnoringCase("kw");
        var nothing = estimate("&start_time=2026-03-02T09:00:00Z").json();
        assertThat(nothing.get("notes").toString()).contains("Neither kwh nor duration_minutes");
        assertThat(nothing.get("estimate").get("estimated_cost").decimalValue()).isPositive();
        var noStart = estimate("&kwh=5").json();
        assertThat(noStart.get("notes").toString()).contains("start_time not given");
    }

    @Test
    void badRequestsAreClear() {
        var unknown = api("GET", "/ocpi/2.2.1/tariffs/estimate?asset_id=00000000-0000-0000-0000-000000000000").send();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("message").asString()).contains("No charging asset");
        assertThat(api("GET", "/ocpi/2.2.1/tariffs/estimate").send().json().get("message").asString())
                .contains("'asset_id' is required");
        assertThat(api("GET", "/ocpi/2.2.1/tariffs/estimate?asset_id=nope").send().status()).isEqualTo(400);
        assertThat(estimate("&kwh=-1").status()).isEqualTo(400);
        assertThat(estimate("&kwh=ten").status()).isEqualTo(400);
        assertThat(estimate("&duration_minutes=1.5").status()).isEqualTo(400);
        assertThat(estimate("&kwh=0").status()).isEqualTo(400);
        assertThat(estimate("&start_time=tomorrow").status()).isEqualTo(400);
        assertThat(estimate("&payment=cash").status()).isEqualTo(400);
        assertThat(estimate("&connector_id=9").status()).isEqualTo(404);
        assertThat(TestHttp.request("GET", url("/ocpi/2.2.1/tariffs/estimate?asset_id=" + assetId)).token(token)
                .send().status()).isEqualTo(401);

        TestHttp.request("DELETE", url("/ocpi/2.2.1/tariffs/NL/SIM/EST")).token(token).send();
        TestHttp.request("DELETE", url("/ocpi/2.2.1/tariffs/NL/SIM/ADHOC")).token(token).send();
        var noTariff = estimate("&kwh=5");
        assertThat(noTariff.status()).isEqualTo(404);
        assertThat(noTariff.json().get("error").asString()).isEqualTo("no_tariff");
    }

    @Test
    void reconcilesACdrAgainstOurPrice() {
        storeCdr("CDR1", "S1", "7.00", "8.40");
        storeCdr("CDR2", "S2", "7.50", "9.00");

        var exact = api("GET", "/ocpi/2.2.1/tariffs/reconcile/S1").send();
        assertThat(exact.status()).as(exact.toString()).isEqualTo(200);
        var body = exact.json();
        assertThat(body.get("session_id").asString()).isEqualTo("S1");
        assertThat(body.get("calculated_cost").get("excl_vat").decimalValue()).isEqualByComparingTo("7.00");
        assertThat(body.get("cpo_reported_cost").get("incl_vat").decimalValue()).isEqualByComparingTo("8.40");
        assertThat(body.get("discrepancy").get("excl_vat").decimalValue()).isEqualByComparingTo("0");
        assertThat(body.get("within_tolerance").asBoolean()).isTrue();
        assertThat(body.get("energy_kwh").decimalValue()).isEqualByComparingTo("20");
        assertThat(body.get("duration_minutes").decimalValue()).isEqualByComparingTo("60");
        assertThat(body.get("currency").asString()).isEqualTo("EUR");
        assertThat(body.get("breakdown").isArray()).isTrue();

        var over = api("GET", "/ocpi/2.2.1/tariffs/reconcile/s2").send().json();
        assertThat(over.get("discrepancy").get("excl_vat").decimalValue()).isEqualByComparingTo("0.50");
        assertThat(over.get("within_tolerance").asBoolean()).isFalse();

        var none = api("GET", "/ocpi/2.2.1/tariffs/reconcile/S9").send();
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().get("message").asString()).contains("No CDR").contains("S9");
    }

    private void storeCdr(String id, String sessionId, String excl, String incl) {
        String doc = """
                {"country_code":"NL","party_id":"SIM","id":"%s","session_id":"%s",
                 "start_date_time":"2026-03-02T10:00:00Z","end_date_time":"2026-03-02T11:00:00Z","currency":"EUR",
                 "cdr_location":{"id":"LOC1","evse_uid":"E1","connector_id":"1"},
                 "tariffs":[%s],
                 "charging_periods":[{"start_date_time":"2026-03-02T10:00:00Z","tariff_id":"EST",
                   "dimensions":[{"type":"ENERGY","volume":20},{"type":"TIME","volume":1}]}],
                 "total_cost":{"excl_vat":%s,"incl_vat":%s},"total_energy":20,"total_time":1,
                 "last_updated":"2026-03-02T11:05:00Z"}""".formatted(id, sessionId, REGULAR, excl, incl);
        jdbc.sql("insert into cdr (country_code, party_id, id, session_id, doc, last_updated)"
                        + " values ('NL', 'SIM', ?, ?, ?::jsonb, now())")
                .params(id, sessionId, doc).update();
    }

    private TestHttp.Response estimate(String query) {
        return api("GET", "/ocpi/2.2.1/tariffs/estimate?asset_id=" + assetId + query).send();
    }

    private void put(String path, String body) {
        var response = TestHttp.request("PUT", url(path)).token(token).json(body).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }
}
