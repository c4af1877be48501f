package com.rollyy.emsp.robotjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.cposim.SimulatorConfig;
import com.rollyy.cposim.sessions.CdrSnapshot;

/**
 * Issue 14's matrix: the handshake in both directions and the whole robot cycle (START → session
 * → STOP → CDR → one payment) against the CPO simulator speaking each OCPI version, and a 2.1.1,
 * a 2.2.1 and a 2.3.0 CPO charging at the same time in one eMSP instance. The robot's side (the
 * product API, webhooks, the payment) is the same whatever the CPO speaks; only the money a 2.1.1
 * CDR can carry differs (its total_cost is excl. VAT, so that is what is charged).
 */
class OcpiVersionMatrixTest extends ChargingFlowSupport {

    private final List<CpoSimulator> others = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void closeOthers() {
        others.forEach(CpoSimulator::close);
    }

    /** Replaces the default (2.2.1) simulator by one speaking {@code version}. */
    private void cpoSpeaking(String version) {
        cpo.close();
        cpo = CpoSimulator.start(SimulatorConfig.defaults().withOcpiVersion(version));
        cpo.knobs().setAutoCycle(false);
    }

    @ParameterizedTest(name = "OCPI {0}")
    @ValueSource(strings = {"2.1.1", "2.2.1", "2.3.0"})
    void weRegisterWithACpoOfEachVersionAndARobotJobIsChargedAndPaidOnce(String version) {
        cpoSpeaking(version);
        connect();
        assertThat(connection(connectionId).get("version").asString()).isEqualTo(version);
        assertThat(cpo.ocpiVersion()).isEqualTo(version);

        String jobId = newJob();
        var started = start(jobId);
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        assertThat(started.json().get("cpo_result").asString()).isEqualTo("ACCEPTED");
        assertThat(cpo.commands().get(0).responseUrl()).as("the CPO answers on its own version")
                .startsWith(url("/ocpi/" + version + "/commands/callback/"));

        String ocpiSessionId = awaitSession(jobId, "active").get("ocpi_session_id").asString();
        assertThat(job(jobId).get("status").asString()).isEqualTo("charging");
        cpo.advanceSession(ocpiSessionId, new BigDecimal("7.5"), Duration.ofMinutes(30));
        await().atMost(WAIT).until(() -> sessionOf(jobId).get("energy_kwh").decimalValue()
                .compareTo(new BigDecimal("7.5")) == 0);

        var stopped = stop(ocpiSessionId);
        assertThat(stopped.status()).as(stopped.toString()).isEqualTo(200);
        awaitJob(jobId, "completed");
        await().atMost(WAIT).until(() -> sessionOf(jobId).hasNonNull("cdr_id"));
        assertThat(sessionOf(jobId).get("cost_source").asString()).isEqualTo("cdr");

        CdrSnapshot cdr = cpo.cdrs().get(0);
        long cents = charged(version, cdr).movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(STRIPE.paymentIntentsCreated()).isEqualTo(1);
            assertThat(robotBackend.types(jobId)).contains("payment.succeeded");
        });
        assertThat(String.valueOf(STRIPE.paymentIntents().get(0).get("amount"))).isEqualTo(String.valueOf(cents));
        assertThat(jdbc.sql("select count(*) from payment").query(Long.class).single()).isEqualTo(1);
        assertThat(robotBackend.types(jobId)).contains("session.started", "session.completed", "cdr.priced");
    }

    @ParameterizedTest(name = "OCPI {0}")
    @ValueSource(strings = {"2.1.1", "2.2.1", "2.3.0"})
    void aCpoOfEachVersionRegistersWithUsAndIsPulled(String version) throws Exception {
        cpoSpeaking(version);
        String tokenA = invite();
        cpo.registerWith(versionsUrl(), tokenA);
        JsonNode connection = await().atMost(WAIT).until(this::onlyConnection,
                c -> c != null && "active".equals(c.path("status").asString()));
        assertThat(connection.get("version").asString()).isEqualTo(version);
        String id = connection.get("id").asString();
        var locations = api("POST", "/ocpi/2.2.1/locations/sync/" + id).send();
        assertThat(locations.status()).as(locations.toString()).isEqualTo(200);
        var assets = api("GET", "/v1/charging-assets?limit=100").send().json();
        assertThat(assets.size()).as("the simulator's Locations, pulled in " + version).isPositive();
        assets.forEach(a -> assertThat(a.get("cpo_party_id").asString()).isEqualTo("SIM"));

        // we rotate the credentials on the same version (a credentials PUT in that version's shape),
        // and the new tokens work both ways
        var rotated = api("POST", "/ocpi/connections/" + id + "/rotate").send();
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        assertThat(connection(id).get("version").asString()).isEqualTo(version);
        assertThat(cpo.requests().stream().filter(r -> r.method().equals("PUT")
                && r.path().equals("/ocpi/" + version + "/credentials")).count()).isEqualTo(1);
        var again = api("POST", "/ocpi/2.2.1/locations/sync/" + id).send();
        assertThat(again.status()).as("our new token at the CPO: " + again).isEqualTo(200);
        var pushed = cpo.pushLocation(1);
        assertThat(pushed.ocpiStatusCode()).as("the CPO's new token with us: " + pushed.body()).isEqualTo(1000);
    }

    @Test
    void a211AndA230CpoChargeNextToA221OneInOneInstance() {
        cpo.close();
        var byVersion = new LinkedHashMap<String, CpoSimulator>();
        for (String version : List.of("2.1.1", "2.2.1", "2.3.0")) {
            var sim = CpoSimulator.start(SimulatorConfig.defaults().withOcpiVersion(version)
                    .withPartyId("S" + version.replace(".", "").substring(0, 2)));
            sim.knobs().setAutoCycle(false);
            others.add(sim);
            byVersion.put(version, sim);
        }
        cpo = byVersion.get("2.2.1");
        others.remove(cpo);

        var jobs = new LinkedHashMap<String, String>();
        var sessions = new LinkedHashMap<String, String>();
        var ours = new LinkedHashMap<String, String>();
        for (var entry : byVersion.entrySet()) {
            var sim = entry.getValue();
            var registered = api("POST", "/ocpi/register").json("""
                    {"cpo_name":"CPO %s","versions_url":"%s","token":"%s"}"""
                    .formatted(entry.getKey(), sim.versionsUrl(), sim.tokenA())).send();
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
            assertThat(registered.json().get("version").asString()).isEqualTo(entry.getKey());
            String id = registered.json().get("connection_id").asString();
            assertThat(api("POST", "/ocpi/2.2.1/locations/sync/" + id).send().status()).isEqualTo(200);
            assertThat(api("POST", "/ocpi/2.2.1/tariffs/sync/" + id).send().status()).isEqualTo(200);
        }
        for (var entry : byVersion.entrySet()) {
            String party = "S" + entry.getKey().replace(".", "").substring(0, 2);
            JsonNode asset = null;
            for (JsonNode a : api("GET", "/v1/charging-assets?limit=200").send().json()) {
                if (a.get("cpo_party_id").asString().equals(party) && a.get("startable").asBoolean()) {
                    asset = a;
                    break;
                }
            }
            assertThat(asset).as("a startable asset of the " + entry.getKey() + " CPO").isNotNull();
            String jobId = newJob();
            var started = api("POST", "/ocpi/2.2.1/commands/START_SESSION").json("""
                    {"robot_job_id":"%s","asset_id":"%s"}""".formatted(jobId, asset.get("asset_id").asString())).send();
            assertThat(started.status()).as(entry.getKey() + ": " + started).isEqualTo(200);
            jobs.put(entry.getKey(), jobId);
            ours.put(entry.getKey(), started.json().get("session_id").asString());
        }
        for (var entry : jobs.entrySet()) {
            sessions.put(entry.getKey(), awaitSession(entry.getValue(), "active").get("ocpi_session_id").asString());
        }
        for (var entry : sessions.entrySet()) {
            byVersion.get(entry.getKey()).advanceSession(entry.getValue(), new BigDecimal("5"), Duration.ofMinutes(20));
            // each simulator numbers its sessions from SIM-S-1: the CPO's id is ambiguous, ours is not
            var stopped = api("POST", "/ocpi/2.2.1/commands/STOP_SESSION")
                    .json("{\"session_id\":\"" + ours.get(entry.getKey()) + "\"}").send();
            assertThat(stopped.status()).as(entry.getKey() + ": " + stopped).isEqualTo(200);
        }
        jobs.values().forEach(jobId -> awaitJob(jobId, "completed"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(STRIPE.paymentIntentsCreated()).isEqualTo(3));

        Map<String, Long> expected = new LinkedHashMap<>();
        byVersion.forEach((version, sim) -> expected.put(version, charged(version, sim.cdrs().get(0))
                .movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact()));
        for (var entry : jobs.entrySet()) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(robotBackend.types(entry.getValue()))
                    .contains("payment.succeeded"));
            var paid = robotBackend.forJob(entry.getValue()).stream()
                    .filter(d -> d.type().equals("payment.succeeded")).findFirst().orElseThrow()
                    .body().get("data").get("payment");
            assertThat(paid.get("amount_minor").asLong()).as("paid for the " + entry.getKey() + " CPO's CDR")
                    .isEqualTo(expected.get(entry.getKey()));
        }
        assertThat(jdbc.sql("select count(*) from payment").query(Long.class).single()).isEqualTo(3);
        byVersion.values().forEach(sim -> assertThat(sim.cdrs()).hasSize(1));
    }

    /** What a CDR of that version lets us charge: 2.1.1's total_cost is excl. VAT (docs/ocpi-conformance.md). */
    private static BigDecimal charged(String version, CdrSnapshot cdr) {
        return version.equals("2.1.1") ? cdr.totalCostExclVat() : cdr.totalCostInclVat();
    }

    private JsonNode connection(String id) {
        return api("GET", "/ocpi/connections/" + id).send().json();
    }

    private JsonNode onlyConnection() {
        JsonNode all = api("GET", "/ocpi/connections").send().json();
        JsonNode list = all.isArray() ? all : all.path("data");
        return list.size() == 1 ? list.get(0) : null;
    }
}
