package com.rollyy.emsp.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/**
 * We are the Tokens owner towards a CPO on OCPI 2.1.1 too: it pulls our list and asks for
 * real-time authorization in 2.1.1 (tag 2.1.1 mod_tokens.md §2.2, §3.1, §3.2, §4.2), and we push
 * our tokens to its receiver in 2.1.1, at URLs without a type (§2.1). The small CPO below records
 * whole request URIs (query included).
 */
class Tokens211Test extends EmspIntegrationTest {

    private Cpo211 old;
    private String token;

    @BeforeEach
    void a211Cpo() throws IOException {
        old = new Cpo211();
        var registered = ocpi("POST", "/ocpi/2.1.1/credentials", invite()).json("""
                {"token":"b-token-211","url":"%s","business_details":{"name":"Old CPO"},
                 "party_id":"OLD","country_code":"BE"}""".formatted(old.base() + "/versions")).send();
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        token = registered.json().get("data").get("token").asString();
    }

    @AfterEach
    void closeCpo() {
        old.server.stop(0);
    }

    private void create(String json) {
        var created = api("POST", "/v1/tokens").json(json).send();
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @Test
    void theCpoPullsOurTokensIn211() {
        create("""
                {"uid":"012345678","type":"RFID","contract_id":"DE8ACC12E46L89","visual_number":"DF000-2001-8999",
                 "issuer":"TheNewMotion","whitelist":"ALWAYS","group_id":"G1","language":"nl"}""");
        create("""
                {"uid":"APP-1","type":"APP_USER","contract_id":"NL-RYY-CAPP1","issuer":"Rollyy","whitelist":"NEVER",
                 "energy_contract":{"supplier_name":"Greenchoice"}}""");
        var list = ocpi("GET", "/ocpi/2.1.1/tokens", token).send();
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        JsonNode data = list.json().get("data");
        assertThat(data.size()).isEqualTo(2);
        JsonNode rfid = byUid(data, "012345678");
        assertThat(rfid.get("auth_id").asString()).isEqualTo("DE8ACC12E46L89");
        assertThat(rfid.get("type").asString()).isEqualTo("RFID");
        assertThat(rfid.get("visual_number").asString()).isEqualTo("DF000-2001-8999");
        assertThat(rfid.get("language").asString()).isEqualTo("nl");
        for (String gone : List.of("contract_id", "country_code", "party_id", "group_id")) {
            assertThat(rfid.has(gone)).as(gone).isFalse();
        }
        JsonNode app = byUid(data, "APP-1");
        assertThat(app.get("type").asString()).as("2.1.1 has RFID and OTHER only").isEqualTo("OTHER");
        assertThat(app.has("energy_contract")).isFalse();
    }

    @Test
    void realTimeAuthorizationIn211() {
        create("""
                {"uid":"012345678","type":"RFID","contract_id":"DE8ACC12E46L89","issuer":"TheNewMotion",
                 "whitelist":"NEVER"}""");
        create("{\"uid\":\"APP-1\",\"type\":\"APP_USER\",\"contract_id\":\"NL-RYY-CAPP1\",\"whitelist\":\"NEVER\"}");
        String references = """
                {"location_id":"LOC1","evse_uids":["3256"],"connector_ids":["1"]}""";
        var rfid = ocpi("POST", "/ocpi/2.1.1/tokens/012345678/authorize", token).json(references).send();
        assertThat(rfid.ocpiStatus()).as(rfid.body()).isEqualTo(1000);
        JsonNode info = rfid.json().get("data");
        assertThat(info.get("allowed").asString()).isEqualTo("ALLOWED");
        assertThat(info.get("location").get("location_id").asString()).isEqualTo("LOC1");
        assertThat(info.has("token")).as("2.1.1 AuthorizationInfo has no token").isFalse();
        assertThat(info.has("authorization_reference")).isFalse();

        // our APP_USER token went out as OTHER: the CPO asks for OTHER, by either spelling of the parameter
        for (String query : List.of("?type=OTHER", "?token_type=OTHER")) {
            var app = ocpi("POST", "/ocpi/2.1.1/tokens/APP-1/authorize" + query, token).json(references).send();
            assertThat(app.ocpiStatus()).as(query + " " + app.body()).isEqualTo(1000);
            assertThat(app.json().get("data").get("allowed").asString()).isEqualTo("ALLOWED");
        }
        // 2.2.1 keeps its exact types
        assertThat(ocpi("POST", "/ocpi/2.2.1/tokens/APP-1/authorize?type=OTHER", token).json("{\"location_id\":"
                + "\"LOC1\"}").send().ocpiStatus()).isEqualTo(2004);
        // 2.1.1 has no 2004 (it came with 2.2): an unknown token is its generic client error, still a 404
        var unknown = ocpi("POST", "/ocpi/2.1.1/tokens/NOBODY/authorize", token).json(references).send();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.ocpiStatus()).as(unknown.body()).isEqualTo(2000);
        assertThat(unknown.json().get("status_message").asString()).containsIgnoringCase("unknown token");
    }

    @Test
    void ourTokensArePushedIn211WithoutAType() {
        create("""
                {"uid":"APP-2","type":"APP_USER","contract_id":"NL-RYY-CAPP2","issuer":"Rollyy","whitelist":"ALLOWED",
                 "group_id":"G2"}""");
        await().atMost(Duration.ofSeconds(15)).until(() -> old.received.stream()
                .anyMatch(r -> r.method().equals("PUT") && r.uri().startsWith("/2.1.1/tokens/")));
        Request put = old.received.stream().filter(r -> r.method().equals("PUT")).findFirst().orElseThrow();
        assertThat(put.uri()).isEqualTo("/2.1.1/tokens/NL/RYY/APP-2");
        JsonNode body = TestHttp.parse(put.body());
        assertThat(body.get("uid").asString()).isEqualTo("APP-2");
        assertThat(body.get("auth_id").asString()).isEqualTo("NL-RYY-CAPP2");
        assertThat(body.get("type").asString()).isEqualTo("OTHER");
        assertThat(body.has("contract_id")).isFalse();
        assertThat(body.has("country_code")).isFalse();
        assertThat(body.has("group_id")).isFalse();

        var revoked = api("PATCH", "/v1/tokens/APP-2?type=APP_USER").json("{\"valid\":false}").send();
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> old.received.stream()
                .anyMatch(r -> r.method().equals("PATCH")));
        Request patch = old.received.stream().filter(r -> r.method().equals("PATCH")).findFirst().orElseThrow();
        assertThat(patch.uri()).isEqualTo("/2.1.1/tokens/NL/RYY/APP-2");
        JsonNode fields = TestHttp.parse(patch.body());
        assertThat(fields.get("valid").asBoolean()).isFalse();
        assertThat(fields.get("auth_id").asString()).isEqualTo("NL-RYY-CAPP2");
        assertThat(fields.has("contract_id")).isFalse();
    }

    private static JsonNode byUid(JsonNode tokens, String uid) {
        for (JsonNode t : tokens) {
            if (uid.equals(t.path("uid").asString(""))) {
                return t;
            }
        }
        throw new AssertionError("no token " + uid + " in " + tokens);
    }

    record Request(String method, String uri, String body) {
    }

    /** A CPO on 2.1.1: versions, details (credentials, tokens), and a tokens receiver taking anything. */
    static final class Cpo211 {

        final HttpServer server;
        final List<Request> received = new CopyOnWriteArrayList<>();

        Cpo211() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::handle);
            server.start();
        }

        String base() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            received.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            String data;
            if (path.equals("/versions")) {
                data = "[{\"version\":\"2.1.1\",\"url\":\"" + base() + "/2.1.1/details\"}]";
            } else if (path.equals("/2.1.1/details")) {
                data = "{\"version\":\"2.1.1\",\"endpoints\":[{\"identifier\":\"credentials\",\"url\":\"" + base()
                        + "/2.1.1/credentials\"},{\"identifier\":\"tokens\",\"url\":\"" + base() + "/2.1.1/tokens\"}]}";
            } else {
                data = "null";
            }
            byte[] answer = ("{\"data\":" + data + ",\"status_code\":1000,\"timestamp\":\"2026-12-07T12:00:00Z\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        }
    }
}
