package com.rollyy.cposim;

import static com.rollyy.cposim.TestHttp.base64;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.rollyy.cposim.chargingprofiles.ReceivedProfile;

/** The ChargingProfiles Receiver: answers per knob, results at response_url, ActiveChargingProfile PUT. */
class ChargingProfilesTest extends CycleTestSupport {

    private static final Map<String, Object> PROFILE = Map.of("charging_rate_unit", "W",
            "charging_profile_period", List.of(Map.of("start_period", 0, "limit", 7400)));

    @Test
    void anAcceptedProfileIsConfirmedThenReportedAsActiveAndCleared() throws Exception {
        String sessionId = startSession(ac(), "AUTH-P");
        emsp.seen.clear();
        String resultUrl = emsp.url("/emsp/2.2.1/chargingprofiles/results/1");

        HttpResponse<String> put = send("PUT", sessionId, "", Map.of("charging_profile", PROFILE, "response_url", resultUrl));
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(data(put)).isEqualTo(Map.of("result", "ACCEPTED", "timeout", 30));
        FakeEmsp.await("result and active profile", () -> emsp.moduleCalls().size() == 2);
        var calls = emsp.moduleCalls();
        assertThat(calls.get(0).method()).isEqualTo("POST");
        assertThat(calls.get(0).path()).isEqualTo("/emsp/2.2.1/chargingprofiles/results/1");
        assertThat(calls.get(0).body()).isEqualTo("{\"result\":\"ACCEPTED\"}");
        assertThat(calls.get(1).method()).isEqualTo("PUT");
        assertThat(calls.get(1).path()).isEqualTo("/emsp/2.2.1/chargingprofiles/" + sessionId);
        assertThat(calls.get(1).body()).contains("\"limit\":7400").contains("start_date_time");

        HttpResponse<String> delete = send("DELETE", sessionId, "?response_url="
                + URLEncoder.encode(emsp.url("/emsp/2.2.1/chargingprofiles/results/2"), StandardCharsets.UTF_8), null);
        assertThat(data(delete)).containsEntry("result", "ACCEPTED");
        FakeEmsp.await("clear result", () -> emsp.moduleCalls().size() == 3);
        assertThat(emsp.moduleCalls().get(2).path()).isEqualTo("/emsp/2.2.1/chargingprofiles/results/2");

        assertThat(sim.chargingProfiles()).extracting(ReceivedProfile::method).containsExactly("PUT", "DELETE");
        assertThat(sim.chargingProfiles().get(1).responseUrl()).endsWith("/results/2");
    }

    @Test
    void knobsUnknownSessionsAndMalformedRequests() throws Exception {
        String sessionId = startSession(ac(), "AUTH-Q");
        String resultUrl = emsp.url("/emsp/2.2.1/chargingprofiles/results/x");
        var body = Map.<String, Object>of("charging_profile", PROFILE, "response_url", resultUrl);

        assertThat(data(send("PUT", "SIM-S-999", "", body))).containsEntry("result", "UNKNOWN_SESSION");
        for (String answer : List.of("REJECTED", "NOT_SUPPORTED", "TOO_OFTEN")) {
            sim.profileKnobs().syncResult(answer);
            assertThat(data(send("PUT", sessionId, "", body))).containsEntry("result", answer);
        }
        sim.profileKnobs().syncResult("ACCEPTED").asyncResult(null);
        assertThat(data(send("PUT", sessionId, "", body))).containsEntry("result", "ACCEPTED");

        HttpResponse<String> bad = send("PUT", sessionId, "", Map.of("charging_profile",
                Map.of("charging_rate_unit", "kW"), "response_url", resultUrl));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(TestHttp.envelope(bad)).containsEntry("status_code", 2001);
        Thread.sleep(300);
        assertThat(emsp.moduleCalls()).noneMatch(s -> s.path().contains("chargingprofiles"));

        sim.profileKnobs().offered(false);
        assertThat(send("PUT", sessionId, "", body).statusCode()).isEqualTo(404);
        HttpResponse<String> details = TestHttp.send("GET", sim.versionsUrl().replace("/versions", "/2.2.1"),
                base64(token), null);
        assertThat(details.body()).doesNotContain("chargingprofiles");
        sim.profileKnobs().offered(true);
        assertThat(TestHttp.send("GET", sim.versionsUrl().replace("/versions", "/2.2.1"), base64(token), null).body())
                .contains("\"identifier\":\"chargingprofiles\",\"role\":\"RECEIVER\"");
    }

    private HttpResponse<String> send(String method, String sessionId, String query, Map<String, Object> body) {
        return TestHttp.send(method, sim.versionsUrl().replace("/versions", "/2.2.1") + "/chargingprofiles/"
                + sessionId + query, base64(token), body == null ? null : TestHttp.json(body));
    }
}
