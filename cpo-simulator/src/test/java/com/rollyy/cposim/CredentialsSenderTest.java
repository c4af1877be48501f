package com.rollyy.cposim;

import static com.rollyy.cposim.TestHttp.base64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rollyy.cposim.credentials.RegistrationResult;
import com.rollyy.cposim.ocpi.SimResponse;

/** The simulator initiates: registerWith, rotateCredentials, unregister and callEmsp. */
class CredentialsSenderTest {

    private CpoSimulator sim;
    private FakeEmsp emsp;

    @BeforeEach
    void start() throws Exception {
        sim = CpoSimulator.start();
        emsp = new FakeEmsp();
        emsp.accepted.add("emsp-token-a");
    }

    @AfterEach
    void stop() {
        sim.close();
        emsp.close();
    }

    @Test
    void registerRotateCallAndUnregister() throws Exception {
        RegistrationResult result = sim.registerWith(emsp.versionsUrl(), "emsp-token-a");

        // the eMSP's callback with B succeeded while the POST was still open
        assertThat(emsp.callbackStatuses).containsExactly(200);
        assertThat(result.tokenIssuedToEmsp()).isEqualTo(emsp.tokenForCpo).isEqualTo(sim.tokenIssuedToEmsp());
        assertThat(result.tokenForEmsp()).isEqualTo(emsp.issuedToCpo).isEqualTo(sim.tokenForEmsp());
        assertThat(result.emspCredentialsUrl()).isEqualTo(emsp.credentialsUrl());
        assertThat(result.emspRoles()).singleElement().satisfies(role -> assertThat(role).containsEntry("party_id", "RLY"));
        assertThat(sim.emspEndpoints()).hasSize(2);
        FakeEmsp.Seen post = emsp.seen.stream().filter(s -> s.method().equals("POST")).findFirst().orElseThrow();
        assertThat(post.authorization()).isEqualTo(base64("emsp-token-a"));
        assertThat(post.body()).contains("\"token\":\"" + result.tokenIssuedToEmsp() + "\"")
                .contains("\"url\":\"" + sim.versionsUrl() + "\"")
                .contains("\"business_details\":{\"name\":\"Rollyy CPO Simulator\"}");

        String oldB = sim.tokenIssuedToEmsp();
        String oldC = sim.tokenForEmsp();
        sim.rotateCredentials();
        assertThat(sim.tokenIssuedToEmsp()).isNotEqualTo(oldB).isEqualTo(emsp.tokenForCpo);
        assertThat(sim.tokenForEmsp()).isNotEqualTo(oldC).isEqualTo(emsp.issuedToCpo);
        assertThat(TestHttp.send("GET", sim.versionsUrl(), base64(oldB), null).statusCode()).isEqualTo(401);

        SimResponse call = sim.callEmsp("GET", emsp.tokensUrl(), null);
        assertThat(call.status()).isEqualTo(200);
        assertThat(call.ocpiStatusCode()).isEqualTo(1000);
        FakeEmsp.Seen last = emsp.seen.get(emsp.seen.size() - 1);
        assertThat(last.authorization()).isEqualTo(base64(sim.tokenForEmsp()));
        assertThat(sim.callEmsp("GET", emsp.tokensUrl(), null, null).status()).isEqualTo(401);

        sim.unregister();
        assertThat(sim.isRegistered()).isFalse();
        assertThat(sim.tokenForEmsp()).isNull();
        assertThat(sim.tokenIssuedToEmsp()).isNull();
    }

    @Test
    void failedRegistrationDropsTokenB() {
        emsp.accepted.clear();

        assertThatThrownBy(() -> sim.registerWith(emsp.versionsUrl(), "emsp-token-a"))
                .isInstanceOfSatisfying(SimulatorException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.ocpiStatusCode()).isEqualTo(2000);
                });
        assertThat(sim.isRegistered()).isFalse();
    }

    @Test
    void rotateWithoutRegistrationFails() {
        assertThatThrownBy(sim::rotateCredentials).isInstanceOf(SimulatorException.class)
                .hasMessageContaining("not registered");
    }

    @Test
    void routingHeadersOnlyOnFunctionalModules() throws Exception {
        sim.registerWith(emsp.versionsUrl(), "emsp-token-a");
        sim.knobs().setSendRoutingHeaders(true);

        SimResponse functional = sim.callEmsp("GET", emsp.tokensUrl() + "?offset=0", null,
                sim.tokenForEmsp(), Map.of("X-Extra", "1"));
        assertThat(functional.status()).isEqualTo(200);
        FakeEmsp.Seen seen = emsp.seen.get(emsp.seen.size() - 1);
        // the JDK server normalises header names to "First-letter-upper" form
        assertThat(seen.header("Ocpi-from-country-code")).isEqualTo("NL");
        assertThat(seen.header("Ocpi-from-party-id")).isEqualTo("SIM");
        assertThat(seen.header("Ocpi-to-country-code")).isEqualTo("DE");
        assertThat(seen.header("Ocpi-to-party-id")).isEqualTo("RLY");
        assertThat(seen.header("X-extra")).isEqualTo("1");
        assertThat(seen.header("X-request-id")).isNotBlank();
        assertThat(seen.header("X-correlation-id")).isNotBlank();

        sim.callEmsp("GET", emsp.versionsUrl(), null);
        FakeEmsp.Seen configuration = emsp.seen.get(emsp.seen.size() - 1);
        assertThat(configuration.path()).isEqualTo("/emsp/versions");
        assertThat(configuration.headers().keySet()).noneMatch(name -> name.toLowerCase().startsWith("ocpi-"));
    }

    @Test
    void twoSimulatorsCompleteEveryStepWithEachOther() throws Exception {
        // both sides of the handshake are implemented here, so they must agree with each other
        try (CpoSimulator receiver = CpoSimulator.start(SimulatorConfig.defaults().withPartyId("RCV"))) {
            String receiverTokenA = receiver.tokenA();
            sim.registerWith(receiver.versionsUrl(), receiverTokenA);
            assertThat(receiver.isRegistered()).isTrue();
            assertThat(receiver.tokenForEmsp()).isEqualTo(sim.tokenIssuedToEmsp());
            assertThat(receiver.tokenIssuedToEmsp()).isEqualTo(sim.tokenForEmsp());
            assertThat(receiver.isTokenAValid()).isFalse();

            sim.rotateCredentials();
            assertThat(receiver.tokenIssuedToEmsp()).isEqualTo(sim.tokenForEmsp());
            assertThat(receiver.tokenForEmsp()).isEqualTo(sim.tokenIssuedToEmsp());

            SimResponse second = sim.callEmsp("POST", receiver.credentialsUrl(), "{}");
            assertThat(second.status()).isEqualTo(405);

            sim.unregister();
            assertThat(receiver.isRegistered()).isFalse();
            assertThat(sim.isRegistered()).isFalse();
        }
    }
}
