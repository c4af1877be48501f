package com.rollyy.emsp.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/** The Sessions receiver over HTTP, as the registered simulator (NL/SIM) uses it. */
class SessionsReceiverTest extends EmspIntegrationTest {

    private static final String BASE = "/ocpi/2.2.1/sessions";
    private static final String T0 = "2026-03-01T10:00:00Z";
    private static final String T1 = "2026-03-01T10:15:00Z";
    private static final String T2 = "2026-03-01T10:30:00Z";

    private String token;

    @BeforeEach
    void registered() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        token = cpo.tokenForEmsp();
    }

    static String period(String start, String kwh) {
        return """
                {"start_date_time":"%s","dimensions":[{"type":"ENERGY","volume":%s},{"type":"TIME","volume":0.25}]}"""
                .formatted(start, kwh);
    }

    static String session(String id, String status, String lastUpdated, String... periods) {
        return """
                {"country_code":"NL","party_id":"SIM","id":"%s","start_date_time":"%s","kwh":0,
                 "cdr_token":{"country_code":"NL","party_id":"RYY","uid":"TOKEN1","type":"APP_USER","contract_id":"NL-RYY-C1"},
                 "auth_method":"COMMAND","authorization_reference":"REF-%s","location_id":"LOC1","evse_uid":"E1",
                 "connector_id":"1","currency":"EUR","charging_periods":[%s],"status":"%s","last_updated":"%s"}"""
                .formatted(id, T0, id, String.join(",", periods), status, lastUpdated);
    }

    @Test
    void putReplacesIncludingChargingPeriods() {
        assertThat(put("/NL/SIM/S1", session("S1", "ACTIVE", T1, period(T0, "2"), period(T1, "3"))).status())
                .isEqualTo(201);
        var stored = get("/nl/sim/s1").json().get("data");
        assertThat(stored.get("charging_periods").size()).isEqualTo(2);
        assertThat(stored.get("authorization_reference").asString()).isEqualTo("REF-S1");

        assertThat(put("/NL/SIM/S1", session("S1", "ACTIVE", T2)).status()).isEqualTo(200);
        assertThat(get("/NL/SIM/S1").json().get("data").get("charging_periods").size()).isZero();
    }

    @Test
    void patchAppendsChargingPeriodsOnceAndMergesFields() {
        put("/NL/SIM/S1", session("S1", "ACTIVE", T0, period(T0, "2")));

        String patch = "{\"charging_periods\":[" + period(T1, "3") + "],\"kwh\":5,\"last_updated\":\"" + T1 + "\"}";
        assertThat(patch("/NL/SIM/S1", patch).status()).isEqualTo(200);
        // a retried PATCH (same period) does not count the energy twice
        assertThat(patch("/NL/SIM/S1", patch).ocpiStatus()).isEqualTo(1000);
        var stored = get("/NL/SIM/S1").json().get("data");
        assertThat(stored.get("charging_periods").size()).isEqualTo(2);
        assertThat(stored.get("kwh").decimalValue()).isEqualByComparingTo("5");

        patch("/NL/SIM/S1", "{\"charging_periods\":[],\"last_updated\":\"" + T1 + "\"}");
        assertThat(get("/NL/SIM/S1").json().get("data").get("charging_periods").size()).isEqualTo(2);

        patch("/NL/SIM/S1", "{\"status\":\"COMPLETED\",\"end_date_time\":\"" + T2 + "\",\"last_updated\":\"" + T2 + "\"}");
        var completed = get("/NL/SIM/S1").json().get("data");
        assertThat(completed.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(completed.get("end_date_time").asString()).isEqualTo(T2);
        assertThat(completed.get("cdr_token").get("uid").asString()).isEqualTo("TOKEN1");
    }

    @Test
    void staleUnknownAndMissingLastUpdated() {
        put("/NL/SIM/S1", session("S1", "ACTIVE", T2));
        var stale = patch("/NL/SIM/S1", "{\"status\":\"INVALID\",\"last_updated\":\"" + T1 + "\"}");
        assertThat(stale.ocpiStatus()).isEqualTo(1000);
        assertThat(put("/NL/SIM/S1", session("S1", "INVALID", T0)).ocpiStatus()).isEqualTo(1000);
        assertThat(get("/NL/SIM/S1").json().get("data").get("status").asString()).isEqualTo("ACTIVE");

        assertThat(patch("/NL/SIM/S1", "{\"status\":\"COMPLETED\"}").ocpiStatus()).isEqualTo(2001);
        assertThat(patch("/NL/SIM/S9", "{\"status\":\"COMPLETED\",\"last_updated\":\"" + T2 + "\"}").status())
                .isEqualTo(404);
        assertThat(get("/NL/SIM/S9").status()).isEqualTo(404);
    }

    @Test
    void reservationWithoutEvseAndNoTotalCostIsAccepted() {
        String body = session("S2", "RESERVATION", T0).replace("\"evse_uid\":\"E1\"", "\"evse_uid\":\"#NA\"");
        assertThat(put("/NL/SIM/S2", body).status()).isEqualTo(201);
        assertThat(get("/NL/SIM/S2").json().get("data").has("total_cost")).isFalse();
    }

    @Test
    void ownershipAndBadInput() throws Exception {
        assertThat(put("/DE/ABC/S1", session("S1", "ACTIVE", T0).replace("\"NL\",\"party_id\":\"SIM\"",
                "\"DE\",\"party_id\":\"ABC\"")).status()).isEqualTo(404);
        assertThat(put("/NL/SIM/S1", session("S2", "ACTIVE", T0)).ocpiStatus()).isEqualTo(2001);
        var badStatus = put("/NL/SIM/S1", session("S1", "RUNNING", T0));
        assertThat(badStatus.ocpiStatus()).isEqualTo(2001);
        assertThat(badStatus.json().get("status_message").asString()).contains("'status'");
        var noToken = put("/NL/SIM/S1", session("S1", "ACTIVE", T0).replaceAll("\"cdr_token\":\\{[^}]*\\},", ""));
        assertThat(noToken.json().get("status_message").asString()).contains("'cdr_token'");
        assertThat(jdbc.sql("select count(*) from charging_session").query(Integer.class).single()).isZero();

        put("/NL/SIM/S1", session("S1", "ACTIVE", T0));
        try (var impostor = CpoSimulator.start()) {
            impostor.registerWith(versionsUrl(), invite());
            var response = TestHttp.request("PATCH", url(BASE + "/NL/SIM/S1")).token(impostor.tokenForEmsp())
                    .json("{\"status\":\"INVALID\",\"last_updated\":\"" + T2 + "\"}").send();
            assertThat(response.ocpiStatus()).isEqualTo(2001);
        }
        assertThat(get("/NL/SIM/S1").json().get("data").get("status").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void aPutAsNewAsTheStoredSessionReplacesItAndAnotherConnectionsPutChangesNothing() throws Exception {
        assertThat(put("/NL/SIM/S1", session("S1", "ACTIVE", T1)).status()).isEqualTo(201);
        // the same last_updated is not older: it replaces (a CPO resending with new fields)
        assertThat(put("/NL/SIM/S1", session("S1", "COMPLETED", T1)).status()).isEqualTo(200);
        assertThat(get("/NL/SIM/S1").json().get("data").get("status").asString()).isEqualTo("COMPLETED");

        try (var impostor = CpoSimulator.start()) {
            impostor.registerWith(versionsUrl(), invite());
            // newer, but not the owner's: refused whatever its last_updated
            var response = TestHttp.request("PUT", url(BASE + "/NL/SIM/S1")).token(impostor.tokenForEmsp())
                    .json(session("S1", "INVALID", T2)).send();
            assertThat(response.ocpiStatus()).isEqualTo(2001);
            assertThat(response.json().get("status_message").asString()).contains("another connection");
            // older and not the owner's: refused too, not acknowledged as stale
            var older = TestHttp.request("PUT", url(BASE + "/NL/SIM/S1")).token(impostor.tokenForEmsp())
                    .json(session("S1", "INVALID", T0)).send();
            assertThat(older.ocpiStatus()).isEqualTo(2001);
        }
        var stored = get("/NL/SIM/S1").json().get("data");
        assertThat(stored.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(stored.get("last_updated").asString()).isEqualTo(T1);
    }

    @Test
    void shortFormPutAndTheList() {
        var response = TestHttp.request("PUT", url(BASE + "/S7")).token(token).json(session("S7", "PENDING", T0)).send();
        assertThat(response.status()).isEqualTo(201);
        assertThat(get("/NL/SIM/S7").status()).isEqualTo(200);
        var list = TestHttp.request("GET", url(BASE)).token(token).send();
        assertThat(list.header("X-Total-Count")).isEqualTo("1");
        assertThat(list.json().get("data").get(0).get("id").asString()).isEqualTo("S7");
    }

    private TestHttp.Response get(String path) {
        return TestHttp.request("GET", url(BASE + path)).token(token).send();
    }

    private TestHttp.Response put(String path, String body) {
        return TestHttp.request("PUT", url(BASE + path)).token(token).json(body).send();
    }

    private TestHttp.Response patch(String path, String body) {
        return TestHttp.request("PATCH", url(BASE + path)).token(token).json(body).send();
    }
}
