package com.rollyy.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rollyy.emsp.support.DbSnapshot;
import com.rollyy.emsp.support.Fixtures;
import com.rollyy.emsp.support.RawHttp;
import com.rollyy.emsp.support.TestHttp;

/**
 * Hostile requests on every OCPI endpoint we serve (table in {@link HostileTestSupport#endpoints()}):
 * bad or missing tokens, a spent token A, bodies that are not JSON, too deep, too large or of the
 * wrong type, and ids in the path that are no ids at all. Each must get its OCPI answer (the
 * envelope, the status code of docs/ocpi-conformance.md "Hostile input") and leave every table
 * exactly as it was.
 */
class HostileInputTest extends HostileTestSupport {

    /** A refusal reaching the OCPI layer is HTTP 200 with 2001; one before it, 400 or 404. */
    private static final Set<Integer> REFUSED = Set.of(200, 400, 404);

    @BeforeEach
    void setUp() throws Exception {
        world();
    }

    @Test
    void missingMalformedOrUnknownTokensAre401OnEveryEndpoint() {
        String valid = Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("missing", null);
        headers.put("scheme only", "Token");
        headers.put("not base64", "Token !!!not*base64!!!");
        headers.put("percent garbage", "Token %%%%%%");
        headers.put("unknown token", TestHttp.tokenHeader("no-such-token-" + token));
        headers.put("wrong scheme", "Bearer " + valid);
        headers.put("basic auth", "Basic " + Base64.getEncoder().encodeToString("user:pass".getBytes(StandardCharsets.UTF_8)));
        headers.put("corrupted base64", "Token " + valid.substring(0, 10) + (valid.charAt(10) == 'A' ? 'B' : 'A')
                + valid.substring(11));
        headers.put("4,000 characters", "Token " + "A".repeat(4000));
        headers.put("token with a control character", TestHttp.tokenHeader(token + "\u0007"));
        headers.put("empty quotes", "Token \"\"");
        List<Case> cases = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            headers.forEach((name, header) -> {
                Map<String, String> h = new LinkedHashMap<>();
                if (header != null) {
                    h.put("Authorization", header);
                }
                cases.add(new Case(e + " with " + name + " token", e.method(), e.path(), e.hasBody() ? json(h) : h,
                        e.body(), Set.of(401), 2000, "Authorization token"));
            });
        }
        assertThat(run(cases)).isEmpty();
    }

    @Test
    void aSpentTokenAIsDeadOnEveryEndpointAndAReplayedRegistrationChangesNothing() {
        List<Case> cases = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            for (var header : List.of(TestHttp.tokenHeader(tokenA), "Token " + tokenA)) {
                var h = Map.of("Authorization", header);
                cases.add(new Case(e + " with the spent token A" + (header.endsWith(tokenA) ? " (raw)" : ""), e.method(),
                        e.path(), e.hasBody() ? json(h) : h, e.body(), Set.of(401), 2000, "Authorization token"));
            }
        }
        // the registration replayed as it was first sent, token A and all
        cases.add(new Case("replayed POST credentials with token A", "POST", "/ocpi/2.2.1/credentials",
                json(Map.of("Authorization", TestHttp.tokenHeader(tokenA))),
                credentials(cpo.tokenIssuedToEmsp(), cpo.versionsUrl()), Set.of(401), 2000, null));
        assertThat(run(cases)).isEmpty();
        assertThat(ocpi("GET", "/ocpi/2.2.1/sessions/NL/SIM/S1", token).send().ocpiStatus())
                .as("the connection's own token still works").isEqualTo(1000);
    }

    @Test
    void aPendingTokenAOpensOnlyVersionsDetailsAndCredentials() {
        String pending = invite();
        List<Case> cases = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            String p = e.path();
            if (p.equals("/ocpi/versions") || p.equals("/ocpi/2.2.1/details") || p.equals("/ocpi/2.2.1/credentials")) {
                continue;
            }
            var h = Map.of("Authorization", TestHttp.tokenHeader(pending));
            cases.add(new Case(e + " with a pending token A", e.method(), p, e.hasBody() ? json(h) : h, e.body(),
                    Set.of(401), 2000, "registration token"));
        }
        var h = Map.of("Authorization", TestHttp.tokenHeader(pending));
        cases.add(new Case("PUT credentials with a pending token A", "PUT", "/ocpi/2.2.1/credentials", json(h),
                credentials("tok-x", cpo.versionsUrl()), Set.of(405), 2000, null));
        cases.add(new Case("DELETE credentials with a pending token A", "DELETE", "/ocpi/2.2.1/credentials", h, null,
                Set.of(405), 2000, null));
        assertThat(run(cases)).isEmpty();
    }

    @Test
    void bodiesThatAreNotJsonTooDeepTooLargeOrOfTheWrongShapeAreRefused() {
        String deepArrays = "[".repeat(10_000) + "]".repeat(10_000);
        String deepObjects = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        String huge = "{\"remark\":\"" + "x".repeat(1_048_600) + "\"}";
        List<Case> cases = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            if (!e.hasBody()) {
                continue;
            }
            var h = auth();
            String m = e.method();
            String p = e.path();
            cases.add(new Case(e + " as text/plain", m, p, with(h, "Content-Type", "text/plain"), e.body(),
                    Set.of(415), 2001, "Content-Type"));
            cases.add(new Case(e + " as XML", m, p, with(h, "Content-Type", "application/xml"), "<location/>",
                    Set.of(415), 2001, "Content-Type"));
            cases.add(new Case(e + " without Content-Type", m, p, h, e.body(), Set.of(415), 2001, "Content-Type"));
            cases.add(new Case(e + " with truncated JSON", m, p, json(h), e.body().substring(0, e.body().length() / 2),
                    Set.of(400), 2001, "Malformed JSON"));
            cases.add(new Case(e + " with 10,000 nested objects", m, p, json(h), deepObjects, Set.of(400), 2001,
                    "nesting depth"));
            cases.add(new Case(e + " with 10,000 nested arrays", m, p, json(h), deepArrays, Set.of(200, 400), 2001,
                    null));
            cases.add(new Case(e + " over the size limit", m, p, json(h), huge, Set.of(413), 2001, "larger than"));
            cases.add(new Case(e + " with an escaped NUL", m, p, json(h), "{\"id\":\"A\\u0000\"}", Set.of(200), 2001,
                    "U+0000"));
            cases.add(new Case(e + " with a number out of range", m, p, json(h), "{\"kwh\":1e400}", Set.of(200), 2001,
                    "Number out of range"));
            if (!p.endsWith("/authorize")) { // its body is optional
                cases.add(new Case(e + " with an empty body", m, p, json(h), "", Set.of(400), 2001, null));
            }
            for (String shape : List.of("[]", "\"text\"", "42", "true")) {
                cases.add(new Case(e + " with body " + shape, m, p, json(h), shape, Set.of(200, 400), 2001, null));
            }
        }
        assertThat(run(cases)).isEmpty();
    }

    @Test
    void oddIdsInPathsAreRefusedWithTheEnvelopeAndNothingIsStored() {
        // segment as sent → the id it decodes to (null: the server must refuse before decoding)
        Map<String, String> segments = new LinkedHashMap<>();
        segments.put("..", "..");
        segments.put("%2e%2e", "..");
        segments.put(".", ".");
        segments.put("%2E", ".");
        segments.put("a%2Fb", "a/b");
        segments.put("a%5Cb", "a\\b");
        segments.put("%00", "\u0000");
        segments.put("a%0Ab", "a\nb");
        segments.put("%0D%0ASet-Cookie:x=1", "\r\nSet-Cookie:x=1");
        segments.put("a%09b", "a\tb");
        segments.put("%7F", "\u007f");
        segments.put("%C3%BC", "ü");
        segments.put("\u00c3\u00bc", "ü"); // UTF-8 on the wire, not encoded
        segments.put("%E2%80%AE", "\u202e");
        segments.put("x".repeat(40), "x".repeat(40)); // over CiString(36) and the CDR's CiString(39)
        segments.put("x".repeat(5000), "x".repeat(5000));
        String v = "/ocpi/2.2.1";
        List<Case> cases = new ArrayList<>();
        segments.forEach((raw, id) -> {
            String quoted = jsonString(id);
            var h = json(auth());
            // PUTs whose body names the same id: nothing but the id itself is wrong
            cases.add(new Case("PUT Location " + raw, "PUT", v + "/locations/NL/SIM/" + raw, h,
                    location("LOC1", T1).replace("\"id\":\"LOC1\"", "\"id\":" + quoted), REFUSED, -1, null));
            cases.add(new Case("PUT Location (short) " + raw, "PUT", v + "/locations/" + raw, h,
                    location("LOC1", T1).replace("\"id\":\"LOC1\"", "\"id\":" + quoted), REFUSED, -1, null));
            cases.add(new Case("PUT EVSE " + raw, "PUT", v + "/locations/NL/SIM/LOC1/" + raw, h,
                    Fixtures.evse("E1", "CHARGING", T1).replace("\"uid\":\"E1\"", "\"uid\":" + quoted),
                    REFUSED, -1, null));
            cases.add(new Case("PUT Connector " + raw, "PUT", v + "/locations/NL/SIM/LOC1/E1/" + raw, h,
                    Fixtures.connector("1", T1, "T1").replace("\"id\":\"1\"", "\"id\":" + quoted),
                    REFUSED, -1, null));
            cases.add(new Case("PUT Session " + raw, "PUT", v + "/sessions/NL/SIM/" + raw, h,
                    session("S1", T1).replace("\"id\":\"S1\"", "\"id\":" + quoted), REFUSED, -1, null));
            cases.add(new Case("PUT Tariff " + raw, "PUT", v + "/tariffs/NL/SIM/" + raw, h,
                    Fixtures.tariff("NL", "SIM", "T1", T1).replace("\"id\":\"T1\"", "\"id\":" + quoted),
                    REFUSED, -1, null));
            cases.add(new Case("PUT CDR " + raw, "PUT", v + "/cdrs/" + raw, h,
                    cdr("CDR1").replace("\"id\":\"CDR1\"", "\"id\":" + quoted), REFUSED, -1, null));
            cases.add(new Case("PUT Location of party " + raw, "PUT", v + "/locations/NL/" + raw + "/LOC1", h,
                    location("LOC1", T1).replace("\"party_id\":\"SIM\"", "\"party_id\":" + quoted), REFUSED, -1, null));
            cases.add(new Case("PATCH Location " + raw, "PATCH", v + "/locations/NL/SIM/" + raw, h,
                    "{\"name\":\"x\",\"last_updated\":\"" + T1 + "\"}", REFUSED, -1, null));
            cases.add(new Case("PATCH EVSE " + raw, "PATCH", v + "/locations/NL/SIM/LOC1/" + raw, h,
                    "{\"status\":\"CHARGING\",\"last_updated\":\"" + T1 + "\"}", REFUSED, -1, null));
            cases.add(new Case("PATCH Connector " + raw, "PATCH", v + "/locations/NL/SIM/LOC1/E1/" + raw, h,
                    "{\"max_amperage\":32,\"last_updated\":\"" + T1 + "\"}", REFUSED, -1, null));
            cases.add(new Case("PATCH Session " + raw, "PATCH", v + "/sessions/NL/SIM/" + raw, h,
                    "{\"kwh\":3,\"last_updated\":\"" + T1 + "\"}", REFUSED, -1, null));
            cases.add(new Case("DELETE Tariff " + raw, "DELETE", v + "/tariffs/NL/SIM/" + raw, auth(), null,
                    REFUSED, -1, null));
            for (String get : List.of("/locations/NL/SIM/" + raw, "/locations/NL/SIM/LOC1/" + raw,
                    "/locations/NL/SIM/LOC1/E1/" + raw, "/sessions/NL/SIM/" + raw, "/tariffs/NL/SIM/" + raw,
                    "/cdrs/" + raw, "/tokens/" + raw + "/authorize", "/hubclientinfo/NL/" + raw)) {
                cases.add(new Case("GET " + get, "GET", v + get, auth(), null, REFUSED, -1, null));
            }
            cases.add(new Case("POST authorize " + raw, "POST", v + "/tokens/" + raw + "/authorize", h,
                    "{\"location_id\":\"LOC1\"}", REFUSED, -1, null));
            cases.add(new Case("POST command result " + raw, "POST", v + "/commands/callback/" + raw, h,
                    "{\"result\":\"ACCEPTED\"}", REFUSED, -1, null));
            cases.add(new Case("POST profile result " + raw, "POST", v + "/chargingprofiles/results/" + raw, h,
                    "{\"result\":\"ACCEPTED\"}", REFUSED, -1, null));
            cases.add(new Case("PUT active profile " + raw, "PUT", v + "/chargingprofiles/" + raw, h,
                    activeProfile("W"), REFUSED, -1, null));
            cases.add(new Case("PUT hubclientinfo " + raw, "PUT", v + "/hubclientinfo/NL/" + raw, h,
                    clientInfo("NL", id, "CONNECTED", T1), REFUSED, -1, null));
        });
        // a valid 2xx answer with our data would be a leak: these must not reach a handler unauthenticated
        for (String target : List.of(v + "/sessions/job/x/../../NL/SIM/S1", v + "/locations/sync/..%2F..%2Fsessions/NL/SIM/S1",
                "/ocpi/versions/../2.2.1/sessions/NL/SIM/S1", v + "/tariffs/estimate/../NL/SIM/T1",
                "//ocpi//2.2.1//sessions//NL//SIM//S1", v + "/sessions;x=1/NL/SIM/S1", v + "/%73essions/NL/SIM/S1",
                v + "/commands/START_SESSION/../../sessions/NL/SIM/S1", v + "/tokens/TOKEN1/..;/authorize")) {
            cases.add(new Case("GET " + target + " without a token", "GET", target, Map.of(), null, Set.of(), 0, null));
        }
        var failures = run(cases);
        assertThat(failures).isEmpty();
        assertThat(jdbc.sql("select count(*) from location where id <> 'LOC1'").query(Long.class).single()).isZero();
    }

    @Test
    void theRefusalOfAnOddPathSegmentNamesIt() {
        var dots = RawHttp.send(port, "GET", "/ocpi/2.2.1/locations/NL/SIM/%2e%2e", auth(), null);
        assertThat(dots.status()).isEqualTo(200);
        assertThat(dots.ocpiStatus()).isEqualTo(2001);
        assertThat(dots.json().get("status_message").asString()).contains("URL segment 'location_id'");
        var evse = RawHttp.send(port, "PATCH", "/ocpi/2.2.1/locations/NL/SIM/LOC1/..", json(auth()),
                "{\"status\":\"CHARGING\",\"last_updated\":\"" + T1 + "\"}");
        assertThat(evse.json().get("status_message").asString()).contains("URL segment 'evse_uid'");
        var body = RawHttp.send(port, "PUT", "/ocpi/2.2.1/locations/NL/SIM/%2e%2e", json(auth()), location("..", T1));
        assertThat(body.ocpiStatus()).isEqualTo(2001);
        assertThat(body.json().get("status_message").asString()).contains("Field 'id'");
        var slash = RawHttp.send(port, "GET", "/ocpi/2.2.1/cdrs/a%2Fb", auth(), null);
        assertThat(slash.status()).isEqualTo(400);
        assertThat(slash.ocpiStatus()).isEqualTo(2001);
        var longUid = RawHttp.send(port, "POST", "/ocpi/2.2.1/tokens/" + "U".repeat(37) + "/authorize", json(auth()),
                "{\"location_id\":\"LOC1\"}");
        assertThat(longUid.ocpiStatus()).isEqualTo(2001);
        assertThat(longUid.json().get("status_message").asString()).contains("token_uid");
    }

    @Test
    void listParametersThatAreNoNumbersOrDatesAre2001NamingThem() {
        List<Case> cases = new ArrayList<>();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("limit=abc", "limit");
        params.put("limit=0", "limit");
        params.put("limit=99999999999999999999", "limit");
        params.put("offset=-5", "offset");
        params.put("offset=1e3", "offset");
        params.put("date_from=yesterday", "date_from");
        params.put("date_from=2026-13-45T00:00:00Z", "date_from");
        params.put("date_from=%2B999999999-12-31T23:59:59Z", "date_from");
        params.put("date_to=-999999999-01-01T00:00:00Z", "date_to");
        params.put("date_from=%2B10000-01-01T00:00:00Z", "date_from");
        params.put("date_from=2026-03-03T00:00:00Z&date_to=2026-03-02T00:00:00Z", "date_from");
        for (String list : List.of("locations", "sessions", "cdrs", "tariffs", "tokens")) {
            params.forEach((query, name) -> cases.add(new Case("GET " + list + "?" + query, "GET",
                    "/ocpi/2.2.1/" + list + "?" + query, auth(), null, Set.of(200), 2001, name)));
        }
        cases.add(new Case("authorize with type=BADGE", "POST", "/ocpi/2.2.1/tokens/TOKEN1/authorize?type=BADGE",
                json(auth()), "{\"location_id\":\"LOC1\"}", Set.of(200), 2001, "type"));
        assertThat(run(cases)).isEmpty();
    }

    @Test
    void routingHeadersThatNameNoPartyOrAnotherReceiverAre2001() {
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        variants.put("a 3-letter country", Map.of("OCPI-from-country-code", "NLD", "OCPI-from-party-id", "SIM"));
        variants.put("a 4-letter party", Map.of("OCPI-from-country-code", "NL", "OCPI-from-party-id", "SIMX"));
        variants.put("a non-ASCII party", Map.of("OCPI-from-country-code", "NL", "OCPI-from-party-id", "S\u00fcM"));
        variants.put("another receiver", Map.of("OCPI-from-country-code", "NL", "OCPI-from-party-id", "SIM",
                "OCPI-to-country-code", "DE", "OCPI-to-party-id", "XYZ"));
        variants.put("another sender", Map.of("OCPI-from-country-code", "BE", "OCPI-from-party-id", "CP2",
                "OCPI-to-country-code", "NL", "OCPI-to-party-id", "RYY"));
        List<Case> cases = new ArrayList<>();
        variants.forEach((name, routing) -> {
            var h = new LinkedHashMap<>(json(auth()));
            h.putAll(routing);
            cases.add(new Case("PUT Location with " + name, "PUT", "/ocpi/2.2.1/locations/NL/SIM/LOC1", h,
                    location("LOC1", T1), Set.of(200, 404), 2001, null));
            cases.add(new Case("PATCH Session with " + name, "PATCH", "/ocpi/2.2.1/sessions/NL/SIM/S1", h,
                    "{\"kwh\":9,\"last_updated\":\"" + T1 + "\"}", Set.of(200, 404), 2001, null));
        });
        assertThat(run(cases)).isEmpty();
    }

    @Test
    void tooLargeHeadersGetTheEnvelopeToo() {
        var before = DbSnapshot.take(jdbc);
        var answer = RawHttp.send(port, "PUT", "/ocpi/2.2.1/locations/NL/SIM/LOC1",
                with(json(auth()), "X-Request-ID", "r".repeat(20_000)), location("LOC1", T1));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.ocpiStatus()).isEqualTo(2001);
        assertThat(DbSnapshot.changed(before, DbSnapshot.take(jdbc))).isEmpty();
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        var all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return all;
    }

    private static String jsonString(String value) {
        return tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(value).toString();
    }
}
