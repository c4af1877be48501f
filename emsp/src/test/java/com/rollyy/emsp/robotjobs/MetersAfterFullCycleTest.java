package com.rollyy.emsp.robotjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.rollyy.emsp.support.Scrape;

/**
 * What an operator's Prometheus sees of one whole robot cycle (job → START → session → STOP →
 * CDR → payment → webhooks): every application meter moves by exactly what happened. Meters
 * live as long as the test JVM's one Spring context, so each is compared with a scrape taken
 * before the cycle.
 */
class MetersAfterFullCycleTest extends ChargingFlowSupport {

    @Test
    void aFullCycleShowsInEveryMeter() {
        var before = Scrape.take(url(""));
        connect();
        String jobId = newJob();
        var started = start(jobId);
        assertThat(started.json().get("cpo_result").asString()).isEqualTo("ACCEPTED");
        var active = awaitSession(jobId, "active");
        String ocpiSessionId = active.get("ocpi_session_id").asString();
        await().atMost(WAIT).untilAsserted(() -> assertThat(Scrape.take(url("")).value("rollyy_sessions_live",
                "status", "active")).as("live sessions while charging").isEqualTo(1));

        cpo.advanceSession(ocpiSessionId, new BigDecimal("7.5"), Duration.ofMinutes(30));
        await().atMost(WAIT).until(() -> sessionOf(jobId).get("energy_kwh").decimalValue()
                .compareTo(new BigDecimal("7.5")) == 0);
        assertThat(stop(ocpiSessionId).json().get("cpo_result").asString()).isEqualTo("ACCEPTED");
        awaitJob(jobId, "completed");
        await().atMost(WAIT).until(() -> robotBackend.forJob(jobId).size() >= 5);
        var cdr = cpo.cdrs().get(0);
        long cents = cdr.totalCostInclVat().movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact();

        // the token authorize a CPO would call: once for a token we never issued
        assertThat(api("GET", "/ocpi/2.2.1/tokens/NO-SUCH-TOKEN/authorize").send().status()).isEqualTo(404);
        // and a peer without a token, refused before any controller
        assertThat(ocpi("GET", "/ocpi/2.2.1/tokens", null).send().status()).isEqualTo(401);

        await().atMost(WAIT).untilAsserted(() -> {
            var after = Scrape.take(url(""));

            // OCPI calls we made, by connection, module, method and outcome
            String c = connectionId;
            String calls = "ocpi_client_requests_seconds_count";
            assertThat(after.delta(before, calls, "connection", c, "module", "versions", "outcome", "OK")).isEqualTo(2);
            assertThat(after.delta(before, calls, "connection", c, "module", "credentials", "method", "POST",
                    "outcome", "OK")).isEqualTo(1);
            assertThat(after.delta(before, calls, "connection", c, "module", "commands", "method", "POST",
                    "outcome", "OK")).as("START and STOP").isEqualTo(2);
            assertThat(after.delta(before, calls, "connection", c, "module", "locations", "method", "GET",
                    "outcome", "OK")).isGreaterThanOrEqualTo(1);
            assertThat(after.delta(before, calls, "connection", c, "outcome", "UNREACHABLE")).isZero();
            URI cpoUrl = URI.create(cpo.versionsUrl());
            assertThat(after.samples("ocpi_client_circuit_state", "peer", cpoUrl.getHost() + ":" + cpoUrl.getPort()))
                    .singleElement().extracting(Scrape.Sample::value).isEqualTo(0.0);

            // OCPI requests the CPO sent us: by module, our interface, HTTP status and OCPI status_code
            String served = "ocpi_server_requests_seconds_count";
            assertThat(after.delta(before, served, "module", "versions", "interface", "none", "http_status", "200",
                    "status_code", "1000")).as("the CPO read our versions during registration").isPositive();
            assertThat(after.delta(before, served, "module", "sessions", "interface", "RECEIVER", "http_status", "200",
                    "status_code", "1000")).as("session pushes").isPositive();
            assertThat(after.delta(before, served, "module", "cdrs", "interface", "RECEIVER", "method", "POST",
                    "http_status", "201", "status_code", "1000")).as("the CDR").isEqualTo(1);
            assertThat(after.delta(before, served, "module", "commands", "interface", "SENDER", "method", "POST",
                    "http_status", "200", "status_code", "1000")).as("command results").isPositive();
            assertThat(after.delta(before, served, "module", "tokens", "interface", "SENDER", "http_status", "401",
                    "status_code", "2000")).as("the call without a token").isEqualTo(1);
            assertThat(after.delta(before, served, "module", "commands", "http_status", "200", "method", "POST"))
                    .as("our own product START/STOP under /ocpi/2.2.1/commands are not OCPI traffic")
                    .isEqualTo(after.delta(before, served, "module", "commands", "interface", "SENDER",
                            "status_code", "1000"));
            assertThat(after.delta(before, served, "module", "tokens", "http_status", "404"))
                    .as("authorize with X-API-Key is product traffic").isZero();

            // commands: the CPO's answer and its asynchronous result
            assertThat(after.delta(before, "ocpi_commands_sent_total", "command", "START_SESSION", "response",
                    "ACCEPTED")).isEqualTo(1);
            assertThat(after.delta(before, "ocpi_commands_sent_total", "command", "STOP_SESSION", "response",
                    "ACCEPTED")).isEqualTo(1);
            assertThat(after.delta(before, "ocpi_command_results_total", "command", "START_SESSION", "result",
                    "ACCEPTED", "late", "false")).isEqualTo(1);
            assertThat(after.delta(before, "ocpi_commands_expired_total")).isZero();

            // the robot job through each status once; no live session left
            for (String status : new String[] {"queued", "starting", "charging", "stopping", "completed"}) {
                assertThat(after.delta(before, "rollyy_robot_job_transitions_total", "status", status))
                        .as("job entered " + status).isEqualTo(1);
            }
            assertThat(after.delta(before, "rollyy_robot_job_transitions_total", "status", "failed")).isZero();
            assertThat(after.value("rollyy_sessions_live")).as("every status").isZero();

            // the CDR: received, priced within tolerance, not held
            assertThat(after.delta(before, "rollyy_cdrs_received_total", "credit", "false")).isEqualTo(1);
            assertThat(after.delta(before, "rollyy_cdrs_priced_total", "result", "within_tolerance")).isEqualTo(1);
            assertThat(after.delta(before, "rollyy_cdrs_held_total")).isZero();

            // the payment: queued, then succeeded, for the CDR's amount in cents
            String payments = "rollyy_payments_amount_minor";
            assertThat(after.delta(before, payments + "_count", "status", "QUEUED", "kind", "CHARGE", "currency",
                    "EUR")).isEqualTo(1);
            assertThat(after.delta(before, payments + "_count", "status", "SUCCEEDED", "kind", "CHARGE", "currency",
                    "EUR")).isEqualTo(1);
            assertThat(after.delta(before, payments + "_sum", "status", "SUCCEEDED", "currency", "EUR"))
                    .isEqualTo((double) cents);
            assertThat(after.delta(before, payments + "_count", "status", "FAILED")).isZero();

            // webhooks: each of the five events delivered at the first attempt, with its lag
            for (String type : new String[] {"session.started", "session.stopped", "session.completed", "cdr.priced",
                    "payment.succeeded"}) {
                assertThat(after.delta(before, "rollyy_webhook_deliveries_total", "type", type, "outcome", "delivered"))
                        .as(type).isEqualTo(1);
                assertThat(after.delta(before, "rollyy_webhook_delivery_lag_seconds_count", "type", type)).isEqualTo(1);
            }
            assertThat(after.delta(before, "rollyy_webhook_deliveries_total")).as("no failed attempt").isEqualTo(5);

            // pulls: one full Locations and one full Tariffs pull, their objects stored
            for (String module : new String[] {"locations", "tariffs"}) {
                assertThat(after.delta(before, "ocpi_pulls_seconds_count", "module", module, "type", "full", "outcome",
                        "ok")).as(module).isEqualTo(1);
                assertThat(after.delta(before, "ocpi_pull_objects_total", "module", module, "result", "updated"))
                        .as(module).isPositive();
                assertThat(after.delta(before, "ocpi_pull_objects_total", "module", module, "result", "rejected"))
                        .isZero();
            }

            // token authorize: the unknown token, with its latency
            assertThat(after.delta(before, "rollyy_token_authorize_seconds_count", "result", "UNKNOWN")).isEqualTo(1);

            // background work: the webhook deliveries and the payment ran as db-scheduler tasks
            assertThat(after.delta(before, "dbscheduler_task_completions_total", "task", "webhook-delivery", "result",
                    "ok")).isGreaterThanOrEqualTo(5);
            assertThat(after.delta(before, "dbscheduler_task_completions_total", "result", "failed")).isZero();
            assertThat(after.has("rollyy_scheduler_due_tasks")).isTrue();
            assertThat(after.has("rollyy_scheduler_oldest_due_seconds")).isTrue();
        });
    }
}
