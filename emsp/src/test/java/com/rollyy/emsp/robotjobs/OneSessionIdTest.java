package com.rollyy.emsp.robotjobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.cposim.SimulatorConfig;

/**
 * The product API takes the session id START_SESSION answered wherever it takes a session id; a
 * CPO's own session id is taken too, but never picked silently between two CPOs that use it.
 */
class OneSessionIdTest extends ChargingFlowSupport {

    private CpoSimulator other;
    private String otherConnection;

    @BeforeEach
    void twoCposWithTheSameSessionIds() throws Exception {
        connect();
        other = CpoSimulator.start(SimulatorConfig.defaults().withPartyId("OTH"));
        var registered = api("POST", "/ocpi/register").json("""
                {"cpo_name":"Other CPO","versions_url":"%s","token":"%s"}""".formatted(other.versionsUrl(),
                other.tokenA())).send();
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        otherConnection = registered.json().get("connection_id").asString();
        assertThat(api("POST", "/ocpi/2.2.1/locations/sync/" + otherConnection).send().status()).isEqualTo(200);
    }

    @AfterEach
    void closeOther() {
        other.close();
    }

    @Test
    void stopTakesTheSessionIdStartAnsweredAsOcpiSessionId() {
        String jobId = newJob();
        var started = startAt(jobId, asset.get("asset_id").asString());
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        String sessionId = started.json().get("session_id").asString();
        awaitSession(jobId, "active");
        var stopped = stop(sessionId);
        assertThat(stopped.status()).as(stopped.toString()).isEqualTo(200);
        assertThat(stopped.json().get("session_id").asString()).isEqualTo(sessionId);
        awaitJob(jobId, "completed");
    }

    @Test
    void aCpoSessionIdTwoCposUseIsAConflictNamingBothUntilConnectionIdNarrowsIt() {
        String jobA = newJob();
        assertThat(startAt(jobA, asset.get("asset_id").asString()).status()).isEqualTo(200);
        String ocpiA = awaitSession(jobA, "active").get("ocpi_session_id").asString();
        String jobB = newJob();
        var startedB = startAt(jobB, assetOf(otherConnection));
        assertThat(startedB.status()).as(startedB.toString()).isEqualTo(200);
        String ocpiB = awaitSession(jobB, "active").get("ocpi_session_id").asString();
        assertThat(ocpiB).as("both simulators number their sessions alike").isEqualTo(ocpiA);

        var ambiguous = stop(ocpiA);
        assertThat(ambiguous.status()).isEqualTo(409);
        assertThat(ambiguous.json().get("error").asString()).isEqualTo("ambiguous_session");
        assertThat(ambiguous.json().get("message").asString()).contains(connectionId, otherConnection,
                sessionOf(jobA).get("session_id").asString(), sessionOf(jobB).get("session_id").asString());
        assertThat(commands("STOP_SESSION")).isZero();

        var narrowed = api("POST", "/ocpi/2.2.1/commands/STOP_SESSION").json("""
                {"ocpi_session_id":"%s","connection_id":"%s"}""".formatted(ocpiB, otherConnection)).send();
        assertThat(narrowed.status()).as(narrowed.toString()).isEqualTo(200);
        awaitJob(jobB, "completed");
        assertThat(job(jobA).get("status").asString()).as("the other CPO's robot charges on").isEqualTo("charging");
        assertThat(commands("STOP_SESSION")).isZero();
    }

    private com.rollyy.emsp.support.TestHttp.Response startAt(String jobId, String assetId) {
        return api("POST", "/ocpi/2.2.1/commands/START_SESSION").json("""
                {"robot_job_id":"%s","asset_id":"%s"}""".formatted(jobId, assetId)).send();
    }

    private String assetOf(String connection) {
        for (JsonNode asset : api("GET", "/v1/charging-assets?limit=500").send().json()) {
            if (asset.get("location").get("party_id").asString().equals("OTH")) {
                return asset.get("asset_id").asString();
            }
        }
        throw new AssertionError("no asset of connection " + connection);
    }
}
