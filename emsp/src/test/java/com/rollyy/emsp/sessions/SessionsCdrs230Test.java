package com.rollyy.emsp.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.FakeVersionedCpo;
import com.rollyy.emsp.support.TestHttp;

/**
 * Sessions and CDRs from a CPO on OCPI 2.3.0, driven by hand (the CPO simulator does not speak
 * 2.3.0): the spec's examples (tag v2.3.0 examples/session_example_2_short_finished.json,
 * session_patch_example_total_cost.json, cdr_example.json, party changed to the CPO's) pushed to
 * /ocpi/2.3.0, their 2.3.0 Prices ({@code before_taxes} + {@code taxes[]}) stored as excl./incl.
 * VAT and served back as 2.3.0 Prices; and a whole robot job whose CDR is paid for its total after
 * taxes.
 */
class SessionsCdrs230Test extends EmspIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    /** examples/session_example_2_short_finished.json (v2.3.0). */
    private static final String SESSION = """
            {"country_code":"BE","party_id":"OLD","id":"101","start_date_time":"2015-06-29T22:39:09Z",
             "end_date_time":"2015-06-29T23:50:16Z","kwh":41.12,
             "cdr_token":{"country_code":"NL","party_id":"TST","uid":"123abc","type":"RFID","contract_id":"NL-TST-C12345678-S"},
             "auth_method":"WHITELIST","location_id":"LOC1","evse_uid":"3256","connector_id":"1","currency":"EUR",
             "charging_periods":[{"start_date_time":"2015-06-29T22:39:09Z","dimensions":[{"type":"ENERGY","volume":120},
                 {"type":"MAX_CURRENT","volume":30}]},
               {"start_date_time":"2015-06-29T22:40:54Z","dimensions":[{"type":"ENERGY","volume":41000},
                 {"type":"MIN_CURRENT","volume":34}]},
               {"start_date_time":"2015-06-29T23:07:09Z","dimensions":[{"type":"PARKING_TIME","volume":0.718}],
                "tariff_id":"12"}],
             "total_cost":{"before_taxes":8.50,"taxes":[{"name":"VAT","amount":0.85}]},
             "status":"COMPLETED","last_updated":"2015-06-29T23:50:17Z"}""";

    /** examples/cdr_example.json (v2.3.0): its embedded tariff has no tax_included. */
    private static final String CDR = """
            {"country_code":"BE","party_id":"OLD","id":"%s","start_date_time":"2024-12-05T17:39:09Z",
             "end_date_time":"2024-12-05T19:37:32Z","session_id":"%s",
             "cdr_token":%s,"auth_method":"%s","authorization_reference":%s,
             "cdr_location":{"id":"LOC1","name":"Gent Zuid","address":"F.Rooseveltlaan 3A","city":"Gent",
               "postal_code":"9000","country":"BEL","coordinates":{"latitude":"51.047599","longitude":"3.729944"},
               "evse_uid":"3256","evse_id":"BE*BEC*E041503003","connector_id":"1","connector_standard":"IEC_62196_T2",
               "connector_format":"SOCKET","connector_power_type":"AC_1_PHASE"},
             "currency":"EUR",
             "tariffs":[{"country_code":"BE","party_id":"OLD","id":"12","currency":"EUR",
               "elements":[{"price_components":[{"type":"TIME","price":2.00,"vat":10.0,"step_size":300}]}],
               "last_updated":"2024-05-02T14:15:01Z"}],
             "charging_periods":[{"start_date_time":"2024-12-05T17:39:09Z","dimensions":[{"type":"TIME","volume":1.973}],
               "tariff_id":"12"}],
             "total_cost":{"before_taxes":4.00,"taxes":[{"name":"VAT","amount":0.40}]},
             "total_energy":15.342,"total_time":1.973,
             "total_time_cost":{"before_taxes":4.00,"taxes":[{"name":"VAT","amount":0.40}]},
             "last_updated":"2024-12-05T20:02:13Z"}""";
    private static final String SPEC_TOKEN = """
            {"country_code":"DE","party_id":"TNM","uid":"012345678","type":"RFID","contract_id":"DE8ACC12E46L89"}""";

    private FakeVersionedCpo cpo230;
    private String token;

    @BeforeEach
    void registered230Cpo() {
        cpo230 = FakeVersionedCpo.offering("2.3.0").withEndpoints("tokens", "commands", "sessions", "cdrs", "tariffs")
                .answering("POST", "/2.3.0/commands/START_SESSION", "{\"result\":\"ACCEPTED\",\"timeout\":30}");
        token = register230(cpo230);
    }

    @AfterEach
    void closeCpo() {
        cpo230.close();
    }

    @Test
    void aSessionsPricesAreStoredAsExclAndInclVatAndServedBackIn230() {
        var put = ocpi("PUT", "/ocpi/2.3.0/sessions/BE/OLD/101", token).json(SESSION).send();
        assertThat(put.json().get("status_code").asInt()).as(put.body()).isEqualTo(1000);
        JsonNode stored = storedSession("101");
        assertThat(stored.get("total_cost").get("excl_vat").decimalValue()).isEqualByComparingTo("8.50");
        assertThat(stored.get("total_cost").get("incl_vat").decimalValue()).isEqualByComparingTo("9.35");

        // examples/session_patch_example_total_cost.json
        var patch = ocpi("PATCH", "/ocpi/2.3.0/sessions/BE/OLD/101", token).json("""
                {"total_cost":{"before_taxes":0.60,"taxes":[{"name":"VAT","amount":0.06}]},
                 "last_updated":"2019-06-23T08:11:00Z"}""").send();
        assertThat(patch.json().get("status_code").asInt()).as(patch.body()).isEqualTo(1000);
        stored = storedSession("101");
        assertThat(stored.get("total_cost").get("excl_vat").decimalValue()).isEqualByComparingTo("0.60");
        assertThat(stored.get("total_cost").get("incl_vat").decimalValue()).isEqualByComparingTo("0.66");
        // two taxes (GST + PST, North American style): summed into incl. VAT
        var newer = ocpi("PATCH", "/ocpi/2.3.0/sessions/BE/OLD/101", token).json("""
                {"total_cost":{"before_taxes":10.00,"taxes":[{"name":"GST","percentage":5,"amount":0.50},
                  {"name":"PST","percentage":7,"amount":0.70}]},"last_updated":"2019-06-24T08:11:00Z"}""").send();
        assertThat(newer.json().get("status_code").asInt()).as(newer.body()).isEqualTo(1000);
        stored = storedSession("101");
        assertThat(stored.get("total_cost").get("excl_vat").decimalValue()).isEqualByComparingTo("10.00");
        assertThat(stored.get("total_cost").get("incl_vat").decimalValue()).isEqualByComparingTo("11.20");

        JsonNode served = ocpi("GET", "/ocpi/2.3.0/sessions/BE/OLD/101", token).send().json().get("data");
        assertThat(served.get("total_cost").get("before_taxes").decimalValue()).isEqualByComparingTo("10.00");
        assertThat(served.get("total_cost").get("taxes").get(0).get("name").asString()).isEqualTo("VAT");
        assertThat(served.get("total_cost").get("taxes").get(0).get("amount").decimalValue())
                .isEqualByComparingTo("1.20");
        assertThat(served.get("total_cost").has("excl_vat")).isFalse();

        // a Price without before_taxes: 2001 naming the 2.3.0 field
        var bad = ocpi("PATCH", "/ocpi/2.3.0/sessions/BE/OLD/101", token).json("""
                {"total_cost":{"taxes":[]},"last_updated":"2019-06-25T00:00:00Z"}""").send();
        assertThat(bad.json().get("status_code").asInt()).isEqualTo(2001);
        assertThat(bad.json().get("status_message").asString()).contains("total_cost.before_taxes");
    }

    @Test
    void decimalsCrossTheTranslationExactlyAndAnAbsurdNumberIsNoServerError() {
        var exact = ocpi("PUT", "/ocpi/2.3.0/sessions/BE/OLD/102", token).json(SESSION.replace("\"id\":\"101\"",
                "\"id\":\"102\"").replace("\"before_taxes\":8.50", "\"before_taxes\":8.1234567890123456789")).send();
        assertThat(exact.json().get("status_code").asInt()).as(exact.body()).isEqualTo(1000);
        assertThat(jdbc.sql("select doc->'total_cost'->>'excl_vat' from charging_session where id = '102'")
                .query(String.class).single()).as("not through a double").isEqualTo("8.1234567890123456789");

        // 1e340 is Infinity as a double (a 500 when the tree held doubles): an OCPI answer, never a server error
        var absurd = ocpi("PATCH", "/ocpi/2.3.0/sessions/BE/OLD/102", token).json("""
                {"total_cost":{"before_taxes":9999999999999999999999999999999999999999e300,"taxes":[]},
                 "last_updated":"2019-06-25T00:00:00Z"}""").send();
        assertThat(absurd.status()).as(absurd.body()).isEqualTo(200);
        assertThat(absurd.json().get("status_code").asInt()).as(absurd.body()).isIn(1000, 2001);
    }

    @Test
    void theSpecsCdrIsStoredWithItsTotalsAndPaidForItsTotalAfterTaxes() {
        var post = ocpi("POST", "/ocpi/2.3.0/cdrs", token).json(CDR.formatted("12345", "S-12345", SPEC_TOKEN,
                "WHITELIST", "null")).send();
        assertThat(post.status()).as(post.body()).isEqualTo(201);
        String location = post.header("Location");
        assertThat(location).contains("/ocpi/2.3.0/cdrs/");

        JsonNode stored = api("GET", "/v1/cdrs/12345").send().json().get("cdr");
        assertThat(stored.get("total_cost").get("excl_vat").decimalValue()).isEqualByComparingTo("4.00");
        assertThat(stored.get("total_cost").get("incl_vat").decimalValue()).isEqualByComparingTo("4.40");
        assertThat(stored.get("total_time_cost").get("incl_vat").decimalValue()).isEqualByComparingTo("4.40");

        JsonNode served = TestHttp.request("GET", location).token(token).send().json().get("data");
        assertThat(served.get("total_cost").get("before_taxes").decimalValue()).isEqualByComparingTo("4.00");
        assertThat(served.get("total_cost").get("taxes").get(0).get("amount").decimalValue())
                .isEqualByComparingTo("0.40");
        assertThat(served.get("tariffs").get(0).get("tax_included").asString()).isEqualTo("NO");

        // a CDR at an MCS connector: the model has no such standard, refused naming the field
        var mcs = ocpi("POST", "/ocpi/2.3.0/cdrs", token).json(CDR.formatted("MCS-1", "S-1", SPEC_TOKEN,
                "WHITELIST", "null").replace("IEC_62196_T2", "MCS")).send();
        assertThat(mcs.json().get("status_code").asInt()).as(mcs.body()).isEqualTo(2001);
        assertThat(mcs.json().get("status_message").asString()).contains("connector_standard");

        // not our token, no job: paid (and held for review) for the CDR's total after taxes
        await().atMost(WAIT).until(() -> !api("GET", "/v1/payments?cdr_id=12345").send().json().isEmpty());
        JsonNode payment = api("GET", "/v1/payments?cdr_id=12345").send().json().get(0);
        assertThat(payment.get("amount").decimalValue()).isEqualByComparingTo("4.40");
    }

    @Test
    void aRobotJobOnA230CpoIsMatchedByItsAuthorizationReferenceAndPaidForTheCdr() {
        // the CPO's location, so that the job can start there
        var location = ocpi("PUT", "/ocpi/2.3.0/locations/BE/OLD/LOC1", token).json("""
                {"country_code":"BE","party_id":"OLD","id":"LOC1","publish":true,"address":"F.Rooseveltlaan 3A",
                 "city":"Gent","country":"BEL","coordinates":{"latitude":"51.047599","longitude":"3.729944"},
                 "evses":[{"uid":"3256","evse_id":"BE*BEC*E041503003","status":"AVAILABLE",
                   "capabilities":["REMOTE_START_STOP_CAPABLE"],"parking":[{"parking_id":"1"}],
                   "connectors":[{"id":"1","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_1_PHASE",
                     "max_voltage":230,"max_amperage":32,"last_updated":"2024-12-05T10:00:00Z"}],
                   "last_updated":"2024-12-05T10:00:00Z"}],
                 "parking_places":[{"id":"1","vehicle_types":["PERSONAL_VEHICLE"],"restricted_to_type":false,
                   "reservation_required":false}],
                 "time_zone":"Europe/Brussels","last_updated":"2024-12-05T10:00:00Z"}""").send();
        assertThat(location.json().get("status_code").asInt()).as(location.body()).isEqualTo(1000);

        var created = api("POST", "/v1/robot-jobs").json("""
                {"robot_id":"robot-1","job_type":"charging","vehicle_id":"EV-1"}""").send();
        String jobId = created.json().get("rollyy_id").asString();
        var started = api("POST", "/ocpi/2.2.1/commands/START_SESSION").json("""
                {"robot_job_id":"%s","location_id":"LOC1","evse_uid":"3256"}""".formatted(jobId)).send();
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        assertThat(started.json().get("cpo_result").asString()).isEqualTo("ACCEPTED");

        // what the 2.3.0 CPO got: START_SESSION as in 2.2.1, with our token and reference
        var command = cpo230.received().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/2.3.0/commands/START_SESSION"))
                .findFirst().orElseThrow();
        JsonNode body = TestHttp.parse(command.body());
        String reference = body.get("authorization_reference").asString();
        JsonNode cdrToken = body.get("token").deepCopy();
        for (String field : new String[] {"visual_number", "issuer", "valid", "whitelist", "language",
                "default_profile_type", "energy_contract", "group_id", "last_updated"}) {
            ((tools.jackson.databind.node.ObjectNode) cdrToken).remove(field);
        }
        var result = TestHttp.request("POST", body.get("response_url").asString()).token(token)
                .json("{\"result\":\"ACCEPTED\"}").send();
        assertThat(result.json().get("status_code").asInt()).as(result.body()).isEqualTo(1000);

        // the CPO's session, in 2.3.0, carrying our authorization_reference
        var session = ocpi("PUT", "/ocpi/2.3.0/sessions/BE/OLD/S-230", token).json("""
                {"country_code":"BE","party_id":"OLD","id":"S-230","start_date_time":"2024-12-05T17:39:09Z","kwh":0,
                 "cdr_token":%s,"auth_method":"COMMAND","authorization_reference":"%s","location_id":"LOC1",
                 "evse_uid":"3256","connector_id":"1","currency":"EUR",
                 "total_cost":{"before_taxes":0.00,"taxes":[]},"status":"ACTIVE",
                 "last_updated":"2024-12-05T17:39:10Z"}""".formatted(cdrToken, reference)).send();
        assertThat(session.json().get("status_code").asInt()).as(session.body()).isEqualTo(1000);
        await().atMost(WAIT).until(() -> "charging".equals(api("GET", "/v1/robot-jobs/" + jobId).send().json()
                .path("status").asString()));

        // its CDR: the spec's example, for our token and reference
        var post = ocpi("POST", "/ocpi/2.3.0/cdrs", token).json(CDR.formatted("CDR-230", "S-230", cdrToken,
                "COMMAND", "\"" + reference + "\"")).send();
        assertThat(post.status()).as(post.body()).isEqualTo(201);

        await().atMost(WAIT).until(() -> !api("GET", "/v1/payments?robot_job_id=" + jobId).send().json().isEmpty());
        JsonNode payment = api("GET", "/v1/payments?robot_job_id=" + jobId).send().json().get(0);
        assertThat(payment.get("amount").decimalValue()).isEqualByComparingTo("4.40");
        assertThat(payment.get("currency").asString()).isEqualToIgnoringCase("EUR");
        JsonNode view = api("GET", "/ocpi/2.2.1/sessions/job/" + jobId).send().json();
        assertThat(view.get("cdr_id").asString()).isEqualTo("CDR-230");
        assertThat(view.get("total_cost").get("excl_vat").decimalValue()).isEqualByComparingTo("4.00");
        assertThat(view.get("total_cost").get("incl_vat").decimalValue()).isEqualByComparingTo("4.40");
    }

    @Test
    void sessionsAndCdrsPulledFromA230CpoAreTranslatedToo() {
        cpo230.answering("GET", "/2.3.0/sessions", "[" + SESSION.replace("\"101\"", "\"102\"") + "]")
                .answering("GET", "/2.3.0/cdrs", "[" + CDR.formatted("CDR-PULLED", "S-1",
                        SPEC_TOKEN.replace("RFID", "EMAID"), "WHITELIST",
                        "null").replace("\"amount\":0.40", "\"amount\":0.80") + "]");
        String connection = connectionId();
        var sessions = api("GET", "/ocpi/2.2.1/sessions/sync/" + connection).send();
        assertThat(sessions.status()).as(sessions.body()).isEqualTo(200);
        var cdrs = api("POST", "/ocpi/2.2.1/cdrs/sync/" + connection).send();
        assertThat(cdrs.status()).as(cdrs.body()).isEqualTo(200);

        JsonNode session = storedSession("102");
        assertThat(session.get("total_cost").get("incl_vat").decimalValue()).isEqualByComparingTo("9.35");
        JsonNode cdr = api("GET", "/v1/cdrs/CDR-PULLED").send().json().get("cdr");
        assertThat(cdr.get("total_cost").get("excl_vat").decimalValue()).isEqualByComparingTo("4.00");
        assertThat(cdr.get("total_cost").get("incl_vat").decimalValue()).isEqualByComparingTo("4.80");
        // TokenType EMAID (2.3.0) is not in the model: read as OTHER rather than losing the CDR
        assertThat(cdr.get("cdr_token").get("type").asString()).isEqualTo("OTHER");
    }

    private String connectionId() {
        for (JsonNode c : api("GET", "/ocpi/connections").send().json()) {
            if ("OLD".equals(c.path("party_id").asString("")) && "active".equals(c.path("status").asString(""))) {
                return c.get("id").asString();
            }
        }
        throw new AssertionError("no connection");
    }

    private JsonNode storedSession(String id) {
        return TestHttp.parse(jdbc.sql("select doc::text from charging_session where id = ?").param(id).query(String.class)
                .single());
    }

    private String register230(FakeVersionedCpo fake) {
        var registered = ocpi("POST", "/ocpi/2.3.0/credentials", invite()).json("""
                {"token":"b-token-230","url":"%s","roles":[{"role":"CPO","business_details":{"name":"CPO 2.3.0"},
                 "party_id":"OLD","country_code":"BE"}]}""".formatted(fake.versionsUrl())).send();
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        return registered.json().get("data").get("token").asString();
    }
}
