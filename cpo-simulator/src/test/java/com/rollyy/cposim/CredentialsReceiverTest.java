package com.rollyy.cposim;

import static com.rollyy.cposim.TestHttp.base64;
import static com.rollyy.cposim.TestHttp.envelope;
import static com.rollyy.cposim.TestHttp.json;
import static com.rollyy.cposim.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The eMSP initiates: it POSTs/PUTs/DELETEs the simulator's credentials endpoint. */
class CredentialsReceiverTest {

    private CpoSimulator sim;
    private FakeEmsp emsp;

    @BeforeEach
    void start() throws Exception {
        sim = CpoSimulator.start();
        emsp = new FakeEmsp();
    }

    @AfterEach
    void stop() {
        sim.close();
        emsp.close();
    }

    /** The fake eMSP accepts {@code token} (its B) and posts it to the simulator. */
    private HttpResponse<String> postCredentials(String authToken, String tokenB) {
        emsp.accepted.add(tokenB);
        return send("POST", sim.credentialsUrl(), base64(authToken), json(emsp.credentials(tokenB)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(HttpResponse<String> response) {
        return (Map<String, Object>) envelope(response).get("data");
    }

    @Test
    void fullLifecycle() {
        String tokenA = sim.tokenA();

        HttpResponse<String> post = postCredentials(tokenA, "emsp-b-1");

        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(envelope(post)).containsEntry("status_code", 1000);
        Map<String, Object> credentials = data(post);
        String tokenC = (String) credentials.get("token");
        assertThat(tokenC).isNotBlank().hasSizeLessThanOrEqualTo(64).isNotEqualTo(tokenA).isNotEqualTo("emsp-b-1");
        assertThat(credentials).containsEntry("url", sim.versionsUrl());
        assertThat(credentials.get("roles")).isEqualTo(List.of(Map.of("role", "CPO", "party_id", "SIM",
                "country_code", "NL", "business_details", Map.of("name", "Rollyy CPO Simulator"))));
        // the callback reached the eMSP before the answer, with B Base64-encoded
        assertThat(emsp.seen).extracting(FakeEmsp.Seen::path).containsExactly("/emsp/versions", "/emsp/2.2.1");
        assertThat(emsp.seen).allSatisfy(seen -> assertThat(seen.authorization()).isEqualTo(base64("emsp-b-1")));
        assertThat(sim.isRegistered()).isTrue();
        assertThat(sim.tokenForEmsp()).isEqualTo("emsp-b-1");
        assertThat(sim.tokenIssuedToEmsp()).isEqualTo(tokenC);
        assertThat(sim.emspVersionsUrl()).isEqualTo(emsp.versionsUrl());
        assertThat(sim.emspEndpointUrl("tokens")).hasValue(emsp.tokensUrl());
        assertThat(sim.emspRoles()).hasSize(1);

        // token A is spent everywhere; C works
        assertThat(sim.isTokenAValid()).isFalse();
        assertThat(send("GET", sim.versionsUrl(), base64(tokenA), null).statusCode()).isEqualTo(401);
        assertThat(send("GET", sim.versionsUrl(), base64(tokenC), null).statusCode()).isEqualTo(200);
        HttpResponse<String> get = send("GET", sim.credentialsUrl(), base64(tokenC), null);
        assertThat(data(get)).containsEntry("token", tokenC);
        assertThat(send("GET", sim.baseUrl() + "/ocpi/2.2.1/nothing", base64(tokenC), null).statusCode()).isEqualTo(404);

        // second POST from the registered peer
        HttpResponse<String> again = postCredentials(tokenC, "emsp-b-2");
        assertThat(again.statusCode()).isEqualTo(405);
        assertThat(envelope(again)).containsKey("status_code");

        // PUT rotates: callback with the new eMSP token, new C, old C dead
        emsp.seen.clear();
        emsp.accepted.add("emsp-b-3");
        HttpResponse<String> put = send("PUT", sim.credentialsUrl(), base64(tokenC), json(emsp.credentials("emsp-b-3")));
        assertThat(envelope(put)).containsEntry("status_code", 1000);
        String newC = (String) data(put).get("token");
        assertThat(newC).isNotEqualTo(tokenC);
        assertThat(emsp.seen).allSatisfy(seen -> assertThat(seen.authorization()).isEqualTo(base64("emsp-b-3")));
        assertThat(emsp.seen).hasSize(2);
        assertThat(sim.tokenForEmsp()).isEqualTo("emsp-b-3");
        assertThat(send("GET", sim.versionsUrl(), base64(tokenC), null).statusCode()).isEqualTo(401);

        // DELETE unregisters; afterwards the token is unknown
        HttpResponse<String> delete = send("DELETE", sim.credentialsUrl(), base64(newC), null);
        assertThat(delete.statusCode()).isEqualTo(200);
        assertThat(envelope(delete)).containsEntry("status_code", 1000).doesNotContainKey("data");
        assertThat(sim.isRegistered()).isFalse();
        assertThat(sim.tokenForEmsp()).isNull();
        assertThat(send("GET", sim.versionsUrl(), base64(newC), null).statusCode()).isEqualTo(401);

        // PUT/DELETE with a fresh token A (not registered) are 405; POST registers again
        String tokenA2 = sim.issueTokenA();
        assertThat(send("PUT", sim.credentialsUrl(), base64(tokenA2), json(emsp.credentials("emsp-b-4"))).statusCode())
                .isEqualTo(405);
        assertThat(send("DELETE", sim.credentialsUrl(), base64(tokenA2), null).statusCode()).isEqualTo(405);
        assertThat(envelope(postCredentials(tokenA2, "emsp-b-5"))).containsEntry("status_code", 1000);
    }

    @Test
    void malformedJsonIs400() {
        HttpResponse<String> response = send("POST", sim.credentialsUrl(), base64(sim.tokenA()), "{\"token\":");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(envelope(response)).containsEntry("status_code", 2001);
    }

    @Test
    void missingFieldIs2001NamingIt() {
        Map<String, Object> body = new HashMap<>(emsp.credentials("emsp-b"));
        body.remove("url");

        HttpResponse<String> response = send("POST", sim.credentialsUrl(), base64(sim.tokenA()), json(body));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(envelope(response)).containsEntry("status_code", 2001);
        assertThat((String) envelope(response).get("status_message")).contains("url");
        assertThat(sim.isRegistered()).isFalse();
    }

    @Test
    void failingCallbackIs3001AndNothingIsRegistered() {
        emsp.versionsHttpStatus = 500;

        HttpResponse<String> response = postCredentials(sim.tokenA(), "emsp-b");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(envelope(response)).containsEntry("status_code", 3001);
        assertThat(sim.isRegistered()).isFalse();
        assertThat(sim.isTokenAValid()).isTrue();
    }

    @Test
    void unreachableCallbackIs3001() {
        String tokenA = sim.tokenA();
        Map<String, Object> body = new HashMap<>(emsp.credentials("emsp-b"));
        body.put("url", "http://127.0.0.1:1/ocpi/versions");

        HttpResponse<String> response = send("POST", sim.credentialsUrl(), base64(tokenA), json(body));

        assertThat(envelope(response)).containsEntry("status_code", 3001);
    }

    @Test
    void rejectKnobAnswers2001() {
        sim.knobs().setRejectCredentials(true);

        HttpResponse<String> response = postCredentials(sim.tokenA(), "emsp-b");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(envelope(response)).containsEntry("status_code", 2001)
                .containsEntry("status_message", "credentials rejected by simulator");
        assertThat(emsp.seen).isEmpty();
        assertThat(sim.isRegistered()).isFalse();
    }

    @Test
    void rawTokensKnobChangesCallbackEncoding() {
        sim.knobs().setSendRawTokens(true);

        HttpResponse<String> response = postCredentials(sim.tokenA(), "emsp-b");

        // the fake eMSP is strict 2.2.1 and refuses raw tokens, so the callback fails
        assertThat(envelope(response)).containsEntry("status_code", 3001);
        assertThat(emsp.seen.get(0).authorization()).isEqualTo("Token emsp-b");
    }
}
