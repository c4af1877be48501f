package com.rollyy.emsp.robotjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * Webhooks are delivered at least once from the database: a robot backend that is down gets the
 * event later (same id), and one that never comes back gets it marked FAILED, still readable.
 * Test settings: backoff 200 ms doubling, 4 attempts.
 */
class WebhookDeliveryTest extends ChargingFlowSupport {

    @Test
    void aBackendThatRefusesGetsTheEventAgainWithTheSameId() {
        connect();
        robotBackend.refuseNext(2);
        String jobId = newJob();
        start(jobId);
        awaitJob(jobId, "charging");
        await().atMost(WAIT).until(() -> robotBackend.types(jobId).contains("session.started"));
        var events = api("GET", "/v1/robot-jobs/" + jobId + "/events").send().json();
        var started = events.get(0);
        assertThat(started.get("type").asString()).isEqualTo("session.started");
        await().atMost(WAIT).until(() -> "DELIVERED".equals(api("GET", "/v1/robot-jobs/" + jobId + "/events").send()
                .json().get(0).get("status").asString()));
        var delivered = api("GET", "/v1/robot-jobs/" + jobId + "/events").send().json().get(0);
        assertThat(delivered.get("attempts").asInt()).isEqualTo(3);
        assertThat(robotBackend.forJob(jobId)).extracting(d -> d.eventId())
                .containsExactly(started.get("id").asString());
    }

    @Test
    void aBackendThatNeverAnswersLeavesTheEventFailedAndListed() {
        connect();
        robotBackend.refuseNext(1_000);
        String jobId = newJob();
        start(jobId);
        awaitJob(jobId, "charging");
        await().atMost(WAIT).until(() -> "FAILED".equals(api("GET", "/v1/robot-jobs/" + jobId + "/events").send()
                .json().get(0).get("status").asString()));
        var failed = api("GET", "/v1/robot-jobs/" + jobId + "/events").send().json().get(0);
        assertThat(failed.get("attempts").asInt()).isEqualTo(4);
        assertThat(failed.get("last_error").asString()).contains("503");
        assertThat(robotBackend.forJob(jobId)).isEmpty();
    }

    @Test
    void aJobOfAnotherFleetIsChargedToThatFleetsCustomer() {
        connect();
        var created = api("POST", "/v1/robot-jobs").json("""
                {"robot_id":"robot-9","job_type":"charging","fleet_id":"acme"}""").send();
        String jobId = created.json().get("rollyy_id").asString();
        assertThat(created.json().get("fleet_id").asString()).isEqualTo("acme");
        start(jobId);
        String ocpiId = awaitSession(jobId, "active").get("ocpi_session_id").asString();
        cpo.advanceSession(ocpiId, new BigDecimal("5"), Duration.ofMinutes(15));
        stop(ocpiId);
        await().atMost(WAIT).until(() -> STRIPE.paymentIntentsCreated() == 1);
        var intent = STRIPE.paymentIntents().get(0);
        assertThat(String.valueOf(intent.get("customer"))).isEqualTo("cus_fleet_acme");
    }

    @Test
    void aDeclinedPaymentIsReportedToTheRobotBackend() {
        connect();
        STRIPE.declineNext();
        String jobId = newJob();
        start(jobId);
        String ocpiId = awaitSession(jobId, "active").get("ocpi_session_id").asString();
        cpo.advanceSession(ocpiId, new BigDecimal("5"), Duration.ofMinutes(15));
        stop(ocpiId);
        await().atMost(WAIT).until(() -> robotBackend.types(jobId).contains("payment.failed"));
        var failed = robotBackend.forJob(jobId).stream().filter(d -> d.type().equals("payment.failed")).findFirst()
                .orElseThrow();
        assertThat(failed.body().get("data").get("payment").get("reason").asString()).isNotBlank();
        assertThat(failed.body().get("data").get("job").get("status").asString()).as("the charging itself completed")
                .isEqualTo("completed");
        assertThat(robotBackend.types(jobId)).doesNotContain("payment.succeeded");
    }
}
