package com.rollyy.emsp.connections;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.rollyy.cposim.SenderFault;
import com.rollyy.emsp.robotjobs.ChargingFlowSupport;

/**
 * A connection's view says how talking to it went: the OCPI requests we sent it over the last hour
 * by outcome (from the meter's own counts) and the last pull of each module, in GET
 * /ocpi/connections/{id} and in the list.
 */
class ConnectionHealthTest extends ChargingFlowSupport {

    @AfterEach
    void cpoRecovers() {
        cpo.knobs().setSenderFault(SenderFault.NONE);
    }

    @Test
    void theViewCountsTheCallsOfTheLastHourAndShowsEachModulesLastPull() {
        connect();

        JsonNode health = api("GET", "/ocpi/connections/" + connectionId).send().json().get("health");
        long callsAfterConnect = health.get("calls_last_hour").asLong();
        assertThat(callsAfterConnect).as("versions, details, credentials, the pulls' pages").isGreaterThanOrEqualTo(4);
        assertThat(health.get("rejected_last_hour").asLong()).isZero();
        assertThat(health.get("failed_last_hour").asLong()).isZero();
        assertThat(health.get("error_rate_last_hour").asDouble()).isZero();
        assertThat(health.hasNonNull("counted_since")).isTrue();
        JsonNode locations = pull(health, "locations");
        assertThat(locations.hasNonNull("last_success_at")).isTrue();
        assertThat(locations.hasNonNull("last_error")).as("absent: the last pull worked").isFalse();
        assertThat(locations.get("last_count").asInt()).isPositive();
        assertThat(locations.get("running").asBoolean()).isFalse();
        assertThat(pull(health, "tariffs").hasNonNull("last_success_at")).isTrue();
        String lastSuccess = locations.get("last_success_at").asString();

        cpo.knobs().setSenderFault(SenderFault.HTTP_503);
        api("POST", "/ocpi/2.2.1/locations/sync/" + connectionId).send();

        health = api("GET", "/ocpi/connections/" + connectionId).send().json().get("health");
        assertThat(health.get("calls_last_hour").asLong()).isGreaterThan(callsAfterConnect);
        assertThat(health.get("rejected_last_hour").asLong() + health.get("failed_last_hour").asLong())
                .as("the 503s").isPositive();
        assertThat(health.get("error_rate_last_hour").asDouble()).isGreaterThan(0).isLessThan(1);
        locations = pull(health, "locations");
        assertThat(locations.get("last_error").asString()).isNotBlank();
        assertThat(locations.get("last_success_at").asString()).as("still the last pull that worked")
                .isEqualTo(lastSuccess);

        JsonNode listed = null;
        for (JsonNode c : api("GET", "/ocpi/connections").send().json()) {
            if (c.get("id").asString().equals(connectionId)) {
                listed = c;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("health").get("calls_last_hour").asLong())
                .isEqualTo(health.get("calls_last_hour").asLong());
        assertThat(pull(listed.get("health"), "locations").get("last_error").asString()).isNotBlank();
    }

    private static JsonNode pull(JsonNode health, String module) {
        for (JsonNode p : health.get("pulls")) {
            if (p.get("module").asString().equals(module)) {
                return p;
            }
        }
        throw new AssertionError("no pull of " + module + " in " + health);
    }
}
