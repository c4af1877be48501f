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

import com.rollyy.cposim.ocpi.HeaderMaps;

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
    /** Sessions as the fake holds them after the PUTs and PATCHes it received (PATCH periods appended), by id. */
    final Map<String, Map<String, Object>> sessions = new ConcurrentHashMap<>();
    /** CDR bodies received by POST, in order (repeats included). */
    final List<String> cdrsReceived = new CopyOnWriteArrayList<>();
    /** CommandResult bodies received on a response_url, with their path. */
    final List<Seen> commandResults = new CopyOnWriteArrayList<>();
    volatile int cdrHttpStatus = 201;
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

    /** Lists sessions and cdrs RECEIVER endpoints, as an eMSP taking part in the charging cycle does. */
    FakeEmsp withCycleEndpoints() {
        extraEndpoints.add(Map.of("identifier", "sessions", "role", "RECEIVER", "url", url("/emsp/2.2.1/sessions")));
        extraEndpoints.add(Map.of("identifier", "cdrs", "role", "RECEIVER", "url", url("/emsp/2.2.1/cdrs")));
        extraEndpoints.add(Map.of("identifier", "chargingprofiles", "role", "SENDER",
                "url", url("/emsp/2.2.1/chargingprofiles")));
        return this;
    }

    /** A per-command response_url, as the spec advises. */
    String responseUrl(String command, String id) {
        return url("/emsp/2.2.1/commands/" + command + "/" + id);
    }

    /** The session PUTs and PATCHes received, in order. */
    List<Seen> sessionCalls() {
        return seen.stream().filter(s -> s.path().startsWith("/emsp/2.2.1/sessions/")).toList();
    }

    /** Waits (up to 5 s) until {@code condition} holds; fails otherwise. */
    static void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
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
        Seen request = new Seen(method, path, auth, body, HeaderMaps.copyOf(exchange.getRequestHeaders()));
        seen.add(request);
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
            } else if (path.startsWith("/emsp/2.2.1/sessions/")) {
                sessionsEndpoint(exchange, method, path, body);
            } else if (path.equals("/emsp/2.2.1/cdrs") && method.equals("POST")) {
                Map<String, Object> cdr = TestHttp.JSON.readValue(body, Map.class);
                cdrsReceived.add(body);
                exchange.getResponseHeaders().set("Location", url("/emsp/2.2.1/cdrs/" + cdr.get("id")));
                reply(exchange, cdrHttpStatus, envelope(null, 1000));
            } else if (path.startsWith("/emsp/2.2.1/commands/") && method.equals("POST")) {
                commandResults.add(request);
                reply(exchange, 200, envelope(null, 1000));
            } else {
                reply(exchange, 200, envelope(List.of(), 1000));
            }
        } finally {
            exchange.close();
        }
    }

    /** PUT replaces, PATCH merges and appends charging_periods (mod_sessions, PATCH). */
    @SuppressWarnings("unchecked")
    private void sessionsEndpoint(HttpExchange exchange, String method, String path, String body) throws IOException {
        String id = path.substring(path.lastIndexOf('/') + 1);
        Map<String, Object> object = TestHttp.JSON.readValue(body, Map.class);
        if (method.equals("PUT")) {
            sessions.put(id, new LinkedHashMap<>(object));
        } else if (method.equals("PATCH")) {
            Map<String, Object> held = sessions.get(id);
            if (held == null) {
                reply(exchange, 404, envelope(null, 2000));
                return;
            }
            object.forEach((field, value) -> {
                if (field.equals("charging_periods")) {
                    List<Object> periods = new java.util.ArrayList<>((List<Object>) held.getOrDefault(field, List.of()));
                    periods.addAll((List<Object>) value);
                    held.put(field, periods);
                } else {
                    held.put(field, value);
                }
            });
        }
        reply(exchange, 200, envelope(null, 1000));
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
