package com.rollyy.cposim;

import static com.rollyy.cposim.TestHttp.base64;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Tokens Receiver (PUT/PATCH/GET), its refusal knobs, and the authorize/pull client calls. */
class TokensReceiverTest {

    private CpoSimulator sim;
    private FakeEmsp emsp;
    private String token;

    @BeforeEach
    void start() throws Exception {
        sim = CpoSimulator.start();
        emsp = new FakeEmsp();
        emsp.accepted.add("emsp-token-a");
        sim.registerWith(emsp.versionsUrl(), "emsp-token-a");
        token = sim.tokenIssuedToEmsp();
        emsp.seen.clear();
    }

    @AfterEach
    void stop() {
        sim.close();
        emsp.close();
    }

    private static Map<String, Object> rfid(String uid, String lastUpdated) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("country_code", "DE");
        t.put("party_id", "RLY");
        t.put("uid", uid);
        t.put("type", "RFID");
        t.put("contract_id", "DE-RLY-C00000001-5");
        t.put("issuer", "Rollyy");
        t.put("valid", true);
        t.put("whitelist", "ALLOWED");
        t.put("last_updated", lastUpdated);
        return t;
    }

    private HttpResponse<String> call(String method, String path, Object body) {
        return TestHttp.send(method, sim.tokensUrl() + path, base64(token), body == null ? null : TestHttp.json(body));
    }

    @Test
    void listedAsTokensReceiverInVersionDetails() {
        var details = TestHttp.envelope(TestHttp.send("GET", sim.versionDetailsUrl(), base64(token), null));
        @SuppressWarnings("unchecked")
        var endpoints = (List<Map<String, Object>>) ((Map<String, Object>) details.get("data")).get("endpoints");
        assertThat(endpoints).contains(Map.of("identifier", "tokens", "role", "RECEIVER", "url", sim.tokensUrl()));
    }

    @Test
    void putStoresThenPatchMergesAndGetReturnsIt() {
        assertThat(call("PUT", "/DE/RLY/0102", rfid("0102", "2026-01-01T00:00:00Z")).statusCode()).isEqualTo(201);
        assertThat(call("PUT", "/DE/RLY/0102", rfid("0102", "2026-01-01T00:00:01Z")).statusCode()).isEqualTo(200);
        var patch = call("PATCH", "/DE/RLY/0102?type=RFID", Map.of("valid", false, "last_updated", "2026-01-02T00:00:00Z"));
        assertThat(patch.statusCode()).isEqualTo(200);
        // an older PATCH changes nothing
        call("PATCH", "/DE/RLY/0102", Map.of("valid", true, "last_updated", "2025-12-31T00:00:00Z"));

        assertThat(sim.token("DE", "RLY", "0102", null)).get().satisfies(t -> {
            assertThat(t.get("valid")).isEqualTo(false);
            assertThat(t.get("last_updated")).isEqualTo("2026-01-02T00:00:00Z");
        });
        assertThat(sim.tokens()).hasSize(1);
        var get = call("GET", "/DE/RLY/0102", null);
        assertThat(TestHttp.envelope(get).get("data")).isInstanceOf(Map.class);
    }

    @Test
    void patchOfUnknownTokenIs404With2004SoTheEmspPutsIt() {
        var patch = call("PATCH", "/DE/RLY/NOPE?type=APP_USER", Map.of("valid", false, "last_updated", "2026-01-02T00:00:00Z"));
        assertThat(patch.statusCode()).isEqualTo(404);
        assertThat(TestHttp.envelope(patch).get("status_code")).isEqualTo(2004);
    }

    @Test
    void putWhoseBodyDoesNotMatchTheUrlIs2001() {
        var put = call("PUT", "/DE/RLY/OTHER", rfid("0102", "2026-01-01T00:00:00Z"));
        assertThat(TestHttp.envelope(put).get("status_code")).isEqualTo(2001);
        assertThat(sim.tokens()).isEmpty();
    }

    @Test
    void refusesTheNextPushesThenRecovers() {
        sim.tokenKnobs().refuseNext(2);
        assertThat(call("PUT", "/DE/RLY/0102", rfid("0102", "2026-01-01T00:00:00Z")).statusCode()).isEqualTo(503);
        assertThat(call("PUT", "/DE/RLY/0102", rfid("0102", "2026-01-01T00:00:00Z")).statusCode()).isEqualTo(503);
        assertThat(call("PUT", "/DE/RLY/0102", rfid("0102", "2026-01-01T00:00:00Z")).statusCode()).isEqualTo(201);

        sim.tokenKnobs().setDown(true);
        assertThat(call("GET", "/DE/RLY/0102", null).statusCode()).isEqualTo(503);
        sim.tokenKnobs().setDown(false);
        assertThat(call("GET", "/DE/RLY/0102", null).statusCode()).isEqualTo(200);
    }

    @Test
    void authorizeAndPullCallTheEmspTokensSender() {
        sim.authorizeToken("04 AB", "APP_USER", "{\"location_id\":\"LOC1\"}");
        sim.pullTokens("offset=0&limit=10");
        assertThat(emsp.seen).extracting(FakeEmsp.Seen::method, FakeEmsp.Seen::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("POST", "/emsp/2.2.1/tokens/04 AB/authorize"),
                org.assertj.core.groups.Tuple.tuple("GET", "/emsp/2.2.1/tokens"));
        assertThat(emsp.seen.get(0).body()).isEqualTo("{\"location_id\":\"LOC1\"}");
    }
}
