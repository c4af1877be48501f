package com.rollyy.emsp.robotjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.support.FakeVersionedCpo;
import com.rollyy.emsp.support.Fixtures;
import com.rollyy.emsp.support.TestHttp;

/**
 * A robot's charging cycle with a CPO on OCPI 2.1.1, driven by hand (the CPO simulator does not
 * speak 2.1.1): START_SESSION and STOP_SESSION in 2.1.1 (no authorization_reference, no
 * connector_id, the token's auth_id, our response_url on 2.1.1), the CPO's 2.1.1 results, then
 * its 2.1.1 Session and CDR, which carry neither authorization_reference nor session_id: they are
 * matched to the job by the token (its uid found by the auth_id), the EVSE and the start time,
 * and the CDR is paid exactly once.
 */
class Robot211CycleTest extends ChargingFlowSupport {

    private static final String T0 = "2026-01-01T00:00:00Z";

    private FakeVersionedCpo old;
    private String token;

    @BeforeEach
    void a211CpoWithALocation() {
        old = FakeVersionedCpo.offering("2.1.1").withEndpoints("sessions", "cdrs", "tokens", "commands")
                .answering("POST", "/2.1.1/commands/START_SESSION", "{\"result\":\"ACCEPTED\"}")
                // the tag 2.1.1 text: the bare CommandResponseType
                .answering("POST", "/2.1.1/commands/STOP_SESSION", "\"ACCEPTED\"");
        var registered = ocpi("POST", "/ocpi/2.1.1/credentials", invite()).json("""
                {"token":"b-token-211","url":"%s","business_details":{"name":"Old CPO"},
                 "party_id":"OLD","country_code":"BE"}""".formatted(old.versionsUrl())).send();
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        token = registered.json().get("data").get("token").asString();
        // until 2.1.1 Locations are translated (another part of issue 14) the EVSE comes as in 2.2.1
        var location = ocpi("PUT", "/ocpi/2.2.1/locations/BE/OLD/LOC211", token)
                .json(Fixtures.location("BE", "OLD", "LOC211", T0, Fixtures.evse("E1", "AVAILABLE", T0))).send();
        assertThat(location.ocpiStatus()).as(location.body()).isEqualTo(1000);
    }

    @AfterEach
    void closeCpo() {
        old.close();
    }

    @Test
    void aRobotChargesAtA211CpoAndItsSessionAndCdrFindTheJobByTokenEvseAndTime() {
        String jobId = newJob();
        var started = api("POST", "/ocpi/2.2.1/commands/START_SESSION").json("""
                {"robot_job_id":"%s","location_id":"LOC211","evse_uid":"E1","connector_id":"1"}""".formatted(jobId))
                .send();
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        assertThat(started.json().get("cpo_result").asString()).isEqualTo("ACCEPTED");
        String reference = started.json().get("session_id").asString();

        // what the 2.1.1 CPO got: a 2.1.1 StartSession
        JsonNode start = TestHttp.parse(sent("/2.1.1/commands/START_SESSION").body());
        assertThat(start.has("authorization_reference")).isFalse();
        assertThat(start.has("connector_id")).isFalse();
        assertThat(start.get("location_id").asString()).isEqualTo("LOC211");
        JsonNode sentToken = start.get("token");
        assertThat(sentToken.get("uid").asString()).isEqualTo(reference);
        assertThat(sentToken.get("type").asString()).as("2.1.1 has no AD_HOC_USER").isEqualTo("OTHER");
        assertThat(sentToken.has("contract_id")).isFalse();
        assertThat(sentToken.has("country_code")).isFalse();
        String authId = sentToken.get("auth_id").asString();
        assertThat(authId).startsWith("NL-RYY-");
        String responseUrl = start.get("response_url").asString();
        assertThat(responseUrl).startsWith(url("/ocpi/2.1.1/commands/callback/"));

        // its result, a 2.1.1 CommandResponse, on our 2.1.1 response_url
        var result = TestHttp.request("POST", responseUrl).token(token).json("{\"result\":\"ACCEPTED\"}").send();
        assertThat(result.ocpiStatus()).as(result.body()).isEqualTo(1000);

        // its 2.1.1 Session: auth_id, embedded Location, no authorization_reference
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String session = session("S211", authId, now, "ACTIVE", "3.2");
        var put = ocpi("PUT", "/ocpi/2.1.1/sessions/BE/OLD/S211", token).json(session).send();
        assertThat(put.ocpiStatus()).as(put.body()).isEqualTo(1000);
        awaitJob(jobId, "charging");
        JsonNode view = sessionOf(jobId);
        assertThat(view.get("ocpi_session_id").asString()).isEqualTo("S211");
        assertThat(view.get("session_id").asString()).isEqualTo(reference);

        var stopped = stop("S211");
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
        assertThat(stopped.json().get("cpo_result").asString()).isEqualTo("ACCEPTED");
        JsonNode stop = TestHttp.parse(sent("/2.1.1/commands/STOP_SESSION").body());
        assertThat(stop.get("session_id").asString()).isEqualTo("S211");
        String stopUrl = stop.get("response_url").asString();
        assertThat(stopUrl).startsWith(url("/ocpi/2.1.1/commands/callback/"));
        assertThat(TestHttp.request("POST", stopUrl).token(token).json("\"ACCEPTED\"").send().ocpiStatus())
                .isEqualTo(1000);

        // session completed by a 2.1.1 PATCH (no last_updated), then the CDR without session_id
        var patch = ocpi("PATCH", "/ocpi/2.1.1/sessions/BE/OLD/S211", token)
                .json("{\"status\":\"COMPLETED\",\"kwh\":12.5,\"end_datetime\":\"" + now + "\"}").send();
        assertThat(patch.ocpiStatus()).as(patch.body()).isEqualTo(1000);
        var posted = ocpi("POST", "/ocpi/2.1.1/cdrs", token).json(cdr("CDR211", authId, now)).send();
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        await().atMost(WAIT).until(() -> sessionOf(jobId).hasNonNull("cdr_id"));
        assertThat(sessionOf(jobId).get("cdr_id").asString()).isEqualTo("CDR211");
        assertThat(sessionOf(jobId).get("status").asString()).isEqualTo("completed");
        awaitJob(jobId, "completed");

        // paid once: total_cost is excl. VAT in 2.1.1 and no incl. VAT is known
        await().atMost(WAIT).untilAsserted(() -> assertThat(STRIPE.paymentIntentsCreated()).isEqualTo(1));
        var intent = STRIPE.paymentIntents().get(0);
        assertThat(String.valueOf(intent.get("amount"))).isEqualTo("375");
        // the CDR again: acknowledged, nothing paid twice
        assertThat(ocpi("POST", "/ocpi/2.1.1/cdrs", token).json(cdr("CDR211", authId, now)).send().status())
                .isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from payment").query(Long.class).single()).isEqualTo(1);
        assertThat(STRIPE.paymentIntentsCreated()).isEqualTo(1);
    }

    @Test
    void aSynchronousTimeoutOfA211CpoFailsTheStartWithItsReason() {
        old.answering("POST", "/2.1.1/commands/START_SESSION", "{\"result\":\"TIMEOUT\"}");
        String jobId = newJob();
        var started = api("POST", "/ocpi/2.2.1/commands/START_SESSION").json("""
                {"robot_job_id":"%s","location_id":"LOC211","evse_uid":"E1"}""".formatted(jobId)).send();
        assertThat(started.json().get("cpo_result").asString()).as(started.body()).isEqualTo("REJECTED");
        JsonNode view = sessionOf(jobId);
        assertThat(view.get("status").asString()).isEqualTo("failed");
        assertThat(view.get("failure_reason").asString()).contains("TIMEOUT");
    }

    @Test
    void anUnknownSessionResultOfA211CpoIsAFailedStop() {
        String jobId = newJob();
        api("POST", "/ocpi/2.2.1/commands/START_SESSION").json("""
                {"robot_job_id":"%s","location_id":"LOC211","evse_uid":"E1"}""".formatted(jobId)).send();
        String authId = TestHttp.parse(sent("/2.1.1/commands/START_SESSION").body()).get("token").get("auth_id")
                .asString();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        assertThat(ocpi("PUT", "/ocpi/2.1.1/sessions/BE/OLD/S212", token)
                .json(session("S212", authId, now, "ACTIVE", "1")).send().ocpiStatus()).isEqualTo(1000);
        awaitJob(jobId, "charging");
        assertThat(stop("S212").json().get("cpo_result").asString()).isEqualTo("ACCEPTED");
        String stopUrl = TestHttp.parse(sent("/2.1.1/commands/STOP_SESSION").body()).get("response_url").asString();
        var result = TestHttp.request("POST", stopUrl).token(token).json("{\"result\":\"UNKNOWN_SESSION\"}").send();
        assertThat(result.ocpiStatus()).as(result.body()).isEqualTo(1000);
        // the STOP failed: the session goes back to active, the robot may stop again
        await().atMost(WAIT).until(() -> "active".equals(sessionOf(jobId).get("status").asString()));
        // delivered in the background: awaited, not read at once
        await().atMost(WAIT).untilAsserted(() -> assertThat(robotBackend.types(jobId)).contains("session.stop_failed"));
    }

    private FakeVersionedCpo.Received sent(String path) {
        return old.received().stream().filter(r -> r.method().equals("POST") && r.path().equals(path))
                .reduce((first, second) -> second).orElseThrow(() -> new AssertionError("nothing sent to " + path));
    }

    private static String location() {
        return """
                {"id":"LOC211","type":"ON_STREET","name":"Station LOC211","address":"Keizersgracht 1",
                 "city":"Amsterdam","postal_code":"1015CC","country":"NLD",
                 "coordinates":{"latitude":"52.374030","longitude":"4.889690"},
                 "evses":[{"uid":"E1","evse_id":"NL*SIM*EE1","status":"CHARGING",
                  "connectors":[{"id":"1","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_3_PHASE",
                   "voltage":230,"amperage":32,"tariff_id":"T1","last_updated":"%s"}],"last_updated":"%s"}],
                 "last_updated":"%s"}""".formatted(T0, T0, T0);
    }

    private static String session(String id, String authId, String start, String status, String kwh) {
        return """
                {"id":"%s","start_datetime":"%s","kwh":%s,"auth_id":"%s","auth_method":"AUTH_REQUEST",
                 "location":%s,"currency":"EUR","status":"%s","last_updated":"%s"}"""
                .formatted(id, start, kwh, authId, location(), status, start);
    }

    private static String cdr(String id, String authId, String start) {
        return """
                {"id":"%s","start_date_time":"%s","stop_date_time":"%s","auth_id":"%s","auth_method":"AUTH_REQUEST",
                 "location":%s,"currency":"EUR",
                 "tariffs":[{"id":"T1","currency":"EUR","elements":[{"price_components":[
                   {"type":"ENERGY","price":0.30,"step_size":1}]}],"last_updated":"%s"}],
                 "charging_periods":[{"start_date_time":"%s","dimensions":[{"type":"ENERGY","volume":12.5},
                   {"type":"FLAT","volume":1}]}],
                 "total_cost":3.75,"total_energy":12.5,"total_time":0.5,"last_updated":"%s"}"""
                .formatted(id, start, start, authId, location(), T0, start, start);
    }
}
