package com.rollyy.emsp.robotjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.HashSet;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.support.TestHttp;

/**
 * The product's heart, end to end over real HTTP: job → START → result → session updates →
 * STOP → CDR → payment (fake Stripe) → webhooks (fake robot backend).
 */
class FullChargingCycleTest extends ChargingFlowSupport {

    @Test
    void aRobotJobChargesStopsAndIsPaidOnce() throws Exception {
        connect();
        String jobId = newJob();

        var started = start(jobId);
        assertThat(started.status()).isEqualTo(200);
        assertThat(started.json().get("status").asString()).isEqualTo("pending");
        assertThat(started.json().get("cpo_result").asString()).isEqualTo("ACCEPTED");
        String sessionId = started.json().get("session_id").asString();
        assertThat(job(jobId).get("charging_session_id").asString()).isEqualTo(sessionId);

        // what the CPO got: our token, our reference, a response_url of its own
        var command = cpo.commands().get(0);
        JsonNode body = TestHttp.parse(command.body());
        assertThat(body.get("authorization_reference").asString()).isEqualTo(sessionId);
        assertThat(body.get("token").get("uid").asString()).isEqualTo(sessionId);
        assertThat(body.get("token").get("type").asString()).isEqualTo("AD_HOC_USER");
        assertThat(body.get("token").get("party_id").asString()).isEqualTo("RYY");
        assertThat(command.responseUrl()).startsWith(url("/ocpi/2.2.1/commands/callback/"));

        var active = awaitSession(jobId, "active");
        assertThat(job(jobId).get("status").asString()).isEqualTo("charging");
        String ocpiSessionId = active.get("ocpi_session_id").asString();
        assertThat(ocpiSessionId).startsWith("SIM-S-");

        cpo.advanceSession(ocpiSessionId, new BigDecimal("7.5"), Duration.ofMinutes(30));
        cpo.advanceSession(ocpiSessionId, new BigDecimal("4.5"), Duration.ofMinutes(20));
        await().atMost(WAIT).until(() -> sessionOf(jobId).get("energy_kwh").decimalValue()
                .compareTo(new BigDecimal("12")) == 0);
        var live = sessionOf(jobId);
        assertThat(live.get("cost_source").asString()).isEqualTo("cpo");
        assertThat(live.get("cost").decimalValue()).isPositive();

        var stopped = stop(ocpiSessionId);
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.json().get("cpo_result").asString()).isEqualTo("ACCEPTED");

        var completed = awaitJob(jobId, "completed");
        assertThat(completed.get("completed_at").asString()).endsWith("Z");
        await().atMost(WAIT).until(() -> sessionOf(jobId).hasNonNull("cdr_id"));
        var finalView = sessionOf(jobId);
        assertThat(finalView.get("cost_source").asString()).isEqualTo("cdr");
        var cdr = cpo.cdrs().get(0);
        assertThat(finalView.get("cost").decimalValue()).isEqualByComparingTo(cdr.totalCostInclVat());
        // the same money as {excl_vat, incl_vat}, the one shape of amounts in the product API
        assertThat(finalView.get("total_cost").get("incl_vat").decimalValue()).isEqualByComparingTo(cdr.totalCostInclVat());
        assertThat(finalView.get("total_cost").get("excl_vat").decimalValue()).isEqualByComparingTo(cdr.totalCostExclVat());

        // paid once, for the CDR's total incl. VAT in cents, with a key derived from the CDR
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(STRIPE.paymentIntentsCreated()).isEqualTo(1);
            assertThat(robotBackend.types(jobId)).contains("payment.succeeded");
        });
        var intent = STRIPE.paymentIntents().get(0);
        long cents = cdr.totalCostInclVat().movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact();
        assertThat(String.valueOf(intent.get("amount"))).isEqualTo(String.valueOf(cents));
        assertThat(String.valueOf(intent.get("currency"))).isEqualTo("eur");
        var paid = robotBackend.forJob(jobId).stream().filter(d -> d.type().equals("payment.succeeded")).findFirst()
                .orElseThrow().body().get("data").get("payment");
        assertThat(paid.get("amount").toString()).as("a plain decimal at the currency's scale, what Stripe moved")
                .isEqualTo(cdr.totalCostInclVat().setScale(2, RoundingMode.HALF_UP).toPlainString());
        assertThat(paid.get("amount_minor").asLong()).isEqualTo(cents);
        assertThat(paid.get("kind").asString()).isEqualTo("CHARGE");

        // the robot backend heard the whole story, signed, each event once
        await().atMost(WAIT).until(() -> robotBackend.forJob(jobId).size() >= 5);
        var deliveries = robotBackend.forJob(jobId);
        assertThat(deliveries).allMatch(d -> d.signatureValid());
        assertThat(deliveries.stream().map(d -> d.type()).toList()).as("delivered in parallel: any order")
                .containsExactlyInAnyOrder("session.started", "session.stopped", "session.completed", "cdr.priced",
                        "payment.succeeded");
        assertThat(new HashSet<>(deliveries.stream().map(d -> d.eventId()).toList())).hasSize(deliveries.size());
        var priced = deliveries.stream().filter(d -> d.type().equals("cdr.priced")).findFirst().orElseThrow();
        assertThat(priced.body().get("data").get("reconciliation").get("within_tolerance").asBoolean())
                .as("our engine prices the CDR as the CPO did").isTrue();
        assertThat(priced.body().get("data").get("job").get("status").asString()).isEqualTo("completed");
        var reconciliation = priced.body().get("data").get("reconciliation");
        assertThat(reconciliation.get("session_id").asString()).as("our session id, the CDR being linked to it")
                .isEqualTo(active.get("session_id").asString());
        assertThat(reconciliation.get("ocpi_session_id").asString()).isEqualTo(ocpiSessionId);
        assertThat(jdbc.sql("select session_id from cdr_reconciliation where upper(cdr_id) = upper(?)").param(cdr.id())
                .query(String.class).single()).as("recorded with our session id too")
                .isEqualTo(active.get("session_id").asString());

        // the job's events are also readable from the API, all delivered
        var events = api("GET", "/v1/robot-jobs/" + jobId + "/events").send().json();
        assertThat(events.size()).isEqualTo(deliveries.size());
        var stored = new java.util.ArrayList<String>();
        events.forEach(e -> stored.add(e.get("type").asString()));
        assertThat(stored).as("stored in the order they happened").containsExactly("session.started",
                "session.stopped", "session.completed", "cdr.priced", "payment.succeeded");
        events.forEach(e -> assertThat(e.get("status").asString()).isEqualTo("DELIVERED"));
        assertThat(commands("START_SESSION")).isEqualTo(1);
    }

    @Test
    void aConnectorIsNamedWhereTheEvseRequiresIt() {
        connect();
        JsonNode required = null;
        for (JsonNode a : api("GET", "/v1/charging-assets?limit=50").send().json()) {
            if (a.get("capabilities").toString().contains("START_SESSION_CONNECTOR_REQUIRED")) {
                required = a;
                break;
            }
        }
        assertThat(required).as("the simulator's dataset has such EVSEs").isNotNull();
        String jobId = newJob();
        var started = api("POST", "/ocpi/2.2.1/commands/START_SESSION").json("{\"robot_job_id\":\"" + jobId
                + "\",\"asset_id\":\"" + required.get("asset_id").asString() + "\"}").send();
        assertThat(started.status()).isEqualTo(200);
        JsonNode body = TestHttp.parse(cpo.commands().get(0).body());
        assertThat(body.get("connector_id").asString()).isEqualTo(required.get("connectors").get(0).get("id").asString());
        assertThat(body.get("evse_uid").asString()).isEqualTo(required.get("evse_uid").asString());
        awaitJob(jobId, "charging");
    }
}
