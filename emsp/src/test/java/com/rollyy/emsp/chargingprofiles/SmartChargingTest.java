package com.rollyy.emsp.chargingprofiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/**
 * Smart charging end to end over HTTP: a user's JWT, our SetChargingProfile / ClearProfile at the
 * simulator, its results at our response_urls and its ActiveChargingProfile PUT.
 */
class SmartChargingTest extends EmspIntegrationTest {

    private static final String SECRET = "test-jwt-secret-of-at-least-32-bytes!";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private String sessionId;
    private String ocpiSessionId;
    private String jobId;

    @Test
    void aCapIsSetConfirmedShownOnTheSessionAndCleared() throws Exception {
        chargingRobotOfFleet("acme");
        String user = jwt(Map.of("fleet_id", "acme"), Instant.now().plusSeconds(300));
        String departure = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();

        var set = profile("POST", sessionId, user).json("""
                {"max_charge_rate_kw": 7.4, "departure_time": "%s"}""".formatted(departure)).send();
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().get("profile_set").asBoolean()).isTrue();
        assertThat(set.json().get("cpo_result").asString()).isEqualTo("ACCEPTED");
        assertThat(set.json().get("max_charge_rate_kw").decimalValue()).isEqualByComparingTo("7.4");
        assertThat(set.json().get("departure_time").asString()).isEqualTo(departure);
        assertThat(set.json().get("periods").get(0).get("limit").decimalValue()).isEqualByComparingTo("7400");
        // the simulator's EVSEs do not declare CHARGING_PREFERENCES_CAPABLE: no preferences sent, and said so
        assertThat(set.json().get("preferences_result").asString()).isEqualTo("NOT_SENT_EVSE_NOT_CAPABLE");

        var received = cpo.chargingProfiles().get(0);
        assertThat(received.method()).isEqualTo("PUT");
        assertThat(received.sessionId()).isEqualTo(ocpiSessionId);
        assertThat(received.responseUrl()).startsWith(url("/ocpi/2.2.1/chargingprofiles/results/"));
        JsonNode sent = TestHttp.parse(received.body()).get("charging_profile");
        assertThat(sent.get("charging_rate_unit").asString()).isEqualTo("W");
        assertThat(sent.get("charging_profile_period").get(0).get("start_period").asInt()).isZero();
        assertThat(sent.get("charging_profile_period").get(0).get("limit").decimalValue()).isEqualByComparingTo("7400");
        assertThat(sent.get("duration").asInt()).isBetween(7100, 7200);

        // the simulator's async result and its ActiveChargingProfile PUT
        await().atMost(WAIT).until(() -> profile("GET", sessionId, user).send().json()
                .path("active_profile").isObject());
        var state = profile("GET", sessionId, user).send().json();
        assertThat(state.get("status").asString()).isEqualTo("active");
        assertThat(state.get("result").asString()).isEqualTo("ACCEPTED");
        assertThat(state.get("active_profile").get("charging_profile").get("charging_profile_period").get(0)
                .get("limit").decimalValue()).isEqualByComparingTo("7400");
        var view = api("GET", "/ocpi/2.2.1/sessions/job/" + jobId).send().json();
        assertThat(view.get("charging_profile").get("status").asString()).isEqualTo("active");
        assertThat(view.get("charging_profile").get("max_charge_rate_kw").decimalValue()).isEqualByComparingTo("7.4");

        // a replayed result is acknowledged (envelope without data) and changes nothing
        String resultPath = received.responseUrl().substring(url("").length());
        var replay = ocpi("POST", resultPath, cpo.tokenForEmsp()).json("{\"result\":\"REJECTED\"}").send();
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.ocpiStatus()).isEqualTo(1000);
        assertThat(replay.json().has("data")).isFalse();
        assertThat(profile("GET", sessionId, user).send().json().get("status").asString()).isEqualTo("active");

        // another connection may not post results of requests that did not go to it
        try (var other = CpoSimulator.start()) {
            other.registerWith(versionsUrl(), invite());
            var foreign = ocpi("POST", resultPath, other.tokenForEmsp()).json("{\"result\":\"REJECTED\"}").send();
            assertThat(foreign.status()).isEqualTo(404);
            assertThat(foreign.ocpiStatus()).isEqualTo(2001);
            var foreignActive = ocpi("PUT", "/ocpi/2.2.1/chargingprofiles/" + ocpiSessionId, other.tokenForEmsp())
                    .json("""
                            {"start_date_time":"2026-01-01T00:00:00Z","charging_profile":{"charging_rate_unit":"W",
                             "charging_profile_period":[{"start_period":0,"limit":1}]}}""").send();
            assertThat(foreignActive.status()).isEqualTo(404);
        }

        // the CPO's own ActiveChargingProfile PUT is stored
        var put = ocpi("PUT", "/ocpi/2.2.1/chargingprofiles/" + ocpiSessionId, cpo.tokenForEmsp()).json("""
                {"start_date_time":"2026-01-01T00:00:00Z","charging_profile":{"charging_rate_unit":"W",
                 "charging_profile_period":[{"start_period":0,"limit":5000.0}]}}""").send();
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().has("data")).isFalse();
        assertThat(profile("GET", sessionId, user).send().json().get("active_profile").get("charging_profile")
                .get("charging_profile_period").get(0).get("limit").decimalValue()).isEqualByComparingTo("5000");

        // clear, addressed by the CPO's session id: full speed again
        var cleared = profile("DELETE", ocpiSessionId, user).send();
        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
        assertThat(cleared.json().get("profile_set").asBoolean()).isFalse();
        assertThat(cleared.json().get("cpo_result").asString()).isEqualTo("ACCEPTED");
        var delete = cpo.chargingProfiles().get(1);
        assertThat(delete.method()).isEqualTo("DELETE");
        assertThat(delete.responseUrl()).startsWith(url("/ocpi/2.2.1/chargingprofiles/results/"));
        await().atMost(WAIT).until(() -> "cleared".equals(profile("GET", sessionId, user).send().json()
                .path("status").asString()));
        assertThat(profile("GET", sessionId, user).send().json().get("result").asString()).isEqualTo("ACCEPTED");
    }

    @Test
    void onlyAValidJwtOfTheSessionsFleetOpensIt() {
        chargingRobotOfFleet(null);
        String body = "{\"max_charge_rate_kw\": 11}";
        var missing = profile("POST", sessionId, null).json(body).send();
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().get("error").asString()).isEqualTo("unauthorized");
        assertThat(missing.json().get("message").asString()).isNotBlank();
        assertThat(profile("POST", sessionId, null).apiKey(API_KEY).json(body).send().status()).isEqualTo(401);
        assertThat(profile("POST", sessionId, "not-a-jwt").json(body).send().status()).isEqualTo(401);
        var forever = profile("POST", sessionId, jwt(Map.of("fleet_id", "default"), null)).json(body).send();
        assertThat(forever.status()).as("a token without exp would never expire").isEqualTo(401);
        String expired = jwt(Map.of("fleet_id", "default"), Instant.now().minusSeconds(600));
        var expiredAnswer = profile("POST", sessionId, expired).json(body).send();
        assertThat(expiredAnswer.status()).isEqualTo(401);
        assertThat(expiredAnswer.json().get("error").asString()).isEqualTo("unauthorized");
        String forged = jwt(Map.of("fleet_id", "default"), Instant.now().plusSeconds(300),
                "another-secret-of-at-least-32-bytes!!");
        assertThat(profile("POST", sessionId, forged).json(body).send().status()).isEqualTo(401);
        // a ;param spelling reaches the same controller and meets the same check
        assertThat(TestHttp.request("POST", url("/v1/sessions;x=1/" + sessionId + "/charging-profile")).apiKey(API_KEY)
                .json(body).send().status()).isEqualTo(401);

        String acme = jwt(Map.of("fleet_id", "acme"), Instant.now().plusSeconds(300));
        var wrongFleet = profile("POST", sessionId, acme).json(body).send();
        assertThat(wrongFleet.status()).isEqualTo(403);
        assertThat(wrongFleet.json().get("error").asString()).isEqualTo("wrong_fleet");
        String user = jwt(Map.of("fleet_ids", List.of("acme", "default")), Instant.now().plusSeconds(300));
        assertThat(profile("POST", "no-such-session", user).json(body).send().status()).isEqualTo(404);
        assertThat(profile("POST", sessionId, user).json("{\"max_charge_rate_kw\": 0}").send().status()).isEqualTo(400);
        assertThat(profile("POST", sessionId, user).json("{\"max_charge_rate_kw\": 5000}").send().status())
                .isEqualTo(400);
        assertThat(profile("POST", sessionId, user).json("{\"max_charge_rate_kw\": 5, \"departure_time\":"
                + " \"2020-01-01T00:00:00Z\"}").send().status()).isEqualTo(400);
        assertThat(cpo.chargingProfiles()).isEmpty();

        // the CPO's refusals are reported as such
        cpo.profileKnobs().syncResult("REJECTED");
        var rejected = profile("POST", sessionId, user).json(body).send();
        assertThat(rejected.status()).isEqualTo(409);
        assertThat(rejected.json().get("cpo_result").asString()).isEqualTo("REJECTED");
        assertThat(rejected.json().get("profile_set").asBoolean()).isFalse();
        assertThat(rejected.json().get("status").asString()).isEqualTo("rejected");
        cpo.profileKnobs().syncResult("TOO_OFTEN");
        var tooOften = profile("POST", sessionId, user).json(body).send();
        assertThat(tooOften.status()).isEqualTo(429);
        assertThat(tooOften.json().get("cpo_result").asString()).isEqualTo("TOO_OFTEN");
        assertThat(api("GET", "/ocpi/2.2.1/sessions/job/" + jobId).send().json().get("charging_profile")
                .get("cpo_result").asString()).isEqualTo("TOO_OFTEN");
    }

    @Test
    void aCpoWithoutChargingProfilesIsSaidSo() {
        cpo.profileKnobs().offered(false);
        chargingRobotOfFleet("acme");
        String user = jwt(Map.of("fleet_id", "acme"), Instant.now().plusSeconds(300));
        var answer = profile("POST", sessionId, user).json("{\"max_charge_rate_kw\": 3.7}").send();
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().get("error").asString()).isEqualTo("charging_profiles_not_supported");
        assertThat(profile("DELETE", sessionId, user).send().status()).isEqualTo(409);
        assertThat(profile("GET", sessionId, user).send().json().get("status").asString()).isEqualTo("none");
    }

    /** OCPI 2.1.1 has no ChargingProfiles module: said as such, whatever the CPO's details list. */
    @Test
    void aCpoOnOcpi211IsSaidToHaveNoSmartCharging() {
        chargingRobotOfFleet("acme");
        // the connection as a 2.1.1 CPO's would be (its modules are translated at the edge)
        jdbc.sql("update connection set version = '2.1.1'").update();
        String user = jwt(Map.of("fleet_id", "acme"), Instant.now().plusSeconds(300));
        var answer = profile("POST", sessionId, user).json("{\"max_charge_rate_kw\": 3.7}").send();
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().get("error").asString()).isEqualTo("not_supported_by_partner_version");
        assertThat(answer.json().get("message").asString()).contains("OCPI 2.1.1");
        assertThat(cpo.chargingProfiles()).isEmpty();
    }

    @Test
    void theDepartureTimeGoesToTheCpoAsChargingPreferencesWhereTheEvseTakesThem() {
        cpo.offerChargingPreferences(true);
        chargingRobotOfFleet("acme");
        String user = jwt(Map.of("fleet_id", "acme"), Instant.now().plusSeconds(300));
        String departure = Instant.now().plus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        var set = profile("POST", sessionId, user).json("""
                {"max_charge_rate_kw": 11, "departure_time": "%s"}""".formatted(departure)).send();
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().get("preferences_result").asString()).isEqualTo("ACCEPTED");
        var preferences = cpo.chargingPreferences();
        assertThat(preferences).hasSize(1);
        assertThat(preferences.get(0)).containsEntry("session_id", ocpiSessionId)
                .containsEntry("profile_type", "REGULAR").containsEntry("departure_time", departure);

        var withoutDeparture = profile("POST", sessionId, user).json("{\"max_charge_rate_kw\": 7}").send();
        assertThat(withoutDeparture.status()).isEqualTo(200);
        assertThat(cpo.chargingPreferences()).as("nothing to prefer without a departure").hasSize(1);
    }

    @Test
    void aResultThatNeverComesEndsAsNoResultAndTooOftenIsRespected() {
        cpo.profileKnobs().asyncResult(null).timeoutSeconds(1);
        chargingRobotOfFleet("acme");
        String user = jwt(Map.of("fleet_id", "acme"), Instant.now().plusSeconds(300));
        var set = profile("POST", sessionId, user).json("{\"max_charge_rate_kw\": 11}").send();
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        // the CPO's timeout (1 s) plus our grace (0.5 s in tests)
        await().atMost(WAIT).until(() -> "no_result".equals(profile("GET", sessionId, user).send().json()
                .path("status").asString()));

        cpo.profileKnobs().syncResult("TOO_OFTEN");
        var tooOften = profile("POST", sessionId, user).json("{\"max_charge_rate_kw\": 9}").send();
        assertThat(tooOften.status()).isEqualTo(429);
        int sent = cpo.chargingProfiles().size();
        cpo.profileKnobs().syncResult("ACCEPTED");
        var again = profile("POST", sessionId, user).json("{\"max_charge_rate_kw\": 8}").send();
        assertThat(again.status()).isEqualTo(429);
        assertThat(again.json().get("error").asString()).isEqualTo("too_often");
        assertThat(cpo.chargingProfiles()).as("the CPO is left alone during the backoff").hasSize(sent);
    }

    private void chargingRobotOfFleet(String fleet) {
        String connectionId = registerWithSimulator();
        assertThat(api("POST", "/ocpi/2.2.1/locations/sync/" + connectionId).send().status()).isEqualTo(200);
        JsonNode asset = api("GET", "/v1/charging-assets?limit=1").send().json().get(0);
        var job = api("POST", "/v1/robot-jobs").json("""
                {"robot_id":"robot-1","job_type":"charging"%s}""".formatted(
                fleet == null ? "" : ",\"fleet_id\":\"" + fleet + "\"")).send();
        jobId = job.json().get("rollyy_id").asString();
        var started = api("POST", "/ocpi/2.2.1/commands/START_SESSION").json("""
                {"robot_job_id":"%s","asset_id":"%s"}""".formatted(jobId, asset.get("asset_id").asString())).send();
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        sessionId = started.json().get("session_id").asString();
        await().atMost(WAIT).until(() -> "active".equals(api("GET", "/ocpi/2.2.1/sessions/job/" + jobId).send().json()
                .path("status").asString()));
        ocpiSessionId = api("GET", "/ocpi/2.2.1/sessions/job/" + jobId).send().json().get("ocpi_session_id").asString();
    }

    private TestHttp.Request profile(String method, String session, String jwt) {
        var request = TestHttp.request(method, url("/v1/sessions/" + session + "/charging-profile"));
        return jwt == null ? request : request.header("Authorization", "Bearer " + jwt);
    }

    private static String jwt(Map<String, Object> claims, Instant expiry) {
        return jwt(claims, expiry, SECRET);
    }

    private static String jwt(Map<String, Object> claims, Instant expiry, String secret) {
        try {
            var builder = new JWTClaimsSet.Builder().subject("user-1")
                    .expirationTime(expiry == null ? null : Date.from(expiry))
                    .issueTime(Date.from(Instant.now().minusSeconds(900)));
            claims.forEach(builder::claim);
            var signed = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), builder.build());
            signed.sign(new MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return signed.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
