package com.rollyy.emsp.robotjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/** A connected simulator with its Locations and Tariffs pulled, and helpers to drive robot jobs. */
public abstract class ChargingFlowSupport extends EmspIntegrationTest {

    protected static final Duration WAIT = Duration.ofSeconds(15);

    protected String connectionId;
    protected JsonNode asset;

    protected void connect() {
        connectionId = registerWithSimulator();
        var locations = api("POST", "/ocpi/2.2.1/locations/sync/" + connectionId).send();
        assertThat(locations.status()).as(locations.toString()).isEqualTo(200);
        var tariffs = api("POST", "/ocpi/2.2.1/tariffs/sync/" + connectionId).send();
        assertThat(tariffs.status()).as(tariffs.toString()).isEqualTo(200);
        asset = api("GET", "/v1/charging-assets?limit=1").send().json().get(0);
    }

    protected String newJob() {
        var created = api("POST", "/v1/robot-jobs").json("""
                {"robot_id":"robot-1","job_type":"charging","vehicle_id":"EV-1"}""").send();
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("rollyy_id").asString();
    }

    protected TestHttp.Response start(String jobId) {
        return api("POST", "/ocpi/2.2.1/commands/START_SESSION").json("""
                {"robot_job_id":"%s","location_id":"%s","evse_uid":"%s"}""".formatted(jobId,
                asset.get("location").get("id").asString(), asset.get("evse_uid").asString())).send();
    }

    /** A START the CPO accepts (timeout 30 s) and never follows up; returns its response_url. */
    protected String startAwaitingResult(String jobId) {
        cpo.knobs().setCommandBehaviour(com.rollyy.cposim.CommandBehaviour.ACCEPT_NO_RESULT)
                .setCommandTimeoutSeconds(30);
        start(jobId);
        return cpo.commands().get(0).responseUrl();
    }

    protected TestHttp.Response stop(String ocpiSessionId) {
        return api("POST", "/ocpi/2.2.1/commands/STOP_SESSION").json("{\"ocpi_session_id\":\"" + ocpiSessionId + "\"}")
                .send();
    }

    protected JsonNode job(String jobId) {
        return api("GET", "/v1/robot-jobs/" + jobId).send().json();
    }

    protected JsonNode sessionOf(String jobId) {
        return api("GET", "/ocpi/2.2.1/sessions/job/" + jobId).send().json();
    }

    protected JsonNode awaitJob(String jobId, String status) {
        await().atMost(WAIT).until(() -> status.equals(job(jobId).path("status").asString()));
        return job(jobId);
    }

    protected JsonNode awaitSession(String jobId, String status) {
        await().atMost(WAIT).until(() -> status.equals(sessionOf(jobId).path("status").asString()));
        return sessionOf(jobId);
    }

    protected long commands(String name) {
        return cpo.commands().stream().filter(c -> c.command().equals(name)).count();
    }
}
