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
