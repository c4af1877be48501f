package com.rollyy.emsp.locations;

import static com.rollyy.emsp.support.Fixtures.connector;
import static com.rollyy.emsp.support.Fixtures.evse;
import static com.rollyy.emsp.support.Fixtures.location;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.cposim.SimulatorConfig;
import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/** The Locations receiver over HTTP, as a registered CPO (the simulator, party NL/SIM) uses it. */
class LocationsReceiverTest extends EmspIntegrationTest {

    private static final String BASE = "/ocpi/2.2.1/locations";
    private static final String T1 = "2026-03-01T10:00:00Z";
    private static final String T2 = "2026-03-01T11:00:00Z";
    private static final String T0 = "2026-03-01T09:00:00Z";

    private String token;

    @BeforeEach
    void registered() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        token = cpo.tokenForEmsp();
    }

    @Test
    void putCreatesThenReplacesAndGetReturnsTheSameObject() {
        var created = put("/NL/SIM/LOC1", location("NL", "SIM", "LOC1", T1, evse("E1", "AVAILABLE", T1)));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.ocpiStatus()).isEqualTo(1000);

        var stored = get("/NL/SIM/LOC1").json().get("data");
        assertThat(stored.get("id").asString()).isEqualTo("LOC1");
        assertThat(stored.get("time_zone").asString()).isEqualTo("Europe/Amsterdam");
        assertThat(stored.get("coordinates").get("latitude").asString()).isEqualTo("52.37403");
        assertThat(stored.get("evses").get(0).get("connectors").get(0).get("standard").asString())
                .isEqualTo("IEC_62196_T2");
        assertThat(stored.get("last_updated").asString()).isEqualTo(T1);

        var again = put("/NL/SIM/LOC1", location("NL", "SIM", "LOC1", T1, evse("E1", "AVAILABLE", T1)));
        assertThat(again.status()).isEqualTo(200);
        assertThat(get("/NL/SIM/LOC1").json().get("data")).isEqualTo(stored);
    }

    @Test
    void pathsAreCaseInsensitiveAndTrailingSlashesWork() {
        put("/NL/SIM/LOC1", location("NL", "SIM", "LOC1", T1, evse("E1", "AVAILABLE", T1)));
        assertThat(get("/nl/sim/loc1").status()).isEqualTo(200);
        assertThat(get("/nl/sim/loc1/e1/").json().get("data").get("uid").asString()).isEqualTo("E1");
    }

    @Test
    void aStatusPatchReachesItsEvseHoweverThePathIsSpelled() {
        // the request mapping skips mappings by their literal path prefix (OcpiVersionEdge): paths
        // that Spring matches decoded or without ;parameters must still find theirs
        put("/NL/SIM/LOC1", location("NL", "SIM", "LOC1", T0, evse("E1", "AVAILABLE", T0)));
        var escaped = TestHttp.request("PATCH", url("/ocpi/2.2.1/%6Cocations/NL/SIM/LOC1/E1")).token(token)
                .json("{\"status\":\"CHARGING\",\"last_updated\":\"" + T1 + "\"}").send();
        assertThat(escaped.status()).isEqualTo(200);
        assertThat(get("/NL/SIM/LOC1/E1").json().get("data").get("status").asString()).isEqualTo("CHARGING");
        var withParameter = TestHttp.request("PATCH", url(BASE + ";v=1/NL/SIM/LOC1/E1")).token(token)
                .json("{\"status\":\"BLOCKED\",\"last_updated\":\"" + T2 + "\"}").send();
        assertThat(withParameter.status()).isEqualTo(200);
        assertThat(get("/NL/SIM/LOC1/E1").json().get("data").get("status").asString()).isEqualTo("BLOCKED");
        assertThat(patch("/NL/SIM/LOC1/E1/", "{\"status\":\"AVAILABLE\",\"last_updated\":\"" + T2 + "\"}")
                .status()).as("trailing slash").isEqualTo(200);
        assertThat(TestHttp.request("PATCH", url("/ocpi/2.2.1/LOCATIONS/NL/SIM/LOC1/E1")).token(token)
                .json("{\"status\":\"AVAILABLE\",\"last_updated\":\"" + T2 + "\"}").send().status())
                .as("module names are case-sensitive, as before").isEqualTo(404);
    }

    @Test
    void evseAndConnectorPutsUpdateTheirParents() {
        put("/NL/SIM/LOC1", location("NL", "SIM", "LOC1", T0, evse("E1", "AVAILABLE", T0)));

        assertThat(put("/NL/SIM/LOC1/E2", evse("E2", "CHARGING", T1)).status()).isEqualTo(201);
        var location = get("/NL/SIM/LOC1").json().get("data");
        assertThat(location.get("evses").size()).isEqualTo(2);
        assertThat(location.get("last_updated").asString()).isEqualTo(T1);

        assertThat(put("/NL/SIM/LOC1/E1/2", connector("2", T2, "T9")).status()).isEqualTo(201);
        var evse = get("/NL/SIM/LOC1/E1").json().get("data");
        assertThat(evse.get("connectors").size()).isEqualTo(2);
        assertThat(evse.get("last_updated").asString()).isEqualTo(T2);
        assertThat(get("/NL/SIM/LOC1").json().get("data").get("last_updated").asString()).isEqualTo(T2);
        assertThat(get("/NL/SIM/LOC1/E1/2").json().get("data").get("tariff_ids").get(0).asString()).isEqualTo("T9");
    }

    @Test
    void patchesMergeAtEveryLevel() {
        put("/NL/SIM/LOC1", location("NL", "SIM", "LOC1", T0, evse("E1", "AVAILABLE", T0)));

        assertThat(patch("/NL/SIM/LOC1/E1", "{\"status\":\"CHARGING\",\"last_updated\":\"" + T1 + "\"}").status())
                .isEqualTo(200);
        var evse = get("/NL/SIM/LOC1/E1").json().get("data");
        assertThat(evse.get("status").asString()).isEqualTo("CHARGING");
        assertThat(evse.get("evse_id").asString()).isEqualTo("NL*SIM*EE1");
        assertThat(evse.get("connectors").size()).isEqualTo(1);
        assertThat(get("/NL/SIM/LOC1").json().get("data").get("last_updated").asString()).isEqualTo(T1);

        patch("/NL/SIM/LOC1/E1/1", "{\"tariff_ids\":[\"T2\"],\"last_updated\":\"" + T2 + "\"}");
        var connector = get("/NL/SIM/LOC1/E1/1").json().get("data");
        assertThat(connector.get("tariff_ids").toString()).isEqualTo("[\"T2\"]");
        assertThat(connector.get("standard").asString()).isEqualTo("IEC_62196_T2");

        patch("/NL/SIM/LOC1", "{\"name\":\"Renamed\",\"last_updated\":\"" + T2 + "\"}");
        var location = get("/NL/SIM/LOC1").json().get("data");
        assertThat(location.get("name").asString()).isEqualTo("Renamed");
        assertThat(location.get("evses").get(0).get("status").asString()).isEqualTo("CHARGING");
        assertThat(location.get("address").asString()).isEqualTo("Keizersgracht 1");
    }

    @Test
    void removedEvseIsKeptAndStillReturned() {
        put("/NL/SIM/LOC1", location("NL", "SIM", "LOC1", T0, evse("E1", "AVAILABLE", T0)));
        patch("/NL/SIM/LOC1/E1", "{\"status\":\"REMOVED\",\"last_updated\":\"" + T1 + "\"}");
        assertThat(get("/NL/SIM/LOC1/E1").json().get("data").get("status").asString()).isEqualTo("REMOVED");
    }

    @Test
    void patchWithoutLastUpdatedIs2001AndChangesNothing() {
        put("/NL/SIM/LOC1", location("NL", "SIM", "LOC1", T0, evse("E1", "AVAILABLE", T0)));
        var response = patch("/NL/SIM/LOC1/E1", "{\"status\":\"CHARGING\"}");
        assertThat(response.ocpiStatus()).isEqualTo(2001);
        assertThat(response.json().get("status_message").asString()).contains("last_updated");
        assertThat(get("/NL/SIM/LOC1/E1").json().get("data").get("status").asString()).isEqualTo("AVAILABLE");
    }

    @Test
    void olderWritesAreAcknowledgedAndIgnored() {
        put("/NL/SIM/LOC1", location("NL", "SIM", "LOC1", T1, evse("E1", "AVAILABLE", T1)));

        var stalePatch = patch("/NL/SIM/LOC1/E1", "{\"status\":\"CHARGING\",\"last_updated\":\"" + T0 + "\"}");
        assertThat(stalePatch.status()).isEqualTo(200);
        assertThat(stalePatch.ocpiStatus()).isEqualTo(1000);
        var stalePut = put("/NL/SIM/LOC1", location("NL", "SIM", "LOC1", T0, evse("E1", "OUTOFORDER", T0)));
        assertThat(stalePut.ocpiStatus()).isEqualTo(1000);
        var staleEvse = put("/NL/SIM/LOC1/E1", evse("E1", "BLOCKED", T0));
        assertThat(staleEvse.ocpiStatus()).isEqualTo(1000);

        assertThat(get("/NL/SIM/LOC1/E1").json().get("data").get("status").asString()).isEqualTo("AVAILABLE");
        assertThat(get("/NL/SIM/LOC1").json().get("data").get("last_updated").asString()).isEqualTo(T1);
    }

    @Test
    void unknownObjectsAre404() {
        var patchUnknown = patch("/NL/SIM/NOPE", "{\"name\":\"x\",\"last_updated\":\"" + T1 + "\"}");
        assertThat(patchUnknown.status()).isEqualTo(404);
        assertThat(patchUnknown.ocpiStatus()).isEqualTo(2003);
        var evseUnderUnknown = put("/NL/SIM/NOPE/E1", evse("E1", "AVAILABLE", T1));
        assertThat(evseUnderUnknown.status()).isEqualTo(404);
        assertThat(evseUnderUnknown.ocpiStatus()).isEqualTo(2003);
        assertThat(get("/NL/SIM/NOPE").status()).isEqualTo(404);

        put("/NL/SIM/LOC1", location("NL", "SIM", "LOC1", T1, evse("E1", "AVAILABLE", T1)));
        assertThat(get("/NL/SIM/LOC1/E9").status()).isEqualTo(404);
        assertThat(get("/NL/SIM/LOC1/E1/9").status()).isEqualTo(404);
        assertThat(patch("/NL/SIM/LOC1/E9", "{\"status\":\"CHARGING\",\"last_updated\":\"" + T2 + "\"}").status())
                .isEqualTo(404);
    }

    @Test
    void aCpoCannotWriteAnotherPartysLocations() {
        var foreign = put("/DE/ABC/LOC1", location("DE", "ABC", "LOC1", T1, evse("E1", "AVAILABLE", T1)));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.ocpiStatus()).isEqualTo(2001);
        assertThat(foreign.json().get("status_message").asString()).contains("DE/ABC");

        var mismatch = put("/NL/SIM/LOC1", location("DE", "ABC", "LOC1", T1, evse("E1", "AVAILABLE", T1)));
        assertThat(mismatch.ocpiStatus()).isEqualTo(2001);
        assertThat(mismatch.json().get("status_message").asString()).contains("country_code");

        var idMismatch = put("/NL/SIM/LOC1", location("NL", "SIM", "LOC2", T1, evse("E1", "AVAILABLE", T1)));
        assertThat(idMismatch.ocpiStatus()).isEqualTo(2001);

        var wrongFrom = TestHttp.request("PUT", url(BASE + "/NL/SIM/LOC1")).token(token)
                .header("OCPI-from-country-code", "DE").header("OCPI-from-party-id", "ABC")
                .json(location("NL", "SIM", "LOC1", T1, evse("E1", "AVAILABLE", T1))).send();
        assertThat(wrongFrom.ocpiStatus()).isEqualTo(2001);
        assertThat(jdbc.sql("select count(*) from location").query(Integer.class).single()).isZero();
    }

    @Test
    void aSecondConnectionClaimingTheSamePartyCannotOverwrite() throws Exception {
        put("/NL/SIM/LOC1", location("NL", "SIM", "LOC1", T1, evse("E1", "AVAILABLE", T1)));
        try (var impostor = CpoSimulator.start()) {
            impostor.registerWith(versionsUrl(), invite());
            var response = TestHttp.request("PUT", url(BASE + "/NL/SIM/LOC1")).token(impostor.tokenForEmsp())
                    .json(location("NL", "SIM", "LOC1", T2, evse("E1", "OUTOFORDER", T2))).send();
            assertThat(response.ocpiStatus()).isEqualTo(2001);
            var patched = TestHttp.request("PATCH", url(BASE + "/NL/SIM/LOC1/E1")).token(impostor.tokenForEmsp())
                    .json("{\"status\":\"OUTOFORDER\",\"last_updated\":\"" + T2 + "\"}").send();
            assertThat(patched.ocpiStatus()).isEqualTo(2001);
            assertThat(TestHttp.request("GET", url(BASE + "/NL/SIM/LOC1")).token(impostor.tokenForEmsp()).send()
                    .ocpiStatus()).isEqualTo(2001);
        }
        assertThat(get("/NL/SIM/LOC1/E1").json().get("data").get("status").asString()).isEqualTo("AVAILABLE");
    }

    @Test
    void sameLocationIdUnderTwoPartiesIsTwoLocations() throws Exception {
        put("/NL/SIM/LOC1", location("NL", "SIM", "LOC1", T1, evse("E1", "AVAILABLE", T1)));
        try (var other = CpoSimulator.start(SimulatorConfig.defaults().withCountryCode("DE").withPartyId("ABC"))) {
            other.registerWith(versionsUrl(), invite());
            var response = TestHttp.request("PUT", url(BASE + "/DE/ABC/LOC1")).token(other.tokenForEmsp())
                    .json(location("DE", "ABC", "LOC1", T2, evse("E1", "CHARGING", T2))).send();
            assertThat(response.status()).isEqualTo(201);
        }
        assertThat(jdbc.sql("select count(*) from location").query(Integer.class).single()).isEqualTo(2);
        assertThat(get("/NL/SIM/LOC1/E1").json().get("data").get("status").asString()).isEqualTo("AVAILABLE");
    }

    @Test
    void shortFormPutUsesTheConnectionsParty() {
        var response = TestHttp.request("PUT", url(BASE + "/LOC7")).token(token)
                .json(location("NL", "SIM", "LOC7", T1, evse("E1", "AVAILABLE", T1))).send();
        assertThat(response.status()).isEqualTo(201);
        assertThat(get("/NL/SIM/LOC7").status()).isEqualTo(200);
    }

    @Test
    void assetIdsAreStableAcrossUpdates() {
        put("/NL/SIM/LOC1", location("NL", "SIM", "LOC1", T0, evse("E1", "AVAILABLE", T0), evse("E2", "AVAILABLE", T0)));
        String before = assetId("E1");
        patch("/NL/SIM/LOC1/E1", "{\"status\":\"CHARGING\",\"last_updated\":\"" + T1 + "\"}");
        // a PUT that leaves E1 out hides it; when it comes back it is the same asset
        put("/NL/SIM/LOC1", location("NL", "SIM", "LOC1", T1, evse("E2", "AVAILABLE", T1)));
        assertThat(get("/NL/SIM/LOC1").json().get("data").get("evses").size()).isEqualTo(1);
        assertThat(get("/NL/SIM/LOC1/E1").status()).isEqualTo(404);
        put("/NL/SIM/LOC1", location("NL", "SIM", "LOC1", T2, evse("E1", "AVAILABLE", T2), evse("E2", "AVAILABLE", T2)));
        assertThat(assetId("E1")).isEqualTo(before);
        var asset = api("GET", "/v1/charging-assets/" + before).send();
        assertThat(asset.status()).isEqualTo(200);
        assertThat(asset.json().get("evse_uid").asString()).isEqualTo("E1");
    }

    @Test
    void badInputIs2001NamingTheField() {
        String valid = location("NL", "SIM", "LOC1", T1, evse("E1", "AVAILABLE", T1));
        assertRejected(valid.replace("\"time_zone\":\"Europe/Amsterdam\",", ""), "'time_zone'");
        assertRejected(valid.replace("\"latitude\":\"52.37403\"", "\"latitude\":\"52.3\""), "'coordinates.latitude'");
        assertRejected(valid.replace("\"status\":\"AVAILABLE\"", "\"status\":\"SLEEPING\""), "'evses[0].status'");
        assertRejected(valid.replace("\"country\":\"NLD\"", "\"country\":\"Netherlands\""), "'country'");
        assertRejected(valid.replace("\"max_voltage\":230", "\"max_voltage\":\"high\""), "max_voltage");
        String noConnectors = location("NL", "SIM", "LOC1", T1,
                "{\"uid\":\"E1\",\"status\":\"AVAILABLE\",\"connectors\":[],\"last_updated\":\"" + T1 + "\"}");
        assertRejected(noConnectors, "'evses[0].connectors'");
        assertRejected(location("NL", "SIM", "LOC1", T1, evse("E1", "AVAILABLE", T1), evse("E1", "AVAILABLE", T1)),
                "twice");
        assertRejected(location("NL", "SIM", "LOC1", T1, evse("E".repeat(37), "AVAILABLE", T1)), "'evses[0].uid'");

        var notJson = TestHttp.request("PUT", url(BASE + "/NL/SIM/LOC1")).token(token).json("{\"id\":").send();
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.ocpiStatus()).isEqualTo(2001);

        put("/NL/SIM/LOC1", valid);
        var badPatch = patch("/NL/SIM/LOC1/E1", "{\"status\":\"SLEEPING\",\"last_updated\":\"" + T2 + "\"}");
        assertThat(badPatch.ocpiStatus()).isEqualTo(2001);
        assertThat(badPatch.json().get("status_message").asString()).contains("status");
        assertThat(get("/NL/SIM/LOC1/E1").json().get("data").get("status").asString()).isEqualTo("AVAILABLE");
        assertThat(jdbc.sql("select count(*) from location").query(Integer.class).single()).isEqualTo(1);
    }

    private void assertRejected(String body, String field) {
        var response = TestHttp.request("PUT", url(BASE + "/NL/SIM/LOC1")).token(token).json(body).send();
        assertThat(response.ocpiStatus()).as(body).isEqualTo(2001);
        assertThat(response.json().get("status_message").asString()).contains(field);
        assertThat(jdbc.sql("select count(*) from location").query(Integer.class).single()).isZero();
    }

    private String assetId(String evseUid) {
        return jdbc.sql("select asset_id::text from evse where uid = ?").param(evseUid).query(String.class).single();
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
