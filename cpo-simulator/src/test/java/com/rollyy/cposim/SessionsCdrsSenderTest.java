package com.rollyy.cposim;

import static com.rollyy.cposim.TestHttp.base64;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import com.rollyy.cposim.sessions.CdrToken;

/** GET /ocpi/2.2.1/sessions and /cdrs: filters on last_updated, pagination like the other Sender lists. */
class SessionsCdrsSenderTest extends CycleTestSupport {

    private static final String EPOCH = "1970-01-01T00:00:00Z";

    @BeforeEach
    void fiveSessionsThreeEnded() throws Exception {
        CdrToken token = new CdrToken("DE", "RLY", "RFID-1", "RFID", "DE-RLY-C00000002-3");
        for (int i = 0; i < 5; i++) {
            String id = sim.startSessionWithoutCommand(token, "WHITELIST", null, ac().locationId(), null, null).id();
            if (i < 3) {
                sim.advanceSession(id, BigDecimal.ONE, Duration.ofMinutes(6));
                sim.stopSession(id);
            }
            Thread.sleep(3);  // distinct last_updated values, so date_to can split them
        }
    }

    private HttpResponse<String> get(String url) {
        return TestHttp.send("GET", url, base64(token), null);
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(HttpResponse<String> response) {
        return ((List<Map<String, Object>>) TestHttp.envelope(response).get("data")).stream()
                .map(item -> (String) item.get("id")).toList();
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void sessionsNeedDateFrom() {
        HttpResponse<String> response = get(sim.sessionsUrl());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestHttp.envelope(response)).containsEntry("status_code", 2001)
                .containsEntry("status_message", "date_from is required");
    }

    @Test
    void sessionsArePagedOldestUpdateFirst() {
        // the two still running were updated last (at their start); the ended ones when they ended
        HttpResponse<String> first = get(sim.sessionsUrl() + "?date_from=" + EPOCH + "&limit=2");

        assertThat(ids(first)).containsExactly("SIM-S-1", "SIM-S-2");
        assertThat(header(first, "X-Total-Count")).isEqualTo("5");
        assertThat(header(first, "X-Limit")).isEqualTo("100");
        assertThat(header(first, "Link")).isEqualTo("<" + sim.sessionsUrl() + "?date_from=" + EPOCH
                + "&offset=2&limit=2>; rel=\"next\"");
        HttpResponse<String> second = get(sim.sessionsUrl() + "?date_from=" + EPOCH + "&offset=2&limit=2");
        assertThat(ids(second)).containsExactly("SIM-S-3", "SIM-S-4");
        HttpResponse<String> last = get(sim.sessionsUrl() + "?date_from=" + EPOCH + "&offset=4&limit=2");
        assertThat(ids(last)).containsExactly("SIM-S-5");
        assertThat(header(last, "Link")).isNull();
        // exactly what the simulator holds
        assertThat((JsonNode) TestHttp.JSON.valueToTree(((List<?>) TestHttp.envelope(last).get("data")).get(0)))
                .isEqualTo(TestHttp.JSON.readTree(sim.session("SIM-S-5").orElseThrow().json()));
        assertThat(header(first, "OCPI-from-party-id")).isEqualTo("SIM");
    }

    @Test
    void dateFromIsInclusiveAndDateToExclusive() {
        String third = sim.session("SIM-S-3").orElseThrow().lastUpdated().toString();
        String fifth = sim.session("SIM-S-5").orElseThrow().lastUpdated().toString();

        assertThat(ids(get(sim.sessionsUrl() + "?date_from=" + third))).containsExactly("SIM-S-3", "SIM-S-4", "SIM-S-5");
        HttpResponse<String> window = get(sim.sessionsUrl() + "?date_from=" + EPOCH + "&date_to=" + third);
        assertThat(ids(window)).containsExactly("SIM-S-1", "SIM-S-2");
        assertThat(header(window, "X-Total-Count")).isEqualTo("2");
        assertThat(ids(get(sim.sessionsUrl() + "?date_from=" + fifth + "&date_to=" + fifth))).isEmpty();
    }

    @Test
    void cdrsNeedNoDateFromAndFollowMaxPageSize() {
        sim.knobs().setMaxPageSize(2);

        HttpResponse<String> first = get(sim.cdrsUrl() + "?limit=50");

        assertThat(TestHttp.envelope(first)).containsEntry("status_code", 1000);
        assertThat(ids(first)).containsExactly("SIM-C-1", "SIM-C-2");
        assertThat(header(first, "X-Limit")).isEqualTo("2");
        assertThat(header(first, "X-Total-Count")).isEqualTo("3");
        assertThat(header(first, "Link")).isEqualTo("<" + sim.cdrsUrl() + "?offset=2&limit=2>; rel=\"next\"");
        assertThat(ids(get(sim.cdrsUrl() + "?offset=2&limit=2"))).containsExactly("SIM-C-3");
        String second = sim.cdrs().get(1).lastUpdated().toString();
        assertThat(ids(get(sim.cdrsUrl() + "?date_from=" + second))).containsExactly("SIM-C-2", "SIM-C-3");
        assertThat((JsonNode) TestHttp.JSON.valueToTree(((List<?>) TestHttp.envelope(first).get("data")).get(0)))
                .isEqualTo(TestHttp.JSON.readTree(sim.cdrs().get(0).json()));
    }

    @Test
    void badParametersAndMethods() {
        assertThat(TestHttp.envelope(get(sim.cdrsUrl() + "?offset=-1"))).containsEntry("status_code", 2001);
        assertThat(TestHttp.envelope(get(sim.sessionsUrl() + "?date_from=yesterday"))).containsEntry("status_code", 2001);
        assertThat(TestHttp.send("POST", sim.cdrsUrl(), base64(token), "{}").statusCode()).isEqualTo(405);
        assertThat(TestHttp.send("GET", sim.sessionsUrl() + "?date_from=" + EPOCH, base64(sim.tokenA()), null)
                .statusCode()).isEqualTo(401);
    }
}
