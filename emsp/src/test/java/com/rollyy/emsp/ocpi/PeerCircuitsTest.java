package com.rollyy.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.cposim.SimulatorConfig;
import com.rollyy.emsp.support.EmspIntegrationTest;

/**
 * One dead CPO: after 3 failed calls (test setting) its circuit opens for 1 s and calls fail at
 * once without touching the network; another CPO's traffic goes on; after the pause one trial
 * call is let through.
 */
class PeerCircuitsTest extends EmspIntegrationTest {

    @Test
    void aDeadCpoIsLeftAloneForAWhileAndOthersAreNotAffected() throws Exception {
        String dead = registerWithSimulator();
        try (CpoSimulator alive = CpoSimulator.start(SimulatorConfig.defaults().withPartyId("OTH"))) {
            String aliveConnection = api("POST", "/ocpi/register").json("""
                    {"cpo_name":"Alive","versions_url":"%s","token":"%s"}""".formatted(alive.versionsUrl(),
                    alive.tokenA())).send().json().get("connection_id").asString();
            cpo.close();
            for (int i = 0; i < 3; i++) {
                var failed = api("POST", "/ocpi/2.2.1/tariffs/sync/" + dead).send();
                assertThat(failed.status()).isEqualTo(422);
                assertThat(failed.json().get("message").asString()).contains("unreachable");
            }
            var open = api("POST", "/ocpi/2.2.1/tariffs/sync/" + dead).send();
            assertThat(open.status()).isEqualTo(422);
            assertThat(open.json().get("message").asString()).contains("circuit open");

            assertThat(api("POST", "/ocpi/2.2.1/tariffs/sync/" + aliveConnection).send().status())
                    .as("another CPO's traffic goes on").isEqualTo(200);

            Thread.sleep(1_100);
            var trial = api("POST", "/ocpi/2.2.1/tariffs/sync/" + dead).send();
            assertThat(trial.json().get("message").asString()).as("the trial call reaches the network again")
                    .contains("unreachable").doesNotContain("circuit");
            assertThat(api("POST", "/ocpi/2.2.1/tariffs/sync/" + dead).send().json().get("message").asString())
                    .as("and its failure reopens the circuit").contains("circuit open");
        }
    }

    @Test
    void theCircuitRulesOnTheirOwn() {
        var circuits = new PeerCircuits(new PeerCircuits.Settings(2, Duration.ofMillis(200)));
        String url = "http://cpo.example:8080/ocpi/2.2.1/locations";
        circuits.failed(url);
        assertThat(circuits.refusal(url)).isNull();
        circuits.failed(url);
        assertThat(circuits.refusal(url)).contains("circuit open");
        assertThat(circuits.refusal("http://other.example/ocpi")).as("per host").isNull();
        circuits.backOff("http://busy.example/x", Duration.ofSeconds(30));
        assertThat(circuits.refusal("http://busy.example/y")).contains("circuit open");
    }

    @Test
    void theGaugeShowsClosedOpenAndHalfOpen() throws Exception {
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        var circuits = new PeerCircuits(new PeerCircuits.Settings(1, Duration.ofMillis(50)), registry);
        String url = "http://cpo.example:8080/ocpi";
        circuits.succeeded(url);
        var gauge = registry.get("ocpi.client.circuit.state").tag("peer", "cpo.example:8080").gauge();
        assertThat(gauge.value()).as("closed").isEqualTo(0);
        circuits.failed(url);
        assertThat(gauge.value()).as("open").isEqualTo(2);
        Thread.sleep(80);
        assertThat(gauge.value()).as("open time over: the next call is a trial").isEqualTo(1);
        assertThat(circuits.refusal(url)).isNull();
        assertThat(gauge.value()).as("trial under way").isEqualTo(1);
        circuits.failed(url);
        assertThat(gauge.value()).as("the trial failed: open again").isEqualTo(2);
        assertThat(registry.get("ocpi.client.circuit.opened").tag("peer", "cpo.example:8080").counter().count())
                .as("a reopening after a failed trial is not a new opening").isEqualTo(1);
        circuits.backOff("http://busy.example/x", Duration.ofSeconds(30));
        assertThat(registry.get("ocpi.client.circuit.state").tag("peer", "busy.example:-1").gauge().value())
                .as("HTTP 429 opens it too").isEqualTo(2);
        circuits.reset();
        assertThat(registry.find("ocpi.client.circuit.state").gauges()).as("forgotten with the circuits").isEmpty();
    }

    @Test
    void afterThePauseOneTrialAtATimeAndSuccessCloses() throws Exception {
        var circuits = new PeerCircuits(new PeerCircuits.Settings(1, Duration.ofMillis(50)));
        String url = "http://cpo.example/ocpi";
        circuits.failed(url);
        Thread.sleep(80);
        assertThat(circuits.refusal(url)).as("the trial").isNull();
        assertThat(circuits.refusal(url)).as("a second caller meanwhile").contains("half-open");
        circuits.succeeded(url);
        assertThat(circuits.refusal(url)).isNull();
        assertThat(circuits.refusal(url)).isNull();
    }
}
