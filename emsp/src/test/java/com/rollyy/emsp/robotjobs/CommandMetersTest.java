package com.rollyy.emsp.robotjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;

import com.rollyy.cposim.CommandBehaviour;
import com.rollyy.emsp.support.Scrape;

/** Refused and timed-out commands, as the meters tell them apart. */
class CommandMetersTest extends ChargingFlowSupport {

    private static final String CALLS = "ocpi_client_requests_seconds_count";

    @Test
    void aRefusedStartIsCountedAsRefusedAndItsJobAsFailed() {
        connect();
        cpo.knobs().setCommandBehaviour(CommandBehaviour.REJECT);
        var before = Scrape.take(url(""));
        assertThat(start(newJob()).status()).isEqualTo(400);
        await().atMost(WAIT).untilAsserted(() -> {
            var after = Scrape.take(url(""));
            assertThat(after.delta(before, "ocpi_commands_sent_total", "command", "START_SESSION", "response",
                    "REJECTED")).isEqualTo(1);
            assertThat(after.delta(before, CALLS, "connection", connectionId, "module", "commands", "outcome", "OK"))
                    .as("the CPO answered well-formed: its refusal is in the CommandResponse").isEqualTo(1);
            assertThat(after.delta(before, "rollyy_robot_job_transitions_total", "status", "failed")).isEqualTo(1);
            assertThat(after.delta(before, "rollyy_robot_job_transitions_total", "status", "charging")).isZero();
        });
    }

    @Test
    void aStartAnsweredTooLateIsATimeout() {
        connect();
        // the test profile waits 2 s for a command's answer
        cpo.knobs().setCommandBehaviour(CommandBehaviour.SLOW).setCommandResponseDelayMillis(2_500);
        var before = Scrape.take(url(""));
        String jobId = newJob();
        assertThat(start(jobId).json().get("cpo_result").asString()).isEqualTo("TIMEOUT");
        awaitJob(jobId, "charging");
        await().atMost(WAIT).untilAsserted(() -> {
            var after = Scrape.take(url(""));
            assertThat(after.delta(before, CALLS, "connection", connectionId, "module", "commands", "method", "POST",
                    "outcome", "TIMEOUT")).isEqualTo(1);
            assertThat(after.delta(before, "ocpi_commands_sent_total", "command", "START_SESSION", "response",
                    "TIMEOUT")).isEqualTo(1);
            assertThat(after.delta(before, "ocpi_command_results_total", "command", "START_SESSION", "result",
                    "ACCEPTED")).as("its result still came").isEqualTo(1);
        });
    }
}
