package com.rollyy.cposim;

import static com.rollyy.cposim.TestHttp.base64;
import static com.rollyy.cposim.TestHttp.envelope;
import static com.rollyy.cposim.TestHttp.raw;
import static com.rollyy.cposim.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rollyy.cposim.ocpi.RecordedRequest;

class VersionsAndAuthTest {

    private CpoSimulator sim;

    @BeforeEach
    void start() {
        sim = CpoSimulator.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void versionsWithBase64TokenA() {
        HttpResponse<String> response = send("GET", sim.versionsUrl(), base64(sim.tokenA()), null,
                Map.of("X-Request-ID", "req-1", "X-Correlation-ID", "corr-1"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("X-Request-ID")).hasValue("req-1");
        assertThat(response.headers().firstValue("X-Correlation-ID")).hasValue("corr-1");
        Map<String, Object> envelope = envelope(response);
        assertThat(envelope).containsEntry("status_code", 1000);
        assertThat((String) envelope.get("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(envelope.get("data")).isEqualTo(
                List.of(Map.of("version", "2.2.1", "url", sim.baseUrl() + "/ocpi/2.2.1")));
        assertThat(sim.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void detailsWithRawTokenA() {
        HttpResponse<String> response = send("GET", sim.baseUrl() + "/ocpi/2.2.1/", raw(sim.tokenA()), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Request-ID")).isPresent();
        assertThat(response.headers().firstValue("X-Correlation-ID")).isPresent();
        assertThat(envelope(response).get("data")).isEqualTo(Map.of("version", "2.2.1", "endpoints", List.of(
                Map.of("identifier", "credentials", "role", "SENDER", "url", sim.credentialsUrl()),
                Map.of("identifier", "locations", "role", "SENDER", "url", sim.locationsUrl()),
                Map.of("identifier", "tariffs", "role", "SENDER", "url", sim.tariffsUrl()),
                Map.of("identifier", "sessions", "role", "SENDER", "url", sim.sessionsUrl()),
                Map.of("identifier", "cdrs", "role", "SENDER", "url", sim.cdrsUrl()),
                Map.of("identifier", "commands", "role", "RECEIVER", "url", sim.commandsUrl()),
                Map.of("identifier", "tokens", "role", "RECEIVER", "url", sim.tokensUrl()),
                Map.of("identifier", "chargingprofiles", "role", "RECEIVER",
                        "url", sim.baseUrl() + "/ocpi/2.2.1/chargingprofiles"))));
        assertThat(sim.locationsUrl()).isEqualTo(sim.baseUrl() + "/ocpi/2.2.1/locations");
        assertThat(sim.tariffsUrl()).isEqualTo(sim.baseUrl() + "/ocpi/2.2.1/tariffs");
        assertThat(sim.sessionsUrl()).isEqualTo(sim.baseUrl() + "/ocpi/2.2.1/sessions");
        assertThat(sim.cdrsUrl()).isEqualTo(sim.baseUrl() + "/ocpi/2.2.1/cdrs");
        assertThat(sim.commandsUrl()).isEqualTo(sim.baseUrl() + "/ocpi/2.2.1/commands");
    }

    @Test
    void missingOrUnknownTokenIs401WithEnvelope() {
        for (String authorization : new String[] {null, base64("nope"), "Bearer " + sim.tokenA(), "Token "}) {
            HttpResponse<String> response = send("GET", sim.versionsUrl(), authorization, null);
            assertThat(response.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
            assertThat(envelope(response)).containsEntry("status_code", 2000)
                    .containsEntry("status_message", "Unknown or missing token")
                    .containsKey("timestamp");
        }
    }

    @Test
    void tokenAIsRefusedOutsideVersionsAndCredentials() {
        HttpResponse<String> response = send("GET", sim.baseUrl() + "/ocpi/2.2.1/locations", base64(sim.tokenA()), null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(envelope(response)).containsEntry("status_code", 2000);
    }

    @Test
    void requireBase64RejectsRawTokens() {
        sim.knobs().setRequireBase64(true);

        assertThat(send("GET", sim.versionsUrl(), raw(sim.tokenA()), null).statusCode()).isEqualTo(401);
        assertThat(send("GET", sim.versionsUrl(), base64(sim.tokenA()), null).statusCode()).isEqualTo(200);
    }

    @Test
    void extraEndpointsAndOmittedCredentials() {
        sim.knobs().setExtraEndpoints(List.of(
                        new Endpoint("chargingprofiles", "RECEIVER", "http://elsewhere.test/chargingprofiles"),
                        new Endpoint("tariffs", "SENDER", "http://elsewhere.test/tariffs")))
                .setOmitCredentialsEndpoint(true);

        Object data = envelope(send("GET", sim.versionDetailsUrl(), base64(sim.tokenA()), null)).get("data");

        // an extra entry with a built-in's identifier and role takes its place; others are appended
        assertThat(data).isEqualTo(Map.of("version", "2.2.1", "endpoints", List.of(
                Map.of("identifier", "locations", "role", "SENDER", "url", sim.locationsUrl()),
                Map.of("identifier", "tariffs", "role", "SENDER", "url", "http://elsewhere.test/tariffs"),
                Map.of("identifier", "sessions", "role", "SENDER", "url", sim.sessionsUrl()),
                Map.of("identifier", "cdrs", "role", "SENDER", "url", sim.cdrsUrl()),
                Map.of("identifier", "commands", "role", "RECEIVER", "url", sim.commandsUrl()),
                Map.of("identifier", "tokens", "role", "RECEIVER", "url", sim.tokensUrl()),
                Map.of("identifier", "chargingprofiles", "role", "RECEIVER",
                        "url", "http://elsewhere.test/chargingprofiles"))));
    }

    @Test
    void recordsEveryRequestWithHeadersAndQuery() {
        send("GET", sim.versionsUrl() + "?probe=1", base64(sim.tokenA()), null);
        send("POST", sim.baseUrl() + "/elsewhere", null, "{\"a\":1}");

        List<RecordedRequest> requests = sim.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).path()).isEqualTo("/ocpi/versions?probe=1");
        assertThat(requests.get(0).pathWithoutQuery()).isEqualTo("/ocpi/versions");
        assertThat(requests.get(0).header("authorization")).isEqualTo(base64(sim.tokenA()));
        assertThat(requests.get(1).method()).isEqualTo("POST");
        assertThat(requests.get(1).body()).isEqualTo("{\"a\":1}");
        assertThat(requests.get(1).header("CONTENT-TYPE")).isEqualTo("application/json");

        sim.clearRequests();
        assertThat(sim.requests()).isEmpty();
    }

    @Test
    void configuredTokenAAndPublicUrlAreUsed() {
        try (CpoSimulator custom = CpoSimulator.start(SimulatorConfig.defaults()
                .withTokenA("fixed-token-a").withPublicUrl("http://cpo.example.test/"))) {
            assertThat(custom.tokenA()).isEqualTo("fixed-token-a");
            assertThat(custom.versionsUrl()).isEqualTo("http://cpo.example.test/ocpi/versions");
            String local = "http://127.0.0.1:" + custom.port() + "/ocpi/versions";
            Object data = envelope(send("GET", local, base64("fixed-token-a"), null)).get("data");
            assertThat(data).isEqualTo(List.of(Map.of("version", "2.2.1", "url", "http://cpo.example.test/ocpi/2.2.1")));
        }
    }
}
