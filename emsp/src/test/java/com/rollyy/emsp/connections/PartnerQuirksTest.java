package com.rollyy.emsp.connections;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.FakeQuirkyCpo;
import com.rollyy.emsp.support.TestHttp;

/**
 * Partner quirk profiles (issue 14): set with PATCH /ocpi/connections/{id} {"quirks": {...}}, shown
 * in the connection view, and applied to every call to that partner, end to end against the CPO
 * simulator (page sizes, headers, latency, raw tokens) and {@link FakeQuirkyCpo} (internal Links,
 * enum values of a newer OCPI version, a versions endpoint that takes only raw tokens).
 */
class PartnerQuirksTest extends EmspIntegrationTest {

    private static final Pattern LIMIT = Pattern.compile("[?&]limit=(\\d+)");

    @Test
    void aNewConnectionHasTheSpecProfileAndAPatchChangesOnlyTheFieldsGiven() {
        String id = registerWithSimulator();
        JsonNode quirks = api("GET", "/ocpi/connections/" + id).send().json().get("quirks");
        assertThat(quirks.get("token_encoding").asString()).isEqualTo("base64");
        assertThat(absent(quirks, "page_size_cap")).isTrue();
        assertThat(quirks.get("routing_headers").asBoolean()).isTrue();
        assertThat(quirks.get("tolerate_newer_enums").asBoolean()).isFalse();
        assertThat(absent(quirks, "request_timeout")).isTrue();
        assertThat(quirks.get("rewrite_internal_links").asBoolean()).isFalse();

        var patched = api("PATCH", "/ocpi/connections/" + id).json("""
                {"quirks": {"page_size_cap": 50, "request_timeout": 15, "token_encoding": "raw"}}""").send();
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("raw_token").asBoolean()).as("token_encoding mirrors raw_token").isTrue();
        assertThat(patched.json().get("quirks").get("request_timeout").asString()).isEqualTo("PT15S");

        var second = api("PATCH", "/ocpi/connections/" + id).json("""
                {"quirks": {"routing_headers": false, "request_timeout": "PT1M"}}""").send();
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        JsonNode shown = api("GET", "/ocpi/connections/" + id).send().json().get("quirks");
        assertThat(shown.get("page_size_cap").asInt()).as("not given: unchanged").isEqualTo(50);
        assertThat(shown.get("token_encoding").asString()).isEqualTo("raw");
        assertThat(shown.get("routing_headers").asBoolean()).isFalse();
        assertThat(shown.get("request_timeout").asString()).isEqualTo("PT1M");
        JsonNode listed = api("GET", "/ocpi/connections").send().json().get(0).get("quirks");
        assertThat(listed).isEqualTo(shown);

        // raw_token still works, and shows in quirks
        api("PATCH", "/ocpi/connections/" + id).json("{\"raw_token\": false}").send();
        assertThat(api("GET", "/ocpi/connections/" + id).send().json().get("quirks").get("token_encoding").asString())
                .isEqualTo("base64");
        // null goes back to the default
        var reset = api("PATCH", "/ocpi/connections/" + id).json("""
                {"quirks": {"page_size_cap": null, "request_timeout": null}}""").send();
        assertThat(absent(reset.json().get("quirks"), "page_size_cap")).isTrue();
        assertThat(absent(reset.json().get("quirks"), "request_timeout")).isTrue();
        assertThat(reset.json().get("quirks").get("routing_headers").asBoolean()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"page_size_cap\": 0}|'quirks.page_size_cap'",
            "{\"page_size_cap\": 10001}|'quirks.page_size_cap'",
            "{\"page_size_cap\": \"50\"}|'quirks.page_size_cap'",
            "{\"page_size_cap\": 2.5}|'quirks.page_size_cap'",
            "{\"request_timeout\": 0}|'quirks.request_timeout'",
            "{\"request_timeout\": \"PT121S\"}|'quirks.request_timeout'",
            "{\"request_timeout\": \"soon\"}|'quirks.request_timeout'",
            "{\"token_encoding\": \"hex\"}|'quirks.token_encoding'",
            "{\"routing_headers\": \"no\"}|'quirks.routing_headers'",
            "{\"tolerate_newer_enums\": null}|'quirks.tolerate_newer_enums'",
            "{\"rewrite_internal_links\": 1}|'quirks.rewrite_internal_links'",
            "{\"page_size\": 50}|'quirks.page_size'",
            "[]|'quirks'"
    })
    void badValuesAre400NamingTheFieldAndChangeNothing(String testCase) {
        String[] parts = testCase.split("\\|");
        String id = registerWithSimulator();
        var response = api("PATCH", "/ocpi/connections/" + id).json("{\"quirks\": " + parts[0]
                + ", \"raw_token\": true}").send();
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("error").asString()).isEqualTo("invalid_request");
        assertThat(response.json().get("message").asString()).contains(parts[1]);
        JsonNode connection = api("GET", "/ocpi/connections/" + id).send().json();
        assertThat(connection.get("raw_token").asBoolean()).as("nothing changed").isFalse();
        assertThat(absent(connection.get("quirks"), "page_size_cap")).isTrue();
    }

    @Test
    void contradictingRawTokenAndTokenEncodingIsRefused() {
        String id = registerWithSimulator();
        var response = api("PATCH", "/ocpi/connections/" + id)
                .json("{\"raw_token\": false, \"quirks\": {\"token_encoding\": \"raw\"}}").send();
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("message").asString()).contains("'quirks.token_encoding'");
    }

    @Test
    void pageSizeCapLimitsEveryPageWeAskForAndRoutingHeadersCanBeSwitchedOff() {
        String id = registerWithSimulator();
        cpo.clearRequests();
        var patched = api("PATCH", "/ocpi/connections/" + id)
                .json("{\"quirks\": {\"page_size_cap\": 2, \"routing_headers\": false}}").send();
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);

        var pulled = api("POST", "/ocpi/2.2.1/locations/sync/" + id).send();
        assertThat(pulled.status()).as(pulled.toString()).isEqualTo(200);
        assertThat(pulled.json().get("synced").asInt()).isGreaterThan(2);

        var pages = cpo.requests().stream().filter(r -> r.pathWithoutQuery().equals("/ocpi/2.2.1/locations")).toList();
        assertThat(pages).as("pages of at most 2").hasSizeGreaterThan(1);
        for (var page : pages) {
            Matcher limit = LIMIT.matcher(page.path());
            assertThat(limit.find()).as(page.path()).isTrue();
            assertThat(Integer.parseInt(limit.group(1))).as(page.path()).isLessThanOrEqualTo(2);
        }
        assertThat(cpo.requests()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.header("OCPI-to-party-id")).as(r.path()).isNull();
            assertThat(r.header("OCPI-to-country-code")).as(r.path()).isNull();
            assertThat(r.header("OCPI-from-party-id")).as(r.path()).isNull();
        });

        // back on: the routing headers are sent again, the cap stays
        api("PATCH", "/ocpi/connections/" + id).json("{\"quirks\": {\"routing_headers\": true}}").send();
        cpo.clearRequests();
        assertThat(api("POST", "/ocpi/2.2.1/locations/sync/" + id).send().status()).isEqualTo(200);
        assertThat(cpo.requests()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.header("OCPI-to-party-id")).isEqualTo("SIM");
            Matcher limit = LIMIT.matcher(r.path());
            assertThat(limit.find() && Integer.parseInt(limit.group(1)) <= 2).as(r.path()).isTrue();
        });
    }

    @Test
    void requestTimeoutShorterThanThePartnersLatencyFailsThePullLongerSucceeds() {
        String id = registerWithSimulator();
        cpo.knobs().setLatencyMillis(1_500);

        api("PATCH", "/ocpi/connections/" + id).json("{\"quirks\": {\"request_timeout\": \"PT1S\"}}").send();
        long started = System.nanoTime();
        var failed = api("POST", "/ocpi/2.2.1/locations/sync/" + id).send();
        assertThat(failed.status()).as(failed.toString()).isEqualTo(422);
        assertThat(failed.json().get("message").asString()).contains("HttpTimeoutException");
        assertThat((System.nanoTime() - started) / 1_000_000).as("gave up after about a second").isLessThan(1_450);

        api("PATCH", "/ocpi/connections/" + id).json("{\"quirks\": {\"request_timeout\": 10}}").send();
        var pulled = api("POST", "/ocpi/2.2.1/locations/sync/" + id).send();
        assertThat(pulled.status()).as(pulled.toString()).isEqualTo(200);
        assertThat(pulled.json().get("synced").asInt()).isPositive();
    }

    @Test
    void internalLinksAreRefusedUnlessRewrittenToTheVersionsUrlsHost() {
        try (var quirky = FakeQuirkyCpo.start()) {
            quirky.internalLinks(true).serving(cpo.locationJson(1), cpo.locationJson(2), cpo.locationJson(3));
            String id = register(quirky);

            var refused = api("POST", "/ocpi/2.2.1/locations/sync/" + id).send();
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.json().get("message").asString()).contains("cpo-internal.invalid");

            api("PATCH", "/ocpi/connections/" + id).json("{\"quirks\": {\"rewrite_internal_links\": true}}").send();
            var pulled = api("POST", "/ocpi/2.2.1/locations/sync/" + id).send();
            assertThat(pulled.status()).as(pulled.toString()).isEqualTo(200);
            assertThat(pulled.json().get("synced").asInt()).isEqualTo(3);
            assertThat(quirky.received()).extracting(FakeQuirkyCpo.Received::pathAndQuery)
                    .contains("/2.2.1/locations?offset=1&limit=1", "/2.2.1/locations?offset=2&limit=1");
            assertThat(jdbc.sql("select count(*) from location where active").query(Long.class).single()).isEqualTo(3);
        }
    }

    @Test
    void unknownEnumValuesAreDroppedWithTheSwitchAndMakeTheObjectMalformedWithout() {
        ObjectNode newerFacility = (ObjectNode) TestHttp.parse(cpo.locationJson(1));
        newerFacility.putArray("facilities").add("HOTEL").add("BATTERY_SWAP_STATION");
        String fine = cpo.locationJson(2);
        ObjectNode newerStandard = (ObjectNode) TestHttp.parse(cpo.locationJson(3));
        ((ObjectNode) newerStandard.get("evses").get(0).get("connectors").get(0)).put("standard", "MCS_2030");
        try (var quirky = FakeQuirkyCpo.start()) {
            quirky.serving(newerFacility.toString(), fine, newerStandard.toString());
            String id = register(quirky);

            var strict = api("POST", "/ocpi/2.2.1/locations/sync/" + id).send();
            assertThat(strict.status()).as(strict.toString()).isEqualTo(200);
            assertThat(strict.json().get("synced").asInt()).isEqualTo(1);
            assertThat(strict.json().get("rejected").asInt()).isEqualTo(2);
            assertThat(stored(newerFacility.get("id").asString())).as("skipped as malformed").isNull();

            api("PATCH", "/ocpi/connections/" + id).json("{\"quirks\": {\"tolerate_newer_enums\": true}}").send();
            var tolerant = api("POST", "/ocpi/2.2.1/locations/sync/" + id).send();
            assertThat(tolerant.status()).as(tolerant.toString()).isEqualTo(200);
            assertThat(tolerant.json().get("updated").asInt()).as("the Location with a new facility").isEqualTo(1);
            assertThat(tolerant.json().get("unchanged").asInt()).isEqualTo(1);
            assertThat(tolerant.json().get("rejected").asInt()).as("a required enum stays required").isEqualTo(1);
            JsonNode kept = stored(newerFacility.get("id").asString());
            assertThat(kept).isNotNull();
            assertThat(kept.get("facilities").valueStream().map(JsonNode::asString).toList())
                    .as("the unknown value dropped").isEqualTo(List.of("HOTEL"));
            assertThat(stored(newerStandard.get("id").asString())).isNull();
        }
    }

    @Test
    void pushedObjectsWithUnknownEnumValuesAreAcceptedWithTheSwitchOnly() {
        String id = registerWithSimulator();
        ObjectNode location = (ObjectNode) TestHttp.parse(cpo.locationJson(4));
        location.putArray("facilities").add("BATTERY_SWAP_STATION").add("WIFI");
        String path = "/ocpi/2.2.1/locations/NL/SIM/" + location.get("id").asString();

        var strict = ocpi("PUT", path, cpo.tokenForEmsp()).json(location.toString()).send();
        assertThat(strict.ocpiStatus()).as(strict.toString()).isEqualTo(2001);
        assertThat(strict.json().get("status_message").asString()).contains("facilities");

        api("PATCH", "/ocpi/connections/" + id).json("{\"quirks\": {\"tolerate_newer_enums\": true}}").send();
        var tolerant = ocpi("PUT", path, cpo.tokenForEmsp()).json(location.toString()).send();
        assertThat(tolerant.ocpiStatus()).as(tolerant.toString()).isEqualTo(1000);
        assertThat(stored(location.get("id").asString()).get("facilities").valueStream().map(JsonNode::asString)
                .toList()).isEqualTo(List.of("WIFI"));

        // a required enum we do not know still refuses the object
        ((ObjectNode) location.get("evses").get(0)).put("status", "SLEEPING");
        var required = ocpi("PUT", path, cpo.tokenForEmsp()).json(location.toString()).send();
        assertThat(required.ocpiStatus()).as(required.toString()).isEqualTo(2001);
        assertThat(required.json().get("status_message").asString()).contains("status");
    }

    @Test
    void aPeerAuthenticatingWithARawTokenGetsOursRawFromThenOn() throws Exception {
        cpo.knobs().setSendRawTokens(true);
        cpo.registerWith(versionsUrl(), invite());
        JsonNode connection = api("GET", "/ocpi/connections").send().json().get(0);
        assertThat(connection.get("raw_token").asBoolean()).isTrue();
        assertThat(connection.get("quirks").get("token_encoding").asString()).isEqualTo("raw");

        cpo.clearRequests();
        var pulled = api("POST", "/ocpi/2.2.1/locations/sync/" + connection.get("id").asString()).send();
        assertThat(pulled.status()).as(pulled.toString()).isEqualTo(200);
        assertThat(cpo.requests()).isNotEmpty().allSatisfy(r ->
                assertThat(r.header("Authorization")).isEqualTo("Token " + cpo.tokenIssuedToEmsp()));
    }

    @Test
    void aVersionsEndpointTakingOnlyRawTokensMakesTheConnectionSendItRaw() {
        try (var quirky = FakeQuirkyCpo.start()) {
            quirky.rawTokensOnly(true);
            String id = register(quirky);
            JsonNode connection = api("GET", "/ocpi/connections/" + id).send().json();
            assertThat(connection.get("quirks").get("token_encoding").asString()).isEqualTo("raw");
            assertThat(quirky.received()).filteredOn(r -> r.pathAndQuery().equals("/2.2.1/credentials"))
                    .extracting(FakeQuirkyCpo.Received::authorization).containsExactly("Token " + quirky.tokenA());
        }
    }

    private String register(FakeQuirkyCpo quirky) {
        var response = api("POST", "/ocpi/register").json("""
                {"cpo_name":"Quirky CPO","versions_url":"%s","token":"%s"}"""
                .formatted(quirky.versionsUrl(), quirky.tokenA())).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("connection_id").asString();
    }

    /** Null fields are left out of our answers. */
    private static boolean absent(JsonNode object, String field) {
        return object.path(field).isMissingNode() || object.path(field).isNull();
    }

    private JsonNode stored(String locationId) {
        return jdbc.sql("select doc::text from location where id = ?").param(locationId).query(String.class).optional()
                .map(TestHttp::parse).orElse(null);
    }
}
