package com.rollyy.cposim;

import static com.rollyy.cposim.TestHttp.base64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rollyy.cposim.ocpi.SimResponse;

/** pushLocation, pushEvse, patchEvseStatus, pushTariff and pushJson against a fake eMSP receiver. */
class PushTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    private CpoSimulator sim;
    private FakeEmsp emsp;

    @BeforeEach
    void start() throws Exception {
        sim = CpoSimulator.start();
        emsp = new FakeEmsp();
        emsp.accepted.add("emsp-token-a");
        // a SENDER entry first: pushes must pick the RECEIVER one; a trailing slash must not double up
        emsp.extraEndpoints.add(Map.of("identifier", "locations", "role", "SENDER",
                "url", emsp.url("/emsp/2.2.1/locations-sender")));
        emsp.extraEndpoints.add(Map.of("identifier", "locations", "role", "RECEIVER",
                "url", emsp.url("/emsp/2.2.1/locations/")));
        emsp.extraEndpoints.add(Map.of("identifier", "tariffs", "role", "RECEIVER",
                "url", emsp.url("/emsp/2.2.1/tariffs")));
        sim.registerWith(emsp.versionsUrl(), "emsp-token-a");
        emsp.seen.clear();
    }

    @AfterEach
    void stop() {
        sim.close();
        emsp.close();
    }

    private FakeEmsp.Seen onlyCall() {
        assertThat(emsp.moduleCalls()).hasSize(1);
        return emsp.moduleCalls().get(0);
    }

    private void assertOcpiHeaders(FakeEmsp.Seen seen, boolean withBody) {
        assertThat(seen.authorization()).isEqualTo(base64(sim.tokenForEmsp()));
        assertThat(seen.header("X-Request-ID")).matches(UUID);
        assertThat(seen.header("X-Correlation-ID")).matches(UUID);
        assertThat(seen.header("OCPI-from-country-code")).isEqualTo("NL");
        assertThat(seen.header("OCPI-from-party-id")).isEqualTo("SIM");
        assertThat(seen.header("OCPI-to-country-code")).isEqualTo("DE");
        assertThat(seen.header("OCPI-to-party-id")).isEqualTo("RLY");
        assertThat(seen.header("Content-Type")).isEqualTo(withBody ? "application/json" : null);
    }

    @Test
    void pushLocationPutsTheGeneratedLocation() throws Exception {
        SimResponse response = sim.pushLocation(7);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.ocpiStatusCode()).isEqualTo(1000);
        FakeEmsp.Seen seen = onlyCall();
        assertThat(seen.method()).isEqualTo("PUT");
        assertThat(seen.path()).isEqualTo("/emsp/2.2.1/locations/NL/SIM/LOC000007");
        assertThat(seen.body()).isEqualTo(sim.locationJson(7));
        assertOcpiHeaders(seen, true);
    }

    @Test
    void pushEvsePutsTheGeneratedEvse() throws Exception {
        sim.pushEvse(2, 3);

        FakeEmsp.Seen seen = onlyCall();
        assertThat(seen.method()).isEqualTo("PUT");
        assertThat(seen.path()).isEqualTo("/emsp/2.2.1/locations/NL/SIM/LOC000002/LOC000002-E3");
        assertThat(seen.body()).isEqualTo(sim.evseJson(2, 3)).contains("\"uid\":\"LOC000002-E3\"");
        assertOcpiHeaders(seen, true);
    }

    @Test
    void patchEvseStatusSendsStatusAndLastUpdatedOnly() throws Exception {
        String before = sim.locationJson(1);

        sim.patchEvseStatus(1, 2, "CHARGING", Instant.parse("2026-05-04T03:02:01.123456Z"));

        FakeEmsp.Seen seen = onlyCall();
        assertThat(seen.method()).isEqualTo("PATCH");
        assertThat(seen.path()).isEqualTo("/emsp/2.2.1/locations/NL/SIM/LOC000001/LOC000001-E2");
        assertThat(seen.body()).isEqualTo("{\"status\":\"CHARGING\",\"last_updated\":\"2026-05-04T03:02:01.123Z\"}");
        assertOcpiHeaders(seen, true);
        // a push does not change what the simulator serves
        assertThat(sim.locationJson(1)).isEqualTo(before);
    }

    @Test
    void pushTariffPutsTheGeneratedTariff() throws Exception {
        sim.pushTariff(2);

        FakeEmsp.Seen seen = onlyCall();
        assertThat(seen.method()).isEqualTo("PUT");
        assertThat(seen.path()).isEqualTo("/emsp/2.2.1/tariffs/NL/SIM/TARIFF2");
        assertThat(seen.body()).isEqualTo(sim.tariffJson(2));
        assertOcpiHeaders(seen, true);
    }

    @Test
    void pushJsonSendsAnythingToAModule() throws Exception {
        sim.pushJson("PUT", "locations", "/NL/SIM/LOC000001", "{\"not\":\"a location\"}");
        sim.pushJson("DELETE", "tariffs", "NL/SIM/TARIFF9", null);
        sim.pushJson("GET", "tokens", "", null);

        List<FakeEmsp.Seen> calls = emsp.moduleCalls();
        assertThat(calls).extracting(FakeEmsp.Seen::method).containsExactly("PUT", "DELETE", "GET");
        assertThat(calls).extracting(FakeEmsp.Seen::path).containsExactly("/emsp/2.2.1/locations/NL/SIM/LOC000001",
                "/emsp/2.2.1/tariffs/NL/SIM/TARIFF9", "/emsp/2.2.1/tokens");
        assertThat(calls.get(0).body()).isEqualTo("{\"not\":\"a location\"}");
        assertOcpiHeaders(calls.get(0), true);
        assertOcpiHeaders(calls.get(1), false);
    }

    @Test
    void theSameTokenEncodingKnobApplies() throws Exception {
        sim.knobs().setSendRawTokens(true);

        sim.pushTariff(1);

        assertThat(onlyCall().authorization()).isEqualTo("Token " + sim.tokenForEmsp());
    }

    @Test
    void failuresAreSimulatorExceptions() throws Exception {
        assertThatThrownBy(() -> sim.pushJson("PUT", "cdrs", "x", "{}"))
                .isInstanceOf(SimulatorException.class).hasMessageContaining("cdrs");
        assertThatThrownBy(() -> sim.patchEvseStatus(1, 1, "BUSY", Instant.now()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sim.pushLocation(11)).isInstanceOf(IllegalArgumentException.class);

        emsp.close();
        assertThatThrownBy(() -> sim.pushLocation(1))
                .isInstanceOfSatisfying(SimulatorException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(SimulatorException.NO_HTTP_RESPONSE));

        try (CpoSimulator unregistered = CpoSimulator.start()) {
            assertThatThrownBy(() -> unregistered.pushTariff(1))
                    .isInstanceOf(SimulatorException.class).hasMessageContaining("not registered");
        }
    }

    @Test
    void anEmspWithoutALocationsReceiverIsRefusedBeforeSending() throws Exception {
        try (CpoSimulator other = CpoSimulator.start(); FakeEmsp plain = new FakeEmsp()) {
            plain.accepted.add("a");
            plain.extraEndpoints.add(Map.of("identifier", "locations", "role", "SENDER",
                    "url", plain.url("/emsp/2.2.1/locations")));
            other.registerWith(plain.versionsUrl(), "a");

            assertThatThrownBy(() -> other.pushLocation(1))
                    .isInstanceOf(SimulatorException.class).hasMessageContaining("locations RECEIVER");
            assertThatThrownBy(() -> other.pushTariff(1))
                    .isInstanceOf(SimulatorException.class).hasMessageContaining("tariffs RECEIVER");
            assertThat(plain.moduleCalls()).isEmpty();
        }
    }

    @Test
    void patchEvseStatusFromManyThreadsAtOnce() throws Exception {
        int threads = 32;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> results = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < perThread; i++) {
                        SimResponse response = sim.patchEvseStatus(1 + (thread + i) % 10, 1 + i % 3,
                                i % 2 == 0 ? "CHARGING" : "AVAILABLE", Instant.now());
                        ok += response.status() == 200 ? 1 : 0;
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> result : results) {
                ok += result.get();
            }
            System.out.printf("[timing] %d PATCHes from %d threads in %.1f ms%n", threads * perThread, threads,
                    (System.nanoTime() - started) / 1e6);
            assertThat(ok).isEqualTo(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
        List<FakeEmsp.Seen> calls = emsp.moduleCalls();
        assertThat(calls).hasSize(threads * perThread).allSatisfy(seen -> assertThat(seen.method()).isEqualTo("PATCH"));
        Set<String> requestIds = calls.stream().map(seen -> seen.header("X-Request-ID")).collect(Collectors.toSet());
        assertThat(requestIds).hasSize(threads * perThread);
    }
}
