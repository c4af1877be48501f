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

    /** The tests below use the product API a lot: generous limits but for what they test. */
    private void generousLimits() {
        limits.setOcpiPerSecond(500);
        limits.setOcpiBurst(1000);
        limits.setApiPerSecond(1000);
        limits.setApiBurst(2000);
    }

    private String connectionOf(String partyId) {
        return jdbc.sql("select id::text from connection where party_id = ? and status = 'ACTIVE'").param(partyId)
                .query(String.class).single();
    }

    @Test
    void aConnectionsOwnLimitSetByPatchAppliesToItAloneAndCanBeCleared() throws Exception {
        generousLimits();
        cpo.registerWith(versionsUrl(), invite());
        try (CpoSimulator other = CpoSimulator.start(SimulatorConfig.defaults().withPartyId("OTH"))) {
            other.registerWith(versionsUrl(), invite());
            String id = jdbc.sql("select id::text from connection where party_id <> 'OTH' and status = 'ACTIVE'")
                    .query(String.class).single();
            String otherId = connectionOf("OTH");

            var patched = api("PATCH", "/ocpi/connections/" + id)
                    .json("{\"rate_limit\": {\"per_second\": 0.5, \"burst\": 2}}").send();
            assertThat(patched.status()).isEqualTo(200);
            assertThat(patched.json().get("rate_limit").get("per_second").asDouble()).isEqualTo(0.5);
            assertThat(patched.json().get("rate_limit").get("burst").asInt()).isEqualTo(2);
            assertThat(patched.json().get("rate_limit").get("per_second_default").asBoolean()).isFalse();
            assertThat(patched.json().get("rate_limit").get("burst_default").asBoolean()).isFalse();
            var otherView = api("GET", "/ocpi/connections/" + otherId).send().json().get("rate_limit");
            assertThat(otherView.get("per_second").asDouble()).isEqualTo(500.0);
            assertThat(otherView.get("burst").asInt()).isEqualTo(1000);
            assertThat(otherView.get("per_second_default").asBoolean()).isTrue();
            assertThat(api("GET", "/ocpi/connections").send().json().findValues("rate_limit"))
                    .anyMatch(v -> v.get("burst").asInt() == 2).anyMatch(v -> v.get("burst").asInt() == 1000);

            var statuses = new ArrayList<Integer>();
            TestHttp.Response refused = null;
            for (int i = 0; i < 4; i++) {
                var answer = ocpi("GET", "/ocpi/2.2.1/sessions", cpo.tokenForEmsp()).send();
                statuses.add(answer.status());
                if (answer.status() == 429 && refused == null) {
                    refused = answer;
                }
            }
            assertThat(statuses).as("its own burst of 2").startsWith(200, 200).contains(429);
            assertThat(refused.header("Retry-After")).isEqualTo("2");
            for (int i = 0; i < 5; i++) {
                assertThat(ocpi("GET", "/ocpi/2.2.1/sessions", other.tokenForEmsp()).send().status())
                        .as("the other connection keeps the default").isEqualTo(200);
            }

            // a PATCH without rate_limit keeps it
            assertThat(api("PATCH", "/ocpi/connections/" + id).json("{\"raw_token\": false}").send().json()
                    .get("rate_limit").get("burst").asInt()).isEqualTo(2);
            // null fields go back to the defaults
            var cleared = api("PATCH", "/ocpi/connections/" + id)
                    .json("{\"rate_limit\": {\"per_second\": null, \"burst\": null}}").send();
            assertThat(cleared.status()).isEqualTo(200);
            assertThat(cleared.json().get("rate_limit").get("burst").asInt()).isEqualTo(1000);
            assertThat(cleared.json().get("rate_limit").get("burst_default").asBoolean()).isTrue();
            assertThat(jdbc.sql("select count(*) from connection where rate_limit_per_second is not null"
                    + " or rate_limit_burst is not null").query(Long.class).single()).isZero();
            assertThat(ocpi("GET", "/ocpi/2.2.1/sessions", cpo.tokenForEmsp()).send().status())
                    .as("back on the default limit").isEqualTo(200);
        }
    }

    @Test
    void badRateLimitsInAPatchAre400NamingTheField() throws Exception {
        generousLimits();
        cpo.registerWith(versionsUrl(), invite());
        String id = jdbc.sql("select id::text from connection where status = 'ACTIVE'").query(String.class).single();
        var zero = api("PATCH", "/ocpi/connections/" + id).json("{\"rate_limit\": {\"per_second\": 0}}").send();
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.json().get("error").asString()).isEqualTo("invalid_request");
        assertThat(zero.json().get("message").asString()).contains("rate_limit.per_second");
        var negative = api("PATCH", "/ocpi/connections/" + id).json("{\"rate_limit\": {\"burst\": -5}}").send();
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.json().get("message").asString()).contains("rate_limit.burst");
        var huge = api("PATCH", "/ocpi/connections/" + id).json("{\"rate_limit\": {\"burst\": 99999999999}}").send();
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.json().get("message").asString()).contains("rate_limit.burst");
        var text = api("PATCH", "/ocpi/connections/" + id).json("{\"rate_limit\": {\"per_second\": \"fast\"}}").send();
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.json().get("message").asString()).contains("rate_limit.per_second");
        var notAnObject = api("PATCH", "/ocpi/connections/" + id).json("{\"rate_limit\": 5}").send();
        assertThat(notAnObject.status()).isEqualTo(400);
        assertThat(notAnObject.json().get("message").asString()).contains("rate_limit");
        assertThat(api("GET", "/ocpi/connections/" + id).send().json().get("rate_limit").get("burst_default")
                .asBoolean()).as("nothing stored").isTrue();
    }

    @Test
    void anApiKeysOwnLimitFromConfigurationAppliesToThatKey() {
        String keyId = RateLimiter.apiKeyId(API_KEY);
        assertThat(keyId).isEqualTo("4c806362b613");
        generousLimits();
        limits.getApiKeys().put(keyId, new RateLimitProperties.Limit(0.5, 2));
        try {
            var statuses = new ArrayList<Integer>();
            TestHttp.Response refused = null;
            for (int i = 0; i < 4; i++) {
                var answer = api("GET", "/v1/robot-jobs").send();
                statuses.add(answer.status());
                if (answer.status() == 429 && refused == null) {
                    refused = answer;
                }
            }
            assertThat(statuses).startsWith(200, 200).contains(429);
            assertThat(refused.header("Retry-After")).isEqualTo("2");
            assertThat(refused.json().get("error").asString()).isEqualTo("rate_limited");
            limits.getApiKeys().put("000000000000", new RateLimitProperties.Limit(1000.0, 2000));
            assertThat(api("GET", "/v1/robot-jobs").send().status()).as("another key's override is not ours")
                    .isEqualTo(429);
        } finally {
            limits.getApiKeys().clear();
        }
        assertThat(api("GET", "/v1/robot-jobs").send().status()).as("override removed: the default again")
                .isEqualTo(200);
    }
}
