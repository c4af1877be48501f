package com.rollyy.cposim;

import static com.rollyy.cposim.TestHttp.base64;
import static com.rollyy.cposim.TestHttp.envelope;
import static com.rollyy.cposim.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /ocpi/2.2.1/locations[...] and /tariffs as the registered eMSP sees them. */
class SenderInterfaceTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    private CpoSimulator sim;
    private FakeEmsp emsp;
    private String token;

    @BeforeEach
    void start() throws Exception {
        sim = CpoSimulator.start();
        emsp = new FakeEmsp();
        emsp.accepted.add("emsp-token-a");
        sim.registerWith(emsp.versionsUrl(), "emsp-token-a");
        token = sim.tokenIssuedToEmsp();
    }

    @AfterEach
    void stop() {
        sim.close();
        emsp.close();
    }

    private HttpResponse<String> get(String url) {
        return send("GET", url, base64(token), null);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> data(HttpResponse<String> response) {
        return (List<Map<String, Object>>) envelope(response).get("data");
    }

    private static List<String> ids(HttpResponse<String> response) {
        return data(response).stream().map(item -> (String) item.get("id")).toList();
    }

    private static String next(HttpResponse<String> response) {
        String link = response.headers().firstValue("Link").orElse(null);
        if (link == null) {
            return null;
        }
        Matcher matcher = NEXT.matcher(link);
        assertThat(matcher.matches()).as(link).isTrue();
        return matcher.group(1);
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void firstPageOfTheDefaultDatasetIsEverything() {
        HttpResponse<String> response = get(sim.locationsUrl());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).isEqualTo("application/json");
        Map<String, Object> envelope = envelope(response);
        assertThat(envelope).containsEntry("status_code", 1000).containsKey("timestamp");
        assertThat(ids(response)).containsExactly("LOC000001", "LOC000002", "LOC000003", "LOC000004",
                "LOC000005", "LOC000006", "LOC000007", "LOC000008", "LOC000009", "LOC000010");
        assertThat(header(response, "X-Total-Count")).isEqualTo("10");
        assertThat(header(response, "X-Limit")).isEqualTo("100");
        assertThat(header(response, "Link")).isNull();
        // the list holds exactly the objects served one by one
        assertThat(TestHttp.json(data(response).get(4))).isEqualTo(sim.locationJson(5));
    }

    @Test
    void pagesFollowTheLinkAndTheLastOneHasNone() {
        HttpResponse<String> first = get(sim.locationsUrl() + "?limit=4");
        assertThat(ids(first)).containsExactly("LOC000001", "LOC000002", "LOC000003", "LOC000004");
        assertThat(next(first)).isEqualTo(sim.locationsUrl() + "?offset=4&limit=4");
        assertThat(header(first, "X-Total-Count")).isEqualTo("10");
        assertThat(header(first, "X-Limit")).isEqualTo("100");

        HttpResponse<String> second = get(next(first));
        assertThat(ids(second)).containsExactly("LOC000005", "LOC000006", "LOC000007", "LOC000008");

        HttpResponse<String> last = get(next(second));
        assertThat(ids(last)).containsExactly("LOC000009", "LOC000010");
        assertThat(header(last, "Link")).isNull();
        assertThat(header(last, "X-Total-Count")).isEqualTo("10");
    }

    @Test
    void aPageEndingExactlyAtTheEndHasNoLink() {
        HttpResponse<String> response = get(sim.locationsUrl() + "?offset=5&limit=5");

        assertThat(ids(response)).hasSize(5).endsWith("LOC000010");
        assertThat(header(response, "Link")).isNull();
    }

    @Test
    void beyondTheEndIsAnEmptyPageWithoutLink() {
        for (String query : List.of("?offset=10", "?offset=50&limit=5")) {
            HttpResponse<String> response = get(sim.locationsUrl() + query);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(envelope(response)).containsEntry("status_code", 1000);
            assertThat(data(response)).isEmpty();
            assertThat(header(response, "X-Total-Count")).isEqualTo("10");
            assertThat(header(response, "Link")).isNull();
        }
    }

    @Test
    void limitAboveTheMaximumIsCappedAndXLimitShowsTheMaximum() {
        sim.knobs().setMaxPageSize(3);

        HttpResponse<String> response = get(sim.locationsUrl() + "?limit=2000");

        assertThat(ids(response)).containsExactly("LOC000001", "LOC000002", "LOC000003");
        assertThat(header(response, "X-Limit")).isEqualTo("3");
        assertThat(next(response)).isEqualTo(sim.locationsUrl() + "?offset=3&limit=3");
        // a smaller limit is honoured, X-Limit still shows the server's maximum
        HttpResponse<String> small = get(sim.locationsUrl() + "?limit=2");
        assertThat(ids(small)).hasSize(2);
        assertThat(header(small, "X-Limit")).isEqualTo("3");
    }

    @Test
    void dateFromIsInclusiveDateToExclusiveAndBothStayInTheLink() {
        // Location i was last updated at 2026-01-01T00:00:00Z plus i minutes
        String url = sim.locationsUrl() + "?date_from=2026-01-01T00:03:00Z&date_to=2026-01-01T00:07:00Z&limit=2";

        HttpResponse<String> first = get(url);

        assertThat(ids(first)).containsExactly("LOC000003", "LOC000004");
        assertThat(header(first, "X-Total-Count")).isEqualTo("4");
        assertThat(next(first)).isEqualTo(sim.locationsUrl()
                + "?date_from=2026-01-01T00:03:00Z&date_to=2026-01-01T00:07:00Z&offset=2&limit=2");
        HttpResponse<String> second = get(next(first));
        assertThat(ids(second)).containsExactly("LOC000005", "LOC000006");
        assertThat(header(second, "Link")).isNull();
    }

    @Test
    void dateTimesWithoutZoneOrWithFractionsAreUtc() {
        assertThat(ids(get(sim.locationsUrl() + "?date_from=2026-01-01T00:09:00"))).containsExactly("LOC000009",
                "LOC000010");
        assertThat(ids(get(sim.locationsUrl() + "?date_from=2026-01-01T00:08:59.999Z&date_to=2026-01-01T00:09:00.001")))
                .containsExactly("LOC000009");
        // percent-encoded input is decoded, and the Link carries the filter again
        HttpResponse<String> encoded = get(sim.locationsUrl() + "?date_from=2026-01-01T00%3A01%3A00Z&limit=1");
        assertThat(ids(encoded)).containsExactly("LOC000001");
        assertThat(next(encoded)).contains("date_from=2026-01-01T00:01:00Z&offset=1&limit=1");
    }

    @Test
    void invalidParametersAre2001() {
        for (String query : List.of("?offset=-1", "?limit=0", "?limit=ten", "?date_from=yesterday",
                "?date_to=2026-13-01T00:00:00Z")) {
            HttpResponse<String> response = get(sim.locationsUrl() + query);
            assertThat(response.statusCode()).as(query).isEqualTo(200);
            assertThat(envelope(response)).as(query).containsEntry("status_code", 2001).doesNotContainKey("data");
        }
    }

    @Test
    void changesAreVisibleToAnIncrementalPull() {
        Instant later = Instant.parse("2026-02-01T10:00:00Z");
        sim.touchLocation(2, later);
        sim.setEvseStatus(7, 3, "CHARGING", later.plusSeconds(60));

        HttpResponse<String> changed = get(sim.locationsUrl() + "?date_from=2026-02-01T00:00:00Z");

        assertThat(ids(changed)).containsExactly("LOC000002", "LOC000007");
        assertThat(header(changed, "X-Total-Count")).isEqualTo("2");
        assertThat(data(changed).get(0)).containsEntry("last_updated", "2026-02-01T10:00:00Z");
        assertThat(data(changed).get(1)).containsEntry("last_updated", "2026-02-01T10:01:00Z");
        Map<String, Object> evse = envelopeData(get(sim.locationsUrl() + "/LOC000007/LOC000007-E3"));
        assertThat(evse).containsEntry("status", "CHARGING").containsEntry("last_updated", "2026-02-01T10:01:00Z");
        // a full pull keeps the order by index
        assertThat(ids(get(sim.locationsUrl() + "?date_to=2026-01-01T00:04:00Z"))).containsExactly("LOC000001",
                "LOC000003");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> envelopeData(HttpResponse<String> response) {
        return (Map<String, Object>) envelope(response).get("data");
    }

    @Test
    void singleLocationEvseAndConnector() {
        HttpResponse<String> location = get(sim.locationsUrl() + "/LOC000003");
        assertThat(location.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(envelopeData(location))).isEqualTo(sim.locationJson(3));

        HttpResponse<String> evse = get(sim.locationsUrl() + "/LOC000003/LOC000003-E2/");
        assertThat(TestHttp.json(envelopeData(evse))).isEqualTo(sim.evseJson(3, 2));

        HttpResponse<String> connector = get(sim.locationsUrl() + "/loc000003/LOC000003-E2/1");
        assertThat(envelopeData(connector)).containsEntry("id", "1").containsKey("standard");
        assertThat(header(connector, "Link")).isNull();
    }

    @Test
    void unknownLocationEvseOrConnectorIs404WithEnvelope() {
        Map<String, Integer> expected = Map.of(
                "/LOC000011", 2003,
                "/LOC1", 2003,
                "/nothing", 2003,
                "/LOC000001/LOC000001-E4", 2000,
                "/LOC000001/LOC000002-E1", 2000,
                "/LOC000001/LOC000001-E1/9", 2000,
                "/LOC000001/LOC000001-E1/1/extra", 2000);
        expected.forEach((path, code) -> {
            HttpResponse<String> response = get(sim.locationsUrl() + path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(envelope(response)).as(path).containsEntry("status_code", code).containsKey("timestamp")
                    .doesNotContainKey("data");
        });
        assertThat(get(sim.tariffsUrl() + "/TARIFF1").statusCode()).isEqualTo(404);
    }

    @Test
    void onlyTheRegisteredTokenIsAccepted() {
        for (String url : List.of(sim.locationsUrl(), sim.locationsUrl() + "/LOC000001", sim.tariffsUrl())) {
            HttpResponse<String> tokenA = send("GET", url, base64(sim.tokenA()), null);
            assertThat(tokenA.statusCode()).as(url).isEqualTo(401);
            assertThat(envelope(tokenA)).containsEntry("status_code", 2000);
            assertThat(send("GET", url, null, null).statusCode()).isEqualTo(401);
            assertThat(send("GET", url, base64("who-knows"), null).statusCode()).isEqualTo(401);
            assertThat(get(url).statusCode()).isEqualTo(200);
        }
        // a fresh simulator's token A was never spent: still refused here
        try (CpoSimulator fresh = CpoSimulator.start()) {
            assertThat(send("GET", fresh.locationsUrl(), base64(fresh.tokenA()), null).statusCode()).isEqualTo(401);
            assertThat(send("GET", fresh.tariffsUrl(), base64(fresh.tokenA()), null).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void onlyGetIsAllowed() {
        HttpResponse<String> response = send("PUT", sim.locationsUrl() + "/LOC000001", base64(token), "{}");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(envelope(response)).containsEntry("status_code", 2000);
    }

    @Test
    void responsesCarryRoutingAndMessageIdHeaders() {
        HttpResponse<String> response = send("GET", sim.locationsUrl(), base64(token), null,
                Map.of("X-Request-ID", "r-1", "X-Correlation-ID", "c-1"));

        assertThat(header(response, "X-Request-ID")).isEqualTo("r-1");
        assertThat(header(response, "X-Correlation-ID")).isEqualTo("c-1");
        assertThat(header(response, "OCPI-from-country-code")).isEqualTo("NL");
        assertThat(header(response, "OCPI-from-party-id")).isEqualTo("SIM");
        assertThat(header(response, "OCPI-to-country-code")).isEqualTo("DE");
        assertThat(header(response, "OCPI-to-party-id")).isEqualTo("RLY");

        HttpResponse<String> addressed = send("GET", sim.tariffsUrl(), base64(token), null,
                Map.of("OCPI-from-country-code", "FR", "OCPI-from-party-id", "XYZ"));
        assertThat(header(addressed, "OCPI-to-country-code")).isEqualTo("FR");
        assertThat(header(addressed, "OCPI-to-party-id")).isEqualTo("XYZ");
    }

    @Test
    void tariffsArePaginatedToo() {
        HttpResponse<String> first = get(sim.tariffsUrl() + "?limit=2");

        assertThat(ids(first)).containsExactly("TARIFF1", "TARIFF2");
        assertThat(header(first, "X-Total-Count")).isEqualTo("3");
        assertThat(next(first)).isEqualTo(sim.tariffsUrl() + "?offset=2&limit=2");
        HttpResponse<String> last = get(next(first));
        assertThat(ids(last)).containsExactly("TARIFF3");
        assertThat(header(last, "Link")).isNull();
        assertThat(data(last).get(0)).isEqualTo(TestHttp.JSON.readValue(sim.tariffJson(3), Map.class));
        // Tariff i was last updated at 2025-12-01T00:00:00Z plus i hours
        assertThat(ids(get(sim.tariffsUrl() + "?date_from=2025-12-01T02:00:00Z"))).containsExactly("TARIFF2", "TARIFF3");
    }

    @Test
    void aLargeDatasetIsPulledCompletelyByFollowingLinks() throws Exception {
        try (CpoSimulator big = CpoSimulator.start(SimulatorConfig.defaults().withLocationCount(2500))) {
            try (FakeEmsp other = new FakeEmsp()) {
                other.accepted.add("other-a");
                big.registerWith(other.versionsUrl(), "other-a");
            }
            big.knobs().setMaxPageSize(1000);
            String bigToken = big.tokenIssuedToEmsp();
            List<String> all = new ArrayList<>();
            String url = big.locationsUrl() + "?limit=5000";
            int pages = 0;
            long started = System.nanoTime();
            while (url != null) {
                HttpResponse<String> page = send("GET", url, base64(bigToken), null);
                assertThat(header(page, "X-Total-Count")).isEqualTo("2500");
                assertThat(header(page, "X-Limit")).isEqualTo("1000");
                all.addAll(ids(page));
                url = next(page);
                pages++;
            }
            System.out.printf("[timing] pulled 2500 locations in %d pages over HTTP in %.1f ms%n", pages,
                    (System.nanoTime() - started) / 1e6);
            assertThat(pages).isEqualTo(3);
            assertThat(all).hasSize(2500).doesNotHaveDuplicates().startsWith("LOC000001").endsWith("LOC002500");
        }
    }
}
