package com.rollyy.emsp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.Scrape;

/**
 * What an operator sees of the calls we make to a CPO: each request by connection, module,
 * method and outcome, and the CPO's circuit opening when it dies.
 */
class OcpiClientMetersTest extends EmspIntegrationTest {

    private static final String CALLS = "ocpi_client_requests_seconds_count";

    @Test
    void callsAreCountedByOutcomeAndADeadCpoOpensItsCircuit() {
        var before = Scrape.take(url(""));
        String connection = registerWithSimulator();
        assertThat(api("POST", "/ocpi/2.2.1/tariffs/sync/" + connection).send().status()).isEqualTo(200);
        var connected = Scrape.take(url(""));
        assertThat(connected.delta(before, CALLS, "connection", connection, "module", "versions", "method", "GET",
                "outcome", "OK")).as("versions and version details").isEqualTo(2);
        assertThat(connected.delta(before, CALLS, "connection", connection, "module", "credentials", "method",
                "POST", "outcome", "OK")).isEqualTo(1);
        assertThat(connected.delta(before, CALLS, "connection", connection, "module", "tariffs", "method", "GET",
                "outcome", "OK")).as("one page of tariffs").isGreaterThanOrEqualTo(1);
        assertThat(connected.samples("ocpi_client_requests_seconds_bucket", "connection", connection, "module",
                "tariffs", "le", "30.0")).as("a histogram with fixed buckets").hasSize(1);
        String peer = URI.create(cpo.versionsUrl()).getHost() + ":" + URI.create(cpo.versionsUrl()).getPort();
        assertThat(connected.value("ocpi_client_circuit_state", "peer", peer)).as("closed").isEqualTo(0);
        assertThat(api("GET", "/ocpi/connections/" + connection).send().json().get("circuit").asString())
                .isEqualTo("closed");

        cpo.close();
        for (int i = 0; i < 3; i++) { // the test profile opens a circuit after 3 failures
            assertThat(api("POST", "/ocpi/2.2.1/tariffs/sync/" + connection).send().status()).isEqualTo(422);
        }
        assertThat(api("POST", "/ocpi/2.2.1/tariffs/sync/" + connection).send().json().get("message").asString())
                .contains("circuit open");
        var dead = Scrape.take(url(""));
        assertThat(dead.delta(connected, CALLS, "connection", connection, "module", "tariffs", "outcome",
                "UNREACHABLE")).isEqualTo(3);
        assertThat(dead.delta(connected, CALLS, "connection", connection, "module", "tariffs", "outcome",
                "CIRCUIT_OPEN")).isEqualTo(1);
        assertThat(dead.value("ocpi_client_circuit_state", "peer", peer)).as("open").isEqualTo(2);
        assertThat(api("GET", "/ocpi/connections/" + connection).send().json().get("circuit").asString())
                .as("the operator sees it on the connection too").isEqualTo("open");
        assertThat(dead.delta(connected, "ocpi_client_circuit_opened_total", "peer", peer)).isEqualTo(1);
    }
}
