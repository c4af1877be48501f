package com.rollyy.emsp.robotjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.rollyy.emsp.support.TestHttp;

/**
 * How a CPO's Session finds its robot job, and the status table: CPO PENDING → pending/starting,
 * ACTIVE → active/charging, COMPLETED → completed/completed.
 */
class SessionMatchingTest extends ChargingFlowSupport {

    @Autowired
    LiveSessionPolling polling;

    @BeforeEach
    void connected() {
        connect();
    }

    @Test
    void aPendingSessionIsLinkedAndTheJobWaitsUntilItIsActive() {
        cpo.knobs().setStartStatus("PENDING");
        String jobId = newJob();
        start(jobId);
        await().atMost(WAIT).until(() -> sessionOf(jobId).hasNonNull("ocpi_session_id"));
        var view = sessionOf(jobId);
        assertThat(view.get("status").asString()).isEqualTo("pending");
        assertThat(view.get("robot_job_status").asString()).isEqualTo("starting");
        cpo.advanceSession(view.get("ocpi_session_id").asString(), java.math.BigDecimal.ONE,
                java.time.Duration.ofMinutes(5));
        awaitJob(jobId, "charging");
        assertThat(sessionOf(jobId).get("status").asString()).isEqualTo("active");
    }

    @Test
    void aHubThatReplacesTheReferenceIsMatchedByTheJobsTokenAtThatEvse() throws Exception {
        cpo.knobs().setPushSessions(false);
        String jobId = newJob();
        String reference = start(jobId).json().get("session_id").asString();
        await().atMost(WAIT).until(() -> !cpo.sessions().isEmpty());
        var simSession = cpo.sessions().get(0);
        String replaced = simSession.json()
                .replace("\"authorization_reference\":\"" + reference + "\"", "\"authorization_reference\":\"HUB-REF-1\"")
                .replace("\"id\":\"" + simSession.id() + "\"", "\"id\":\"HUB-" + simSession.id() + "\"");
        assertThat(replaced).contains("HUB-REF-1").contains("\"uid\":\"" + reference + "\"");
        var pushed = cpo.pushJson("PUT", "sessions", "/NL/SIM/HUB-" + simSession.id(), replaced);
        assertThat(pushed.status()).isIn(200, 201);
        assertThat(job(jobId).get("status").asString()).isEqualTo("charging");
        assertThat(sessionOf(jobId).get("ocpi_session_id").asString()).isEqualTo("HUB-" + simSession.id());
    }

    @Test
    void aSessionOfSomeoneElseAtTheSameEvseIsNotTakenForTheRobots() throws Exception {
        cpo.knobs().setPushSessions(false);
        String jobId = newJob();
        start(jobId);
        await().atMost(WAIT).until(() -> !cpo.sessions().isEmpty());
        String card = cpo.sessions().get(0).json()
                .replaceAll("\"authorization_reference\":\"[^\"]+\"", "\"authorization_reference\":\"CARD-1\"")
                .replaceAll("\"uid\":\"[^\"]+\"", "\"uid\":\"04A1B2C3D4E5F6\"")
                .replace("\"id\":\"SIM-S-", "\"id\":\"CARD-S-");
        String id = TestHttp.parse(card).get("id").asString();
        assertThat(cpo.pushJson("PUT", "sessions", "/NL/SIM/" + id, card).status()).isIn(200, 201);
        assertThat(job(jobId).get("status").asString()).isEqualTo("starting");
        assertThat(sessionOf(jobId).has("ocpi_session_id")).isFalse();
    }

    @Test
    void liveRobotSessionsArePulledPeriodicallyWhenPushesAreLost() {
        cpo.knobs().setPushSessions(false);
        String jobId = newJob();
        start(jobId);
        await().atMost(WAIT).until(() -> !cpo.sessions().isEmpty());
        assertThat(polling.pollNow()).isEqualTo(1);
        assertThat(job(jobId).get("status").asString()).isEqualTo("charging");
        assertThat(cpo.requests().stream().filter(r -> r.path().contains("/sessions"))
                .allMatch(r -> r.path().contains("date_from=") || r.method().equals("PUT")))
                .as("Sessions are never pulled without date_from").isTrue();
    }

    @Test
    void withoutALiveCostFromTheCpoTheJobViewShowsOurEstimate() {
        cpo.knobs().setSendLiveCost(false);
        String jobId = newJob();
        start(jobId);
        String ocpiId = awaitSession(jobId, "active").get("ocpi_session_id").asString();
        cpo.advanceSession(ocpiId, new java.math.BigDecimal("8"), java.time.Duration.ofMinutes(30));
        await().atMost(WAIT).until(() -> sessionOf(jobId).get("energy_kwh").decimalValue().signum() > 0);
        var view = sessionOf(jobId);
        assertThat(view.get("cost_source").asString()).isEqualTo("estimate");
        assertThat(view.get("cost").decimalValue()).isPositive();
        assertThat(view.get("currency").asString()).isEqualTo("EUR");
    }
}
