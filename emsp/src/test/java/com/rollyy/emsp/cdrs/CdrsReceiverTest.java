package com.rollyy.emsp.cdrs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/** The CDRs receiver over HTTP, as the registered simulator (NL/SIM) uses it. */
class CdrsReceiverTest extends EmspIntegrationTest {

    private static final String BASE = "/ocpi/2.2.1/cdrs";

    private String token;

    @BeforeEach
    void registered() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        token = cpo.tokenForEmsp();
    }

    static String cdr(String id, String total) {
        return """
                {"country_code":"NL","party_id":"SIM","id":"%s","start_date_time":"2026-03-02T10:00:00Z",
                 "end_date_time":"2026-03-02T11:00:00Z","session_id":"S1",
                 "cdr_token":{"country_code":"NL","party_id":"RYY","uid":"TOKEN1","type":"APP_USER","contract_id":"NL-RYY-C1"},
                 "auth_method":"COMMAND","authorization_reference":"REF-S1",
                 "cdr_location":{"id":"LOC1","address":"Keizersgracht 1","city":"Amsterdam","country":"NLD",
                  "coordinates":{"latitude":"52.37403","longitude":"4.88969"},"evse_uid":"E1","evse_id":"NL*SIM*E1",
                  "connector_id":"1","connector_standard":"IEC_62196_T2","connector_format":"SOCKET",
                  "connector_power_type":"AC_3_PHASE"},
                 "currency":"EUR",
                 "charging_periods":[{"start_date_time":"2026-03-02T10:00:00Z","dimensions":[{"type":"ENERGY","volume":20}]}],
                 "signed_data":{"encoding_method":"OCMF","signed_values":[{"nature":"Start","plain_data":"%s","signed_data":"abc"}]},
                 "total_cost":{"excl_vat":%s,"incl_vat":8.40},"total_energy":20,"total_time":1,
                 "last_updated":"2026-03-02T11:05:00Z"}""".formatted(id, "x".repeat(4000), total);
    }

    @Test
    void postAnswersWithALocationWhereTheCdrIsServed() {
        var response = post(cdr("CDR1", "7.00"));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.ocpiStatus()).isEqualTo(1000);
        String location = response.header("Location");
        assertThat(location).isEqualTo(url(BASE + "/CDR1"));
        var stored = TestHttp.request("GET", location).token(token).send().json().get("data");
        var sent = TestHttp.parse(cdr("CDR1", "7.00"));
        assertThat(stored.get("total_cost")).isEqualTo(sent.get("total_cost"));
        assertThat(stored.get("cdr_location")).isEqualTo(sent.get("cdr_location"));
        assertThat(stored.get("signed_data")).isEqualTo(sent.get("signed_data"));
        assertThat(stored.get("charging_periods").size()).isEqualTo(1);
    }

    @Test
    void aRepeatedCdrIsAcknowledgedAndChangesNothing() {
        post(cdr("CDR1", "7.00"));
        var again = post(cdr("CDR1", "99.00"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.ocpiStatus()).isEqualTo(1000);
        assertThat(again.header("Location")).isEqualTo(url(BASE + "/CDR1"));
        assertThat(get("/CDR1").json().get("data").get("total_cost").get("excl_vat").decimalValue())
                .isEqualByComparingTo("7.00");
        assertThat(jdbc.sql("select count(*) from cdr").query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void creditCdrsAndTheProductPut() {
        String credit = cdr("CDR1-C", "-7.00").replace("\"last_updated\"",
                "\"credit\":true,\"credit_reference_id\":\"CDR1\",\"last_updated\"");
        assertThat(post(credit).status()).isEqualTo(201);
        assertThat(get("/CDR1-C").json().get("data").get("credit_reference_id").asString()).isEqualTo("CDR1");
        String noReference = cdr("CDR2-C", "-1.00").replace("\"last_updated\"", "\"credit\":true,\"last_updated\"");
        assertThat(post(noReference).ocpiStatus()).isEqualTo(2001);

        var put = TestHttp.request("PUT", url(BASE + "/CDR3")).token(token).json(cdr("CDR3", "5.00")).send();
        assertThat(put.status()).isEqualTo(201);
        var mismatch = TestHttp.request("PUT", url(BASE + "/CDR4")).token(token).json(cdr("CDR3", "5.00")).send();
        assertThat(mismatch.ocpiStatus()).isEqualTo(2001);
    }

    @Test
    void badInputForeignPartiesAndUnknownIds() {
        var noCost = post(cdr("CDR1", "7.00").replaceAll("\"total_cost\":\\{[^}]*\\},", ""));
        assertThat(noCost.ocpiStatus()).isEqualTo(2001);
        assertThat(noCost.json().get("status_message").asString()).contains("'total_cost'");
        var noPeriods = post(cdr("CDR1", "7.00").replaceAll("(?s)\"charging_periods\":\\[.*?\\]\\}\\],",
                "\"charging_periods\":[],"));
        assertThat(noPeriods.json().get("status_message").asString()).contains("'charging_periods'");
        var noTokenParty = post(cdr("CDR1", "7.00").replace("\"country_code\":\"NL\",\"party_id\":\"RYY\",", ""));
        assertThat(noTokenParty.ocpiStatus()).isEqualTo(2001);
        var foreign = post(cdr("CDR1", "7.00").replace("\"country_code\":\"NL\",\"party_id\":\"SIM\"",
                "\"country_code\":\"DE\",\"party_id\":\"ABC\""));
        assertThat(foreign.ocpiStatus()).isEqualTo(2001);
        assertThat(post(cdr("C".repeat(39), "1.00")).status()).isEqualTo(201);
        assertThat(jdbc.sql("select count(*) from cdr").query(Integer.class).single()).isEqualTo(1);
        assertThat(get("/NOPE").status()).isEqualTo(404);
        var patch = TestHttp.request("PATCH", url(BASE + "/CDR1")).token(token).json("{}").send();
        assertThat(patch.ocpiStatus()).isNotEqualTo(1000);
    }

    @Test
    void storedCdrsFeedReconciliation() {
        post(cdr("CDR1", "7.00"));
        var reconcile = api("GET", "/ocpi/2.2.1/tariffs/reconcile/S1").send();
        // the CDR carries no tariff and we hold none: reconciliation says so instead of guessing
        assertThat(reconcile.status()).isEqualTo(422);
        assertThat(reconcile.json().get("error").asString()).isEqualTo("no_tariff");
    }

    @Test
    void aNegativeTotalOnlyOnACreditCdr() {
        var negative = post(cdr("CDR-NEG", "-7.00").replace("\"incl_vat\":8.40", "\"incl_vat\":-8.47"));
        assertThat(negative.ocpiStatus()).isEqualTo(2001);
        assertThat(negative.body()).contains("total_cost");
        assertThat(get("/CDR-NEG").status()).isEqualTo(404);
    }

    @Test
    void aCdrThatCannotBeRepricedOrExplainedIsStoredAndHeldForReview() {
        // an embedded tariff without price components: our engine cannot price it
        String oddTariff = cdr("CDR-ODD", "7.00").replace("\"currency\":\"EUR\",",
                "\"currency\":\"EUR\",\"tariffs\":[{\"country_code\":\"NL\",\"party_id\":\"SIM\",\"id\":\"T1\","
                        + "\"currency\":\"EUR\",\"elements\":[{}],\"last_updated\":\"2026-01-01T00:00:00Z\"}],");
        assertThat(post(oddTariff).status()).isEqualTo(201);
        var foreignToken = cdr("CDR-FOREIGN", "7.00").replace("\"party_id\":\"RYY\"", "\"party_id\":\"XXX\"");
        assertThat(post(foreignToken).status()).isEqualTo(201);

        var odd = api("GET", "/v1/payments?cdr_id=CDR-ODD").send().json().get(0);
        assertThat(odd.get("status").asString()).isEqualTo("HELD");
        assertThat(odd.get("discrepancy_detail").asString()).contains("not re-priced").contains("no robot job");
        var foreign = api("GET", "/v1/payments?cdr_id=CDR-FOREIGN").send().json().get(0);
        assertThat(foreign.get("status").asString()).isEqualTo("HELD");
        assertThat(foreign.get("discrepancy_detail").asString()).contains("is not ours");
        assertThat(STRIPE.paymentIntentsCreated()).isZero();
    }

    private TestHttp.Response post(String body) {
        return TestHttp.request("POST", url(BASE)).token(token).json(body).send();
    }

    private TestHttp.Response get(String path) {
        return TestHttp.request("GET", url(BASE + path)).token(token).send();
    }
}
