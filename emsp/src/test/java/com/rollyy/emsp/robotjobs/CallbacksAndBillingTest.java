package com.rollyy.emsp.robotjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rollyy.cposim.CommandBehaviour;
import com.rollyy.cposim.CpoSimulator;
import com.rollyy.cposim.SimulatorConfig;
import com.rollyy.emsp.support.TestHttp;

/**
 * Command results are authenticated, applied once and never trusted from another CPO; a CDR
 * that comes twice, or is pulled after it was pushed, is paid once; a CDR our tariff engine
 * does not agree with is flagged, and held when configured.
 */
class CallbacksAndBillingTest extends ChargingFlowSupport {

    @BeforeEach
    void connected() {
        connect();
    }

    @Test
    void aResultIsAppliedOnceAndOnlyFromTheCpoTheCommandWentTo() {
        String jobId = newJob();
        String responseUrl = startAwaitingResult(jobId);

        try (CpoSimulator other = CpoSimulator.start(SimulatorConfig.defaults().withPartyId("OTH"))) {
            other.registerWith(versionsUrl(), invite());
            var foreign = TestHttp.request("POST", responseUrl).token(other.tokenForEmsp())
                    .json("{\"result\":\"EVSE_OCCUPIED\"}").send();
            assertThat(foreign.status()).isEqualTo(404);
            assertThat(foreign.ocpiStatus()).isEqualTo(2001);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(job(jobId).get("status").asString()).as("nothing changed").isEqualTo("starting");

        var unknown = TestHttp.request("POST", url("/ocpi/2.2.1/commands/callback/00000000-0000-4000-8000-000000000000"))
                .token(cpo.tokenForEmsp()).json("{\"result\":\"ACCEPTED\"}").send();
        assertThat(unknown.status()).isEqualTo(404);
        var malformed = TestHttp.request("POST", responseUrl).token(cpo.tokenForEmsp())
                .json("{\"result\":\"MAYBE\"}").send();
        assertThat(malformed.ocpiStatus()).isEqualTo(2001);
        assertThat(TestHttp.request("POST", responseUrl).json("{\"result\":\"ACCEPTED\"}").send().status())
                .as("no token").isEqualTo(401);

        var failed = cpo.callEmsp("POST", responseUrl, "{\"result\":\"EVSE_OCCUPIED\",\"message\":[{\"language\":\"en\","
                + "\"text\":\"Occupied\"}]}");
        assertThat(failed.status()).isEqualTo(200);
        assertThat(TestHttp.parse(failed.body()).has("data")).as("no data in the answer").isFalse();
        assertThat(job(jobId).get("status").asString()).isEqualTo("failed");
        assertThat(job(jobId).get("failure_reason").asString()).isEqualTo("start_evse_occupied: Occupied");

        // the replay (even a different result) is acknowledged and changes nothing
        var replay = cpo.callEmsp("POST", responseUrl, "{\"result\":\"ACCEPTED\"}");
        assertThat(replay.status()).isEqualTo(200);
        assertThat(job(jobId).get("failure_reason").asString()).isEqualTo("start_evse_occupied: Occupied");
        await().atMost(WAIT).until(() -> robotBackend.types(jobId).contains("session.start_failed"));
        assertThat(robotBackend.forJob(jobId).stream().filter(d -> d.type().equals("session.start_failed"))
                .map(d -> d.eventId()).distinct().count()).as("one event (it may be delivered more than once)")
                .isEqualTo(1);
    }

    @Test
    void theBodyFormOfTheCallbackCarriesTheCommandId() {
        String jobId = newJob();
        String responseUrl = startAwaitingResult(jobId);
        String commandId = responseUrl.substring(responseUrl.lastIndexOf('/') + 1);
        var missing = cpo.callEmsp("POST", url("/ocpi/2.2.1/commands/callback"), "{\"result\":\"REJECTED\"}");
        assertThat(TestHttp.parse(missing.body()).get("status_code").asInt()).isEqualTo(2001);
        var answer = cpo.callEmsp("POST", url("/ocpi/2.2.1/commands/callback"),
                "{\"command_id\":\"" + commandId + "\",\"result\":\"REJECTED\"}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(job(jobId).get("failure_reason").asString()).isEqualTo("start_rejected");
    }

    @Test
    void aCdrSentTwiceAndPulledAfterwardsIsPaidOnce() {
        cpo.knobs().setDuplicateCdr(true);
        chargeAndStop();
        await().atMost(WAIT).until(() -> cpo.cdrs().size() == 1 && STRIPE.paymentIntentsCreated() == 1);
        var pulled = api("POST", "/ocpi/2.2.1/cdrs/sync/" + connectionId).send();
        assertThat(pulled.status()).isEqualTo(200);
        assertThat(pulled.json().get("synced").asInt()).isEqualTo(1);
        assertThat(pulled.json().get("updated").asInt()).as("already held").isZero();
        try {
            cpo.resendCdr(cpo.cdrs().get(0).id());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> STRIPE.paymentIntentsCreated() == 1);
        var payments = api("GET", "/v1/payments?cdr_id=" + cpo.cdrs().get(0).id()).send().json();
        assertThat(payments).hasSize(1);
    }

    @Test
    void aCdrThatDisagreesWithTheTariffIsFlaggedAndHeldWhenConfigured() {
        paymentsProperties.setHoldOnDiscrepancy(true);
        cpo.knobs().setCdrCostFactor(new BigDecimal("1.5"));
        String jobId = chargeAndStop();
        await().atMost(WAIT).until(() -> !api("GET", "/v1/payments").send().json().isEmpty());
        var payment = api("GET", "/v1/payments").send().json().get(0);
        assertThat(payment.get("status").asString()).isEqualTo("HELD");
        assertThat(payment.get("discrepancy").asBoolean()).isTrue();
        assertThat(payment.get("discrepancy_detail").asString()).contains("CPO charged");
        assertThat(STRIPE.paymentIntentsCreated()).isZero();
        await().atMost(WAIT).until(() -> robotBackend.types(jobId).contains("cdr.priced"));
        var priced = robotBackend.forJob(jobId).stream().filter(d -> d.type().equals("cdr.priced")).findFirst()
                .orElseThrow();
        assertThat(priced.body().get("data").get("reconciliation").get("within_tolerance").asBoolean()).isFalse();
    }

    @Test
    void aSecondCdrForTheSameSessionIsHeldForReview() throws Exception {
        String jobId = chargeAndStop();
        await().atMost(WAIT).until(() -> STRIPE.paymentIntentsCreated() == 1);
        var first = cpo.cdrs().get(0);
        String second = first.json().replace("\"id\":\"" + first.id() + "\"", "\"id\":\"" + first.id() + "-BIS\"");
        assertThat(cpo.pushJson("POST", "cdrs", "", second).status()).isEqualTo(201);
        var held = api("GET", "/v1/payments?cdr_id=" + first.id() + "-BIS").send().json().get(0);
        assertThat(held.get("status").asString()).isEqualTo("HELD");
        assertThat(held.get("discrepancy_detail").asString()).contains("second CDR");
        assertThat(held.get("robot_job_id").asString()).isEqualTo(jobId);
        assertThat(sessionOf(jobId).get("cdr_id").asString()).as("the first CDR stays the session's").isEqualTo(first.id());
        assertThat(STRIPE.paymentIntentsCreated()).isEqualTo(1);
    }

    @Test
    void aStopWithoutResultWhileTheCpoStillChargesGoesBackToActive() {
        String jobId = newJob();
        start(jobId);
        String ocpiId = awaitSession(jobId, "active").get("ocpi_session_id").asString();
        cpo.knobs().setCommandBehaviour(CommandBehaviour.ACCEPT_NO_RESULT).setCommandTimeoutSeconds(1);
        assertThat(stop(ocpiId).json().get("status").asString()).isEqualTo("stopping");
        awaitSession(jobId, "active");
        assertThat(job(jobId).get("status").asString()).isEqualTo("charging");
        await().atMost(WAIT).until(() -> robotBackend.types(jobId).contains("session.stop_failed"));
    }

    @Test
    void aStopByACpoSessionIdTwoCposUseIsRefusedAsAmbiguous() throws Exception {
        String first = newJob();
        start(first);
        String ocpiId = awaitSession(first, "active").get("ocpi_session_id").asString();
        try (CpoSimulator other = CpoSimulator.start(SimulatorConfig.defaults().withPartyId("OTH"))) {
            var otherConnection = api("POST", "/ocpi/register").json("""
                    {"cpo_name":"Other","versions_url":"%s","token":"%s"}""".formatted(other.versionsUrl(),
                    other.tokenA())).send().json().get("connection_id").asString();
            api("POST", "/ocpi/2.2.1/locations/sync/" + otherConnection).send();
            var otherAsset = api("GET", "/v1/charging-assets?limit=50").send().json();
            String assetId = null;
            for (var a : otherAsset) {
                if (a.get("location").get("party_id").asString().equals("OTH")) {
                    assetId = a.get("asset_id").asString();
                    break;
                }
            }
            String second = newJob();
            var started = api("POST", "/ocpi/2.2.1/commands/START_SESSION").json("{\"robot_job_id\":\"" + second
                    + "\",\"asset_id\":\"" + assetId + "\"}").send();
            assertThat(started.status()).isEqualTo(200);
            awaitSession(second, "active");
            assertThat(sessionOf(second).get("ocpi_session_id").asString()).isEqualTo(ocpiId);

            var ambiguous = stop(ocpiId);
            assertThat(ambiguous.status()).isEqualTo(409);
            assertThat(ambiguous.json().get("error").asString()).isEqualTo("ambiguous_session");
            var bySessionId = api("POST", "/ocpi/2.2.1/commands/STOP_SESSION").json("{\"session_id\":\""
                    + sessionOf(second).get("session_id").asString() + "\"}").send();
            assertThat(bySessionId.status()).isEqualTo(200);
            assertThat(other.commands().stream().filter(c -> c.command().equals("STOP_SESSION")).count()).isEqualTo(1);
            assertThat(commands("STOP_SESSION")).isZero();
        }
    }

    @Test
    void aCreditCdrRefundsTheSessionsPaymentInItsJob() throws Exception {
        String jobId = chargeAndStop();
        await().atMost(WAIT).until(() -> STRIPE.paymentIntentsCreated() == 1 && "SUCCEEDED".equals(api("GET",
                "/v1/payments?robot_job_id=" + jobId).send().json().get(0).get("status").asString()));
        var original = cpo.cdrs().get(0);
        String credit = original.json()
                .replace("\"id\":\"" + original.id() + "\"", "\"id\":\"" + original.id() + "-CR\",\"credit\":true,"
                        + "\"credit_reference_id\":\"" + original.id() + "\"")
                .replaceAll("\"total_cost\":\\{\"excl_vat\":([0-9.]+),\"incl_vat\":([0-9.]+)\\}",
                        "\"total_cost\":{\"excl_vat\":-$1,\"incl_vat\":-$2}");
        assertThat(credit).contains("\"credit\":true").contains("\"total_cost\":{\"excl_vat\":-");
        assertThat(cpo.pushJson("POST", "cdrs", "", credit).status()).isEqualTo(201);
        await().atMost(WAIT).until(() -> STRIPE.refundsCreated() == 1);
        var refund = api("GET", "/v1/payments?cdr_id=" + original.id() + "-CR").send().json().get(0);
        assertThat(refund.get("kind").asString()).isEqualTo("REFUND");
        assertThat(refund.get("robot_job_id").asString()).isEqualTo(jobId);
        await().atMost(WAIT).until(() -> "SUCCEEDED".equals(api("GET", "/v1/payments?cdr_id=" + original.id() + "-CR")
                .send().json().get(0).get("status").asString()));
        assertThat(job(jobId).get("status").asString()).isEqualTo("completed");
    }

    /** Charges 10 kWh over 40 minutes of session time and stops: returns the job id. */
    private String chargeAndStop() {
        String jobId = newJob();
        assertThat(start(jobId).status()).isEqualTo(200);
        String ocpiId = awaitSession(jobId, "active").get("ocpi_session_id").asString();
        cpo.advanceSession(ocpiId, new BigDecimal("10"), Duration.ofMinutes(40));
        assertThat(stop(ocpiId).status()).isEqualTo(200);
        awaitJob(jobId, "completed");
        return jobId;
    }
}
