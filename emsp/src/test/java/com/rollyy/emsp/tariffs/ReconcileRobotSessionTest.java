package com.rollyy.emsp.tariffs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.support.EmspIntegrationTest;

/**
 * The robot cycle against the CPO simulator (job → START → charging → STOP → CDR), then
 * reconcile with the session id START answered: one session id from start to reconciliation.
 */
class ReconcileRobotSessionTest extends EmspIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void theSessionIdStartReturnedReconcilesTheCdr() {
        String connectionId = registerWithSimulator();
        assertThat(api("POST", "/ocpi/2.2.1/locations/sync/" + connectionId).send().status()).isEqualTo(200);
        assertThat(api("POST", "/ocpi/2.2.1/tariffs/sync/" + connectionId).send().status()).isEqualTo(200);
        JsonNode asset = api("GET", "/v1/charging-assets?limit=1").send().json().get(0);
        String jobId = api("POST", "/v1/robot-jobs").json("""
                {"robot_id":"robot-1","job_type":"charging","vehicle_id":"EV-1"}""").send().json()
                .get("rollyy_id").asString();

        var started = api("POST", "/ocpi/2.2.1/commands/START_SESSION").json("""
                {"robot_job_id":"%s","location_id":"%s","evse_uid":"%s"}""".formatted(jobId,
                asset.get("location").get("id").asString(), asset.get("evse_uid").asString())).send();
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        String sessionId = started.json().get("session_id").asString();
        await().atMost(WAIT).until(() -> "active".equals(view(jobId).path("status").asString()));
        String ocpiSessionId = view(jobId).get("ocpi_session_id").asString();

        var early = api("GET", "/ocpi/2.2.1/tariffs/reconcile/" + sessionId).send();
        assertThat(early.status()).isEqualTo(404);
        assertThat(early.json().get("error").asString()).isEqualTo("no_cdr");
        assertThat(early.json().get("message").asString()).contains(sessionId).contains(ocpiSessionId);

        cpo.advanceSession(ocpiSessionId, new BigDecimal("7.5"), Duration.ofMinutes(30));
        assertThat(api("POST", "/ocpi/2.2.1/commands/STOP_SESSION").json("{\"ocpi_session_id\":\"" + ocpiSessionId
                + "\"}").send().status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> view(jobId).hasNonNull("cdr_id"));
        String cdrId = view(jobId).get("cdr_id").asString();

        var response = api("GET", "/ocpi/2.2.1/tariffs/reconcile/" + sessionId).send();

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var body = response.json();
        assertThat(body.get("session_id").asString()).isEqualTo(sessionId);
        assertThat(body.get("ocpi_session_id").asString()).isEqualTo(ocpiSessionId);
        assertThat(body.get("cdr_id").asString()).isEqualTo(cdrId);
        assertThat(body.get("connection_id").asString()).isEqualTo(connectionId);
        assertThat(body.get("tariff_source").asString()).isEqualTo("cdr");
        assertThat(body.get("within_tolerance").asBoolean()).as(body.toString()).isTrue();
        assertThat(body.get("issues").size()).isZero();
        var cdr = cpo.cdrs().get(0);
        assertThat(body.get("cpo_reported_cost").get("incl_vat").decimalValue())
                .isEqualByComparingTo(cdr.totalCostInclVat());
        for (JsonNode row : body.get("costs")) {
            if (row.has("cpo_reported_cost")) {
                assertThat(row.get("within_tolerance").asBoolean()).as(row.toString()).isTrue();
            }
        }
        assertThat(response.body()).doesNotContain("E+").doesNotContain("E-");

        var byCpoId = api("GET", "/ocpi/2.2.1/tariffs/reconcile/" + ocpiSessionId).send().json();
        assertThat(byCpoId.get("cdr_id").asString()).isEqualTo(cdrId);
        assertThat(byCpoId.get("session_id").asString()).as("our id whichever id was asked").isEqualTo(sessionId);
        var byCdrId = api("GET", "/ocpi/2.2.1/tariffs/reconcile?cdr_id=" + cdrId).send().json();
        assertThat(byCdrId.get("session_id").asString()).isEqualTo(sessionId);
    }

    private JsonNode view(String jobId) {
        return api("GET", "/ocpi/2.2.1/sessions/job/" + jobId).send().json();
    }
}
