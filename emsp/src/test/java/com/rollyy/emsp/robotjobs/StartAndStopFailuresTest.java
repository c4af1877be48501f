package com.rollyy.emsp.robotjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rollyy.cposim.CommandBehaviour;

/**
 * Every way a START or STOP can go wrong, and what the robot backend sees. Test timings:
 * request-timeout 2 s, result-grace 1 s, unanswered-timeout 2 s (application-test.yml).
 */
class StartAndStopFailuresTest extends ChargingFlowSupport {

    @BeforeEach
    void connected() {
        connect();
    }

    @Test
    void aRejectedStartFailsTheJobAtOnceWithTheCposMessage() {
        cpo.knobs().setCommandBehaviour(CommandBehaviour.REJECT);
        String jobId = newJob();
        var answer = start(jobId);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("cpo_result").asString()).isEqualTo("REJECTED");
        assertThat(answer.json().get("status").asString()).isEqualTo("failed");
        assertThat(answer.json().get("message").asString()).isNotBlank();
        var job = job(jobId);
        assertThat(job.get("status").asString()).isEqualTo("failed");
        assertThat(job.get("failure_reason").asString()).startsWith("start_rejected");
        await().atMost(WAIT).until(() -> robotBackend.types(jobId).contains("session.start_failed"));
        assertThat(commands("START_SESSION")).isEqualTo(1);
    }

    @Test
    void notSupportedIsARefusalToo() {
        cpo.knobs().setCommandBehaviour(CommandBehaviour.NOT_SUPPORTED);
        String jobId = newJob();
        var answer = start(jobId);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("cpo_result").asString()).isEqualTo("NOT_SUPPORTED");
        assertThat(job(jobId).get("failure_reason").asString()).startsWith("start_not_supported");
    }

    @Test
    void anUnreachableCpoIsABadGatewayAndNothingIsPending() {
        String jobId = newJob();
        cpo.close();
        var answer = start(jobId);
        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.json().get("cpo_result").asString()).isEqualTo("UNREACHABLE");
        assertThat(job(jobId).get("status").asString()).isEqualTo("failed");
    }

    @Test
    void aStartTheCpoAnswersTooLateIsPendingAndTheSessionStillCounts() {
        cpo.knobs().setCommandBehaviour(CommandBehaviour.SLOW).setCommandResponseDelayMillis(2_500);
        String jobId = newJob();
        var answer = start(jobId);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("cpo_result").asString()).isEqualTo("TIMEOUT");
        assertThat(answer.json().get("status").asString()).isEqualTo("pending");
        assertThat(job(jobId).get("status").asString()).isEqualTo("starting");
        awaitJob(jobId, "charging");
        assertThat(commands("START_SESSION")).as("never sent twice").isEqualTo(1);
    }

    @Test
    void aFailedCommandResultFailsThePendingStart() {
        cpo.knobs().setCommandBehaviour(CommandBehaviour.ACCEPT_RESULT_FAILED);
        String jobId = newJob();
        assertThat(start(jobId).status()).isEqualTo(200);
        var job = awaitJob(jobId, "failed");
        assertThat(job.get("failure_reason").asString()).startsWith("start_evse_occupied");
        await().atMost(WAIT).until(() -> robotBackend.types(jobId).contains("session.start_failed"));
    }

    @Test
    void noResultAndNoSessionByTheDeadlineFailsTheStartAfterAPull() {
        cpo.knobs().setCommandBehaviour(CommandBehaviour.ACCEPT_NO_RESULT).setCommandTimeoutSeconds(1);
        String jobId = newJob();
        Instant sent = Instant.now();
        assertThat(start(jobId).status()).isEqualTo(200);
        var job = awaitJob(jobId, "failed");
        assertThat(Duration.between(sent, Instant.now())).as("CPO timeout 1 s + grace 1 s")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
        assertThat(job.get("failure_reason").asString()).startsWith("no_session");
        assertThat(cpo.requests().stream().anyMatch(r -> r.method().equals("GET") && r.path().contains("/sessions")))
                .as("the CPO's Sessions were pulled before giving up").isTrue();
    }

    @Test
    void aStartWhoseResultIsAcceptedButNoSessionEverComesFailsAsNoSession() {
        cpo.knobs().setCommandBehaviour(CommandBehaviour.ACCEPT_RESULT_NO_SESSION).setCommandTimeoutSeconds(1);
        String jobId = newJob();
        assertThat(start(jobId).status()).isEqualTo(200);
        var job = awaitJob(jobId, "failed");
        assertThat(job.get("failure_reason").asString()).startsWith("no_session");
        assertThat(sessionOf(jobId).get("status").asString()).isEqualTo("failed");
        assertThat(cpo.requests().stream().anyMatch(r -> r.method().equals("GET") && r.path().contains("/sessions")))
                .as("the CPO's Sessions were pulled before giving up").isTrue();
        await().atMost(WAIT).until(() -> robotBackend.types(jobId).contains("session.start_failed"));
        assertThat(robotBackend.types(jobId)).doesNotContain("session.started");
        assertThat(commands("START_SESSION")).as("never sent twice").isEqualTo(1);
    }

    @Test
    void aSessionThatStaysPendingFailsAtTheActivationDeadlineAndIsStoppedIfItStartsLater() {
        cpo.knobs().setStartStatus("PENDING");
        String jobId = newJob();
        Instant sent = Instant.now();
        assertThat(start(jobId).status()).isEqualTo(200);
        String ocpiId = await().atMost(WAIT).until(() -> sessionOf(jobId).path("ocpi_session_id").asString(null),
                java.util.Objects::nonNull);
        assertThat(job(jobId).get("status").asString()).isEqualTo("starting");
        var job = awaitJob(jobId, "failed");
        assertThat(Duration.between(sent, Instant.now())).as("activation timeout 3 s")
                .isGreaterThanOrEqualTo(Duration.ofMillis(2_900));
        assertThat(job.get("failure_reason").asString()).startsWith("session_not_activated");
        await().atMost(WAIT).until(() -> robotBackend.types(jobId).contains("session.start_failed"));
        // the charger wakes up after all: the session is stopped, the job stays failed
        cpo.advanceSession(ocpiId, java.math.BigDecimal.ONE, Duration.ofMinutes(1));
        await().atMost(WAIT).until(() -> commands("STOP_SESSION") == 1);
        assertThat(job(jobId).get("status").asString()).isEqualTo("failed");
        assertThat(robotBackend.types(jobId)).doesNotContain("session.started");
    }

    @Test
    void aStopWhoseResultIsNotAcceptedGoesBackToActiveWithoutASecondStarted() {
        String jobId = newJob();
        start(jobId);
        String ocpiId = awaitSession(jobId, "active").get("ocpi_session_id").asString();
        cpo.knobs().setCommandBehaviour(CommandBehaviour.ACCEPT_RESULT_FAILED);
        var stopping = stop(ocpiId);
        assertThat(stopping.status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> robotBackend.types(jobId).contains("session.stop_failed"));
        assertThat(sessionOf(jobId).get("status").asString()).isEqualTo("active");
        assertThat(job(jobId).get("status").asString()).isEqualTo("charging");
        assertThat(robotBackend.types(jobId).stream().filter("session.started"::equals).count())
                .as("session.started once per session").isEqualTo(1);
        // the robot stops again, now accepted: completed, still one session.started
        cpo.knobs().setCommandBehaviour(CommandBehaviour.ACCEPT);
        assertThat(stop(ocpiId).status()).isEqualTo(200);
        awaitJob(jobId, "completed");
        await().atMost(WAIT).until(() -> robotBackend.types(jobId).contains("session.completed"));
        assertThat(robotBackend.types(jobId).stream().filter("session.started"::equals).count()).isEqualTo(1);
    }

    @Test
    void aSessionThatStartsLateButBeforeTheDeadlineContinuesTheJob() throws Exception {
        cpo.knobs().setCommandBehaviour(CommandBehaviour.LATE_START).setCommandTimeoutSeconds(1)
                .setLateStartDelayMillis(800);
        String jobId = newJob();
        assertThat(start(jobId).status()).isEqualTo(200);
        awaitJob(jobId, "charging");
        Thread.sleep(2_500); // the deadline passes: a session that showed up is not failed
        assertThat(job(jobId).get("status").asString()).isEqualTo("charging");
    }

    @Test
    void aSessionThatStartsAfterTheJobGaveUpIsStoppedAndStillBilled() {
        cpo.knobs().setCommandBehaviour(CommandBehaviour.LATE_START).setCommandTimeoutSeconds(1)
                .setLateStartDelayMillis(3_500);
        String jobId = newJob();
        assertThat(start(jobId).status()).isEqualTo(200);
        awaitJob(jobId, "failed");
        cpo.knobs().setCommandBehaviour(CommandBehaviour.ACCEPT);
        await().atMost(WAIT).until(() -> commands("STOP_SESSION") == 1);
        await().atMost(WAIT).until(() -> "completed".equals(sessionOf(jobId).path("status").asString())
                && sessionOf(jobId).hasNonNull("cdr_id"));
        var view = sessionOf(jobId);
        assertThat(view.get("abandoned").asBoolean()).isTrue();
        assertThat(job(jobId).get("status").asString()).as("the job stays failed").isEqualTo("failed");
        await().atMost(WAIT).until(() -> {
            var payments = api("GET", "/v1/payments?robot_job_id=" + jobId).send().json();
            return payments.size() == 1 && payments.get(0).get("status").asString().equals("SUCCEEDED");
        });
    }

    @Test
    void lostSessionPushesAreFoundByAPull() {
        cpo.knobs().setPushSessions(false);
        String jobId = newJob();
        assertThat(start(jobId).status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> !cpo.sessions().isEmpty());
        assertThat(job(jobId).get("status").asString()).isEqualTo("starting");
        var pulled = api("GET", "/ocpi/2.2.1/sessions/sync/" + connectionId).send();
        assertThat(pulled.status()).isEqualTo(200);
        assertThat(pulled.json().get("synced").asInt()).isEqualTo(1);
        assertThat(job(jobId).get("status").asString()).isEqualTo("charging");
    }

    @org.springframework.beans.factory.annotation.Autowired
    RobotJobRepository jobs;
    @org.springframework.beans.factory.annotation.Autowired
    com.rollyy.emsp.commands.CommandService commandService;
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    /**
     * What START commits before the CPO is called, with the service dying during the call (the
     * answer is never recorded): the command and its deadline survive, and the deadline settles
     * the job after one pull of the CPO's Sessions.
     */
    @Test
    void aStartWhoseServiceDiedDuringTheCallIsSettledByItsDeadline() {
        String jobId = newJob();
        String reference = java.util.UUID.randomUUID().toString();
        var connection = java.util.UUID.fromString(connectionId);
        java.util.UUID commandId = tx.execute(s -> {
            var started = jobs.startCharging(new JobSession(reference, java.util.UUID.fromString(jobId), connection,
                    asset.get("cpo_country_code").asString(), asset.get("cpo_party_id").asString(),
                    asset.get("location").get("id").asString(), asset.get("evse_uid").asString(), null, null, reference,
                    SessionStatus.PENDING, null, null, false, null, null, null, false, null, null, null),
                    java.util.List.of(), java.util.EnumSet.of(JobStatus.QUEUED)).orElseThrow();
            assertThat(started.started()).isTrue();
            return commandService.prepare(connection, com.rollyy.emsp.commands.CommandType.START_SESSION, reference);
        });
        assertThat(job(jobId).get("status").asString()).isEqualTo("starting");
        assertThat(jdbc.sql("select status from ocpi_command where id = ?").param(commandId).query(String.class)
                .single()).isEqualTo("SENDING");
        // request-timeout 2 s + unanswered-timeout 2 s + grace 1 s
        var job = awaitJob(jobId, "failed");
        assertThat(job.get("failure_reason").asString()).startsWith("start_timeout");
        assertThat(jdbc.sql("select status from ocpi_command where id = ?").param(commandId).query(String.class)
                .single()).isEqualTo("EXPIRED");
        assertThat(cpo.requests().stream().anyMatch(r -> r.method().equals("GET") && r.path().contains("/sessions")))
                .as("the CPO's Sessions were pulled before giving up").isTrue();
    }

    /** The CPO's answer moves the deadline to its own timeout: a long one keeps the START pending. */
    @Test
    void theCposTimeoutInItsAnswerMovesTheDeadline() {
        cpo.knobs().setCommandBehaviour(CommandBehaviour.ACCEPT_NO_RESULT).setCommandTimeoutSeconds(60);
        String jobId = newJob();
        Instant sent = Instant.now();
        assertThat(start(jobId).status()).isEqualTo(200);
        Instant deadline = jdbc.sql("""
                select t.execution_time from scheduled_tasks t join ocpi_command c on t.task_instance = c.id::text
                 where t.task_name = 'command-deadline' and c.job_session_id = ?""")
                .param(sessionOf(jobId).get("session_id").asString()).query(java.sql.Timestamp.class).single()
                .toInstant();
        assertThat(deadline).as("CPO timeout 60 s + grace 1 s").isAfter(sent.plusSeconds(60))
                .isBefore(Instant.now().plusSeconds(62));
    }

    @Test
    void aSecondStartForABusyJobIsRefusedWithoutCallingTheCpo() {
        String jobId = newJob();
        assertThat(start(jobId).status()).isEqualTo(200);
        var again = start(jobId);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asString()).startsWith("job_");
        assertThat(commands("START_SESSION")).isEqualTo(1);
    }

    @Test
    void aRefusedStopLeavesTheSessionActive() {
        String jobId = newJob();
        start(jobId);
        String ocpiId = awaitSession(jobId, "active").get("ocpi_session_id").asString();
        cpo.knobs().setCommandBehaviour(CommandBehaviour.REJECT);
        var refused = stop(ocpiId);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("cpo_result").asString()).isEqualTo("REJECTED");
        assertThat(sessionOf(jobId).get("status").asString()).isEqualTo("active");
        assertThat(job(jobId).get("status").asString()).isEqualTo("charging");
        assertThat(stop("NO-SUCH-SESSION").status()).isEqualTo(404);
    }

    @Test
    void anInvalidSessionFailsTheJob() throws Exception {
        String jobId = newJob();
        start(jobId);
        String ocpiId = awaitSession(jobId, "active").get("ocpi_session_id").asString();
        String invalid = cpo.session(ocpiId).orElseThrow().json()
                .replace("\"status\":\"ACTIVE\"", "\"status\":\"INVALID\"")
                .replaceFirst("\"last_updated\":\"[^\"]+\"", "\"last_updated\":\"" + Instant.now().plusSeconds(5) + "\"");
        assertThat(cpo.pushJson("PUT", "sessions", "/NL/SIM/" + ocpiId, invalid).status()).isEqualTo(200);
        var job = job(jobId);
        assertThat(job.get("status").asString()).isEqualTo("failed");
        assertThat(job.get("failure_reason").asString()).startsWith("session_invalid");
    }
}
