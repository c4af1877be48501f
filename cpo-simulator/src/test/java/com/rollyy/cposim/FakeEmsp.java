package com.rollyy.cposim;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The smallest eMSP that can take part in a credentials handshake with the simulator, in
 * either direction. It checks Base64 tokens only, like a strict 2.2.1 party.
 */
final class FakeEmsp implements AutoCloseable {

    /** A request the fake received, with the Authorization header as sent; header names are case-insensitive. */
    record Seen(String method, String path, String authorization, String body, Map<String, List<String>> headers) {
        String header(String name) {
            return HeaderMaps.first(headers, name);
        }
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** Tokens the fake accepts (base64-decoded form). */
    final Set<String> accepted = ConcurrentHashMap.newKeySet();
    /** Status of the callback the fake made to the CPO during a credentials POST/PUT it received. */
    final List<Integer> callbackStatuses = new CopyOnWriteArrayList<>();
    /** Listed in the 2.2.1 details after credentials and tokens (e.g. locations RECEIVER). */
    final List<Map<String, Object>> extraEndpoints = new CopyOnWriteArrayList<>();
    volatile int versionsHttpStatus = 200;
    volatile String tokenForCpo;
    volatile String issuedToCpo;

    private final HttpServer server;
    private final String base;

    FakeEmsp() throws IOException {
        // like CpoSimulator: no Nagle delay on small answers, whichever server the JVM creates first
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-emsp");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String versionsUrl() {
        return base + "/emsp/versions";
    }

    String credentialsUrl() {
        return base + "/emsp/2.2.1/credentials";
    }

    String tokensUrl() {
        return base + "/emsp/2.2.1/tokens";
    }

    String url(String path) {
        return base + path;
    }

    /** Requests other than the handshake's (versions, details, credentials). */
    List<Seen> moduleCalls() {
        return seen.stream().filter(s -> !s.path().equals("/emsp/versions") && !s.path().equals("/emsp/2.2.1")
                && !s.path().startsWith("/emsp/2.2.1/credentials")).toList();
    }

    Map<String, Object> credentials(String token) {
        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("token", token);
        credentials.put("url", versionsUrl());
        credentials.put("roles", List.of(Map.of("role", "EMSP", "party_id", "RLY", "country_code", "DE",
                "business_details", Map.of("name", "Rollyy"))));
        return credentials;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        seen.add(new Seen(method, path, auth, body, HeaderMaps.copyOf(exchange.getRequestHeaders())));
        try {
            if (auth == null || accepted.stream().noneMatch(t -> TestHttp.base64(t).equals(auth))) {
                reply(exchange, 401, envelope(null, 2000));
            } else if (path.equals("/emsp/versions")) {
                if (versionsHttpStatus != 200) {
                    reply(exchange, versionsHttpStatus, "{\"oops\":true}");
                } else {
                    reply(exchange, 200, envelope(List.of(Map.of("version", "2.2.1", "url", base + "/emsp/2.2.1")), 1000));
                }
            } else if (path.equals("/emsp/2.2.1")) {
                List<Map<String, Object>> endpoints = new java.util.ArrayList<>(List.of(
                        Map.of("identifier", "credentials", "role", "SENDER", "url", credentialsUrl()),
                        Map.of("identifier", "tokens", "role", "SENDER", "url", tokensUrl())));
                endpoints.addAll(extraEndpoints);
                reply(exchange, 200, envelope(Map.of("version", "2.2.1", "endpoints", endpoints), 1000));
            } else if (path.equals("/emsp/2.2.1/credentials")) {
                credentialsEndpoint(exchange, method, auth, body);
            } else {
                reply(exchange, 200, envelope(List.of(), 1000));
            }
        } finally {
            exchange.close();
        }
    }

    /** Receiver side for the CPO-initiated handshake: call the CPO back with its token, then issue ours. */
    @SuppressWarnings("unchecked")
    private void credentialsEndpoint(HttpExchange exchange, String method, String auth, String body) throws IOException {
        if (method.equals("DELETE")) {
            accepted.remove(issuedToCpo);
            tokenForCpo = null;
            reply(exchange, 200, envelope(null, 1000));
            return;
        }
        Map<String, Object> theirs = TestHttp.JSON.readValue(body, Map.class);
        String cpoToken = (String) theirs.get("token");
        HttpResponse<String> callback = TestHttp.send("GET", (String) theirs.get("url"), TestHttp.base64(cpoToken), null);
        callbackStatuses.add(callback.statusCode());
        if (callback.statusCode() != 200) {
            reply(exchange, 200, envelope(null, 3001));
            return;
        }
        String old = issuedToCpo;
        tokenForCpo = cpoToken;
        issuedToCpo = "emsp-c-" + System.nanoTime();
        accepted.add(issuedToCpo);
        if (method.equals("PUT") && old != null) {
            accepted.remove(old);
        }
        reply(exchange, 200, envelope(credentials(issuedToCpo), 1000));
    }

    static String envelope(Object data, int code) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        if (data != null) {
            envelope.put("data", data);
        }
        envelope.put("status_code", code);
        envelope.put("timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return TestHttp.json(envelope);
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
