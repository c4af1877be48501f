package com.rollyy.cposim;

import static com.rollyy.cposim.TestHttp.base64;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import com.rollyy.cposim.ocpi.Json;

/**
 * A registered simulator and a fake eMSP with sessions and cdrs RECEIVER endpoints, plus the
 * eMSP's side of the commands. Short delays keep the asynchronous steps quick.
 */
abstract class CycleTestSupport {

    /** Where a session can charge in the default dataset, found by looking at it. */
    record Place(String locationId, String evseUid, String connectorId, String tariffId) {
    }

    CpoSimulator sim;
    FakeEmsp emsp;
    String token;

    @BeforeEach
    void startCycle() throws Exception {
        sim = CpoSimulator.start();
        // these tests drive sessions by hand (advanceSession) and count every message: the
        // simulator's own charging is off unless a test turns it on (AutoCycleTest, DefaultChargingTest)
        sim.knobs().setResultDelayMillis(5).setAutoCycle(false);
        emsp = new FakeEmsp().withCycleEndpoints();
        emsp.accepted.add("emsp-token-a");
        sim.registerWith(emsp.versionsUrl(), "emsp-token-a");
        token = sim.tokenIssuedToEmsp();
        emsp.seen.clear();
    }

    @AfterEach
    void stopCycle() {
        sim.close();
        emsp.close();
    }

    HttpResponse<String> command(String command, Map<String, Object> body) {
        return TestHttp.send("POST", sim.commandsUrl() + "/" + command, base64(token), TestHttp.json(body));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> data(HttpResponse<String> response) {
        return (Map<String, Object>) TestHttp.envelope(response).get("data");
    }

    static Map<String, Object> token() {
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("country_code", "DE");
        token.put("party_id", "RLY");
        token.put("uid", "ROBOT-0001");
        token.put("type", "APP_USER");
        token.put("contract_id", "DE-RLY-C00000001-5");
        token.put("issuer", "Rollyy");
        token.put("valid", true);
        token.put("whitelist", "NEVER");
        token.put("last_updated", "2026-01-01T00:00:00Z");
        return token;
    }

    Map<String, Object> startBody(Place place, String authorizationReference) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("response_url", emsp.responseUrl("START_SESSION", authorizationReference));
        body.put("token", token());
        body.put("location_id", place.locationId());
        body.put("evse_uid", place.evseUid());
        body.put("connector_id", place.connectorId());
        body.put("authorization_reference", authorizationReference);
        return body;
    }

    Map<String, Object> stopBody(String sessionId, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("response_url", emsp.responseUrl("STOP_SESSION", requestId));
        body.put("session_id", sessionId);
        return body;
    }

    /** Sends START_SESSION (expecting ACCEPTED) and waits for the session PUT; returns the session id. */
    String startSession(Place place, String authorizationReference) {
        int before = emsp.sessions.size();
        HttpResponse<String> response = command("START_SESSION", startBody(place, authorizationReference));
        if (!"ACCEPTED".equals(data(response).get("result"))) {
            throw new AssertionError("START_SESSION not accepted: " + response.body());
        }
        FakeEmsp.await("the session PUT", () -> emsp.sessions.size() > before);
        return sim.sessions().get(sim.sessions().size() - 1).id();
    }

    void awaitIdle() throws InterruptedException {
        if (!sim.awaitIdle(Duration.ofSeconds(5))) {
            throw new AssertionError("the simulator did not become idle");
        }
    }

    /** A connector of the first AC (or DC) EVSE in the dataset, with its REGULAR tariff. */
    @SuppressWarnings("unchecked")
    Place place(String powerType) {
        for (int i = 1; i <= sim.config().locationCount(); i++) {
            Map<String, Object> location = Json.exactObject(sim.locationJson(i));
            for (Object rawEvse : (List<Object>) location.get("evses")) {
                Map<String, Object> evse = (Map<String, Object>) rawEvse;
                Map<String, Object> connector = ((List<Map<String, Object>>) evse.get("connectors")).get(0);
                boolean dc = "DC".equals(connector.get("power_type"));
                if (dc == "DC".equals(powerType)) {
                    return new Place((String) location.get("id"), (String) evse.get("uid"), (String) connector.get("id"),
                            ((List<String>) connector.get("tariff_ids")).get(0));
                }
            }
        }
        throw new AssertionError("no " + powerType + " EVSE in the dataset");
    }

    Place ac() {
        return place("AC");
    }

    Place dc() {
        return place("DC");
    }
}
