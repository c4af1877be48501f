package com.rollyy.emsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.rollyy.emsp.support.EmspIntegrationTest;

/** Logs carry the message ids of the exchange and never a token. */
@ExtendWith(OutputCaptureExtension.class)
class LoggingTest extends EmspIntegrationTest {

    @Test
    void logsCarryRequestIdsAndNoTokens(CapturedOutput output) throws Exception {
        List<String> tokens = new ArrayList<>();
        String tokenA = invite();
        tokens.add(tokenA);
        cpo.registerWith(versionsUrl(), tokenA);
        tokens.add(cpo.tokenForEmsp());
        tokens.add(cpo.tokenIssuedToEmsp());
        cpo.rotateCredentials();
        tokens.add(cpo.tokenForEmsp());
        tokens.add(cpo.tokenIssuedToEmsp());
        String id = registerSecondSimulator(tokens);
        api("POST", "/ocpi/connections/" + id + "/rotate").send();
        ocpi("GET", "/ocpi/versions", "wrong-token").header("X-Request-ID", "log-check-123")
                .header("X-Correlation-ID", "corr-check-456").send();

        assertThat(output.getAll()).contains("req=log-check-123").contains("corr=corr-check-456");
        for (String token : tokens) {
            assertThat(output.getAll()).doesNotContain(token)
                    .doesNotContain(Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void everyRequestHasAnAccessLineWithItsPathTemplateStatusAndCaller(CapturedOutput output) throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        String job = api("POST", "/v1/robot-jobs").json("""
                {"robot_id":"robot-1","job_type":"charging"}""").send().json().get("rollyy_id").asString();
        api("GET", "/v1/robot-jobs/" + job).header("X-Request-ID", "access-check-1").send();
        ocpi("GET", "/ocpi/2.2.1/sessions", cpo.tokenForEmsp()).send();
        api("GET", "/v1/robot-jobs/" + job).header("X-API-Key", "wrong").send();

        // the line is written once the answer is out: the client may read the answer first
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(output.getAll().lines().filter(l -> l.contains("rollyy.access")).toList())
                .anyMatch(l -> l.contains("req=access-check-1") && l.contains("GET /v1/robot-jobs/{jobId} 200")
                        && l.contains("api-key:4c806362b613") // the first 12 hex digits of SHA-256("test-api-key")
                        && !l.contains("test-api-key") && !l.contains(job))
                .anyMatch(l -> l.contains("GET /ocpi/2.2.1/sessions 200") && l.contains("connection:"))
                .anyMatch(l -> l.contains("GET /v1/robot-jobs/" + job + " 401") && l.contains("anonymous")));
    }

    private String registerSecondSimulator(List<String> tokens) {
        try (var other = com.rollyy.cposim.CpoSimulator.start()) {
            tokens.add(other.tokenA());
            var response = api("POST", "/ocpi/register").json("""
                    {"cpo_name":"Second","versions_url":"%s","token":"%s"}"""
                    .formatted(other.versionsUrl(), other.tokenA())).send();
            tokens.add(other.tokenForEmsp());
            tokens.add(other.tokenIssuedToEmsp());
            String id = response.json().get("connection_id").asString();
            api("DELETE", "/ocpi/connections/" + id).send();
            return id;
        }
    }
}
