package com.rollyy.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.cposim.SimulatorConfig;
import com.rollyy.emsp.config.RateLimitProperties;
import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/** Rate limits per OCPI connection and per API key: 429 with Retry-After, other callers unaffected. */
class RateLimitTest extends EmspIntegrationTest {

    @Autowired
    RateLimitProperties limits;

    @Autowired
    RateLimiter limiter;

    private double ocpiRate;
    private int ocpiBurst;
    private double apiRate;
    private int apiBurst;

    @BeforeEach
    void lowLimits() {
        ocpiRate = limits.getOcpiPerSecond();
        ocpiBurst = limits.getOcpiBurst();
        apiRate = limits.getApiPerSecond();
        apiBurst = limits.getApiBurst();
        limits.setOcpiPerSecond(0.5);
        limits.setOcpiBurst(3);
        limits.setApiPerSecond(0.5);
        limits.setApiBurst(3);
        limiter.reset();
    }

    @AfterEach
    void restore() {
        limits.setOcpiPerSecond(ocpiRate);
        limits.setOcpiBurst(ocpiBurst);
        limits.setApiPerSecond(apiRate);
        limits.setApiBurst(apiBurst);
        limiter.reset();
    }

    @Test
    void aConnectionOverItsRateGets429WithRetryAfterAndOthersGoOn() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        limiter.reset(); // the handshake's own calls do not count here
        var statuses = new ArrayList<Integer>();
        TestHttp.Response refused = null;
        for (int i = 0; i < 5; i++) {
            var answer = ocpi("GET", "/ocpi/2.2.1/sessions", cpo.tokenForEmsp()).send();
            statuses.add(answer.status());
            if (answer.status() == 429) {
                refused = answer;
            }
        }
        assertThat(statuses).startsWith(200, 200, 200).contains(429);
        assertThat(refused.header("Retry-After")).isEqualTo("2");
        assertThat(refused.ocpiStatus()).isEqualTo(2000);
        assertThat(refused.json().get("status_message").asString()).contains("retry after 2 s");

        try (CpoSimulator other = CpoSimulator.start(SimulatorConfig.defaults().withPartyId("OTH"))) {
            other.registerWith(versionsUrl(), invite());
            limiter.reset(); // its handshake took its burst; the first connection's bucket empties again below
            for (int i = 0; i < 4; i++) {
                ocpi("GET", "/ocpi/2.2.1/sessions", cpo.tokenForEmsp()).send();
            }
            assertThat(ocpi("GET", "/ocpi/2.2.1/sessions", cpo.tokenForEmsp()).send().status()).isEqualTo(429);
            assertThat(ocpi("GET", "/ocpi/2.2.1/sessions", other.tokenForEmsp()).send().status())
                    .as("another connection has its own bucket").isEqualTo(200);
        }
    }

    @Test
    void anApiKeyOverItsRateGets429() {
        var statuses = new ArrayList<Integer>();
        TestHttp.Response refused = null;
        for (int i = 0; i < 5; i++) {
            var answer = api("GET", "/v1/robot-jobs").send();
            statuses.add(answer.status());
            if (answer.status() == 429) {
                refused = answer;
            }
        }
        assertThat(statuses).startsWith(200, 200, 200).contains(429);
        assertThat(refused.header("Retry-After")).isEqualTo("2");
        assertThat(refused.json().get("error").asString()).isEqualTo("rate_limited");
        limits.setEnabled(false);
        try {
            assertThat(api("GET", "/v1/robot-jobs").send().status()).as("switched off").isEqualTo(200);
        } finally {
            limits.setEnabled(true);
        }
    }
}
