package com.rollyy.emsp.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.FakeVersionedCpo;

/**
 * Sessions and CDRs of a CPO on OCPI 2.1.1, pushed to us and pulled from it, with the spec's own
 * examples (tag 2.1.1 mod_sessions.md §3.1, mod_cdrs.md §3.1, lower-case enum values and quoted
 * numbers included): stored as the 2.2.1 model, answered back in 2.1.1.
 */
class Sessions211Test extends EmspIntegrationTest {

    /** 2.1.1 mod_sessions.md, "Simple Session example of a short finished session" (as published). */
    static final String SPEC_SESSION = """
            {"id":"101","start_datetime":"2015-06-29T22:39:09Z","end_datetime":"2015-06-29T23:50:16Z","kwh":41.00,
             "auth_id":"DE8ACC12E46L89",
             "location":{"id":"LOC1","type":"on_street","name":"Gent Zuid","address":"F.Rooseveltlaan 3A",
              "city":"Gent","postal_code":"9000","country":"BE",
              "coordinates":{"latitude":"3.72994","longitude":"51.04759"},
              "evses":[{"uid":"3256","evse_id":"BE-BEC-E041503003","STATUS":"AVAILABLE",
               "connectors":[{"id":"1","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_1_PHASE",
                "voltage":230,"amperage":64,"tariff_id":"11","last_updated":"2015-06-29T23:09:10Z"}],
               "last_updated":"2015-06-29T23:09:10Z"}],"last_updated":"2015-06-29T23:09:10Z"},
             "currency":"EUR",
             "charging_periods":[{"start_date_time":"2015-06-29T22:39:09Z",
               "dimensions":[{"type":"ENERGY","volume":120},{"type":"MAX_CURRENT","volume":30}]},
              {"start_date_time":"2015-06-29T22:40:54Z","dimensions":[{"type":"energy","volume":41000},
               {"type":"MIN_CURRENT","volume":34}]},
              {"start_date_time":"2015-06-29T23:07:09Z","dimensions":[{"type":"PARKING_TIME","volume":0.718}]}],
             "total_cost":8.50,"status":"COMPLETED","last_updated":"2015-06-29T23:09:10Z"}""";

    /** 2.1.1 mod_cdrs.md, "Example of a CDR" (2.1.1-d2's corrections: tariff last_updated, status key). */
    static final String SPEC_CDR = """
            {"id":"12345","start_date_time":"2015-06-29T21:39:09Z","stop_date_time":"2015-06-29T23:37:32Z",
             "auth_id":"DE8ACC12E46L89","auth_method":"WHITELIST",
             "location":{"id":"LOC1","type":"ON_STREET","name":"Gent Zuid","address":"F.Rooseveltlaan 3A",
              "city":"Gent","postal_code":"9000","country":"BE",
              "coordinates":{"latitude":"3.729944","longitude":"51.047599"},
              "evses":[{"uid":"3256","evse_id":"BE-BEC-E041503003","status":"AVAILABLE",
               "connectors":[{"id":"1","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_1_PHASE",
                "voltage":230,"amperage":64,"tariff_id":"11","last_updated":"2015-06-29T21:39:01Z"}],
               "last_updated":"2015-06-29T21:39:01Z"}],"last_updated":"2015-06-29T21:39:01Z"},
             "currency":"EUR",
             "tariffs":[{"id":"12","currency":"EUR","elements":[{"price_components":[{"type":"TIME","price":"2.00",
               "step_size":300}]}],"last_updated":"2015-02-02T14:15:01Z"}],
             "charging_periods":[{"start_date_time":"2015-06-29T21:39:09Z","dimensions":[{"type":"TIME","volume":1.973}]}],
             "total_cost":4.00,"total_energy":15.342,"total_time":1.973,"last_updated":"2015-06-29T22:01:13Z"}""";

    private FakeVersionedCpo old;
    private String token;

    @BeforeEach
    void a211Cpo() {
        old = FakeVersionedCpo.offering("2.1.1").withEndpoints("sessions", "cdrs", "tokens", "commands");
        var registered = ocpi("POST", "/ocpi/2.1.1/credentials", invite()).json("""
                {"token":"b-token-211","url":"%s","business_details":{"name":"Old CPO"},
                 "party_id":"OLD","country_code":"BE"}""".formatted(old.versionsUrl())).send();
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        token = registered.json().get("data").get("token").asString();
    }

    @AfterEach
    void closeCpo() {
        old.close();
    }

    @Test
    void our211DetailsListTheTranslatedModules() {
        JsonNode endpoints = ocpi("GET", "/ocpi/2.1.1/details", token).send().json().get("data").get("endpoints");
        assertThat(endpoints.findValuesAsString("identifier")).contains("sessions", "cdrs", "tokens", "commands");
        for (JsonNode endpoint : endpoints) {
            assertThat(endpoint.get("url").asString()).startsWith(url("/ocpi/2.1.1/"));
        }
    }

    @Test
    void theSpecsSessionIsStoredAsTheModelAndAnsweredIn211() {
        var put = ocpi("PUT", "/ocpi/2.1.1/sessions/BE/OLD/101", token).json(SPEC_SESSION).send();
        assertThat(put.ocpiStatus()).as(put.body()).isEqualTo(1000);

        JsonNode model = ocpi("GET", "/ocpi/2.2.1/sessions/BE/OLD/101", token).send().json().get("data");
        assertThat(model.get("country_code").asString()).isEqualTo("BE");
        assertThat(model.get("party_id").asString()).isEqualTo("OLD");
        assertThat(model.get("start_date_time").asString()).isEqualTo("2015-06-29T22:39:09Z");
        assertThat(model.get("end_date_time").asString()).isEqualTo("2015-06-29T23:50:16Z");
        assertThat(model.get("location_id").asString()).isEqualTo("LOC1");
        assertThat(model.get("evse_uid").asString()).isEqualTo("3256");
        assertThat(model.get("connector_id").asString()).isEqualTo("1");
        // an auth_id we did not issue: an invented CdrToken (uid = contract_id = auth_id, OTHER, our party)
        JsonNode cdrToken = model.get("cdr_token");
        assertThat(cdrToken.get("uid").asString()).isEqualTo("DE8ACC12E46L89");
        assertThat(cdrToken.get("contract_id").asString()).isEqualTo("DE8ACC12E46L89");
        assertThat(cdrToken.get("type").asString()).isEqualTo("OTHER");
        assertThat(cdrToken.get("party_id").asString()).isEqualTo("RYY");
        // total_cost is excl. VAT in 2.1.1: incl. VAT stays unknown
        assertThat(model.get("total_cost").get("excl_vat").decimalValue()).isEqualByComparingTo("8.50");
        assertThat(model.get("total_cost").has("incl_vat")).isFalse();
        assertThat(model.get("charging_periods").get(1).get("dimensions").get(0).get("type").asString())
                .isEqualTo("ENERGY");

        // the CPO's GET in 2.1.1: its own shape back
        JsonNode wire = ocpi("GET", "/ocpi/2.1.1/sessions/BE/OLD/101", token).send().json().get("data");
        assertThat(wire.has("country_code")).isFalse();
        assertThat(wire.has("cdr_token")).isFalse();
        assertThat(wire.get("auth_id").asString()).isEqualTo("DE8ACC12E46L89");
        assertThat(wire.get("start_datetime").asString()).isEqualTo("2015-06-29T22:39:09Z");
        assertThat(wire.get("location").get("id").asString()).isEqualTo("LOC1");
        assertThat(wire.get("location").get("evses").get(0).get("uid").asString()).isEqualTo("3256");
        assertThat(wire.get("total_cost").decimalValue()).isEqualByComparingTo("8.50");

        // 2.1.1 PATCH: the spec's example, no last_updated (2.1.1 does not require it)
        var patch = ocpi("PATCH", "/ocpi/2.1.1/sessions/BE/OLD/101", token).json("{\"total_cost\": 0.60}").send();
        assertThat(patch.ocpiStatus()).as(patch.body()).isEqualTo(1000);
        JsonNode patched = ocpi("GET", "/ocpi/2.2.1/sessions/BE/OLD/101", token).send().json().get("data");
        assertThat(patched.get("total_cost").get("excl_vat").decimalValue()).isEqualByComparingTo("0.60");
    }

    @Test
    void aSessionOfOurTokenGetsThatTokensUidAndType() {
        var created = api("POST", "/v1/tokens").json("""
                {"uid":"04AABBCCDD","type":"RFID","contract_id":"NL-RYY-C00042","issuer":"Rollyy","valid":true,
                 "whitelist":"ALLOWED"}""").send();
        assertThat(created.status()).as(created.body()).isIn(200, 201);
        String session = SPEC_SESSION.replace("DE8ACC12E46L89", "nl-ryy-c00042").replace("\"101\"", "\"102\"");
        assertThat(ocpi("PUT", "/ocpi/2.1.1/sessions/BE/OLD/102", token).json(session).send().ocpiStatus())
                .isEqualTo(1000);
        JsonNode cdrToken = ocpi("GET", "/ocpi/2.2.1/sessions/BE/OLD/102", token).send().json().get("data")
                .get("cdr_token");
        assertThat(cdrToken.get("uid").asString()).isEqualTo("04AABBCCDD");
        assertThat(cdrToken.get("type").asString()).isEqualTo("RFID");
        assertThat(cdrToken.get("contract_id").asString()).isEqualTo("NL-RYY-C00042");
    }

    @Test
    void badInputNamesTheFieldThePartnerSent() {
        var noLocation = ocpi("PUT", "/ocpi/2.1.1/sessions/BE/OLD/103", token)
                .json(SPEC_SESSION.replace("\"evses\":[{", "\"evses_gone\":[{").replace("\"101\"", "\"103\"")).send();
        assertThat(noLocation.ocpiStatus()).isEqualTo(2001);
        assertThat(noLocation.json().get("status_message").asString()).contains("location.evses[0].uid");
        var badCost = ocpi("PUT", "/ocpi/2.1.1/sessions/BE/OLD/103", token)
                .json(SPEC_SESSION.replace("\"total_cost\":8.50", "\"total_cost\":\"much\"").replace("\"101\"", "\"103\""))
                .send();
        assertThat(badCost.ocpiStatus()).isEqualTo(2001);
        assertThat(badCost.json().get("status_message").asString()).contains("total_cost");
    }

    @Test
    void theSpecsCdrIsPostedStoredAndGotBackIn211() {
        var posted = ocpi("POST", "/ocpi/2.1.1/cdrs", token).json(SPEC_CDR).send();
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        // the Location to GET it back is on 2.1.1, the version the CPO speaks
        assertThat(posted.header("Location")).isEqualTo(url("/ocpi/2.1.1/cdrs/12345"));

        JsonNode model = ocpi("GET", "/ocpi/2.2.1/cdrs/12345", token).send().json().get("data");
        assertThat(model.get("country_code").asString()).isEqualTo("BE");
        assertThat(model.get("party_id").asString()).isEqualTo("OLD");
        assertThat(model.get("end_date_time").asString()).isEqualTo("2015-06-29T23:37:32Z");
        assertThat(model.has("session_id")).isFalse();
        assertThat(model.get("cdr_token").get("contract_id").asString()).isEqualTo("DE8ACC12E46L89");
        JsonNode where = model.get("cdr_location");
        assertThat(where.get("id").asString()).isEqualTo("LOC1");
        assertThat(where.get("evse_uid").asString()).isEqualTo("3256");
        assertThat(where.get("evse_id").asString()).isEqualTo("BE-BEC-E041503003");
        assertThat(where.get("connector_id").asString()).isEqualTo("1");
        assertThat(where.get("connector_standard").asString()).isEqualTo("IEC_62196_T2");
        assertThat(model.get("total_cost").get("excl_vat").decimalValue()).isEqualByComparingTo("4.00");
        assertThat(model.get("total_cost").has("incl_vat")).isFalse();
        JsonNode tariff = model.get("tariffs").get(0);
        assertThat(tariff.get("party_id").asString()).isEqualTo("OLD");
        assertThat(tariff.get("elements").get(0).get("price_components").get(0).get("price").decimalValue())
                .isEqualByComparingTo("2.00");

        JsonNode wire = ocpi("GET", "/ocpi/2.1.1/cdrs/12345", token).send().json().get("data");
        assertThat(wire.get("stop_date_time").asString()).isEqualTo("2015-06-29T23:37:32Z");
        assertThat(wire.has("end_date_time")).isFalse();
        assertThat(wire.get("auth_id").asString()).isEqualTo("DE8ACC12E46L89");
        assertThat(wire.get("location").get("evses").get(0).get("connectors").get(0).get("standard").asString())
                .isEqualTo("IEC_62196_T2");
        assertThat(wire.get("total_cost").decimalValue()).isEqualByComparingTo("4.00");
        assertThat(wire.has("country_code")).isFalse();
        assertThat(wire.get("tariffs").get(0).has("party_id")).isFalse();

        // the same CDR again: acknowledged, not stored twice
        assertThat(ocpi("POST", "/ocpi/2.1.1/cdrs", token).json(SPEC_CDR).send().status()).isEqualTo(200);
    }

    @Test
    void sessionsAndCdrsArePulledFromA211Cpo() {
        old.answering("GET", "/2.1.1/sessions", "[" + SPEC_SESSION.replace("\"101\"", "\"P1\"") + "]")
                .answering("GET", "/2.1.1/cdrs", "[" + SPEC_CDR.replace("\"12345\"", "\"P-CDR-1\"") + "]");
        String connectionId = connectionOf("OLD");
        var sessions = api("GET", "/ocpi/2.2.1/sessions/sync/" + connectionId).send();
        assertThat(sessions.status()).as(sessions.body()).isEqualTo(200);
        JsonNode pulled = ocpi("GET", "/ocpi/2.2.1/sessions/BE/OLD/P1", token).send().json().get("data");
        assertThat(pulled.get("location_id").asString()).isEqualTo("LOC1");
        assertThat(pulled.get("cdr_token").get("contract_id").asString()).isEqualTo("DE8ACC12E46L89");

        var cdrs = api("POST", "/ocpi/2.2.1/cdrs/sync/" + connectionId).send();
        assertThat(cdrs.status()).as(cdrs.body()).isEqualTo(200);
        JsonNode cdr = ocpi("GET", "/ocpi/2.2.1/cdrs/P-CDR-1", token).send().json().get("data");
        assertThat(cdr.get("party_id").asString()).isEqualTo("OLD");
        assertThat(cdr.get("end_date_time").asString()).isEqualTo("2015-06-29T23:37:32Z");
    }

    private String connectionOf(String party) {
        for (JsonNode c : api("GET", "/ocpi/connections").send().json()) {
            if (party.equals(c.path("party_id").asString("")) && "active".equals(c.path("status").asString(""))) {
                return c.get("id").asString();
            }
        }
        throw new AssertionError("no active connection of party " + party);
    }
}
