package com.rollyy.cposim;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * A small eMSP that speaks OCPI 2.1.1 or 2.3.0 on the wire (spec texts: tag 2.1.1
 * version_information_endpoint.md / credentials.md; tag v2.3.0 credentials.asciidoc): versions,
 * details (no role per endpoint in 2.1.1), credentials in that version's shape in both handshake
 * directions, and Receivers for sessions, cdrs and command results that only record. It takes
 * raw and Base64 tokens alike, as 2.1.1 parties do.
 */
final class VersionedEmsp implements AutoCloseable {

    record Seen(String method, String path, String authorization, String body, Map<String, List<String>> headers) {
        @SuppressWarnings("unchecked")
        Map<String, Object> json() {
            return (Map<String, Object>) TestHttp.JSON.readValue(body, Map.class);
        }

        boolean hasHeader(String name) {
            return headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase(name));
        }
    }

    final String version;
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final Set<String> accepted = ConcurrentHashMap.newKeySet();
    volatile String tokenForCpo;
    volatile String issuedToCpo;
    private final HttpServer server;
    private final String base;

    VersionedEmsp(String version) throws IOException {
        this.version = version;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "versioned-emsp");
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

    String url(String module) {
        return base + "/emsp/" + version + "/" + module;
    }

    /** The Credentials object of this eMSP (DE/RLY) in its version's shape. */
    Map<String, Object> credentials(String token) {
        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("token", token);
        credentials.put("url", versionsUrl());
        if (version.equals("2.1.1")) {
            credentials.put("business_details", Map.of("name", "Rollyy"));
            credentials.put("party_id", "RLY");
            credentials.put("country_code", "DE");
        } else {
            credentials.put("roles", List.of(Map.of("role", "EMSP", "party_id", "RLY", "country_code", "DE",
                    "business_details", Map.of("name", "Rollyy"))));
        }
        return credentials;
    }

    List<Seen> to(String module) {
        String prefix = "/emsp/" + version + "/" + module;
        return seen.stream().filter(s -> s.path().startsWith(prefix)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        seen.add(new Seen(method, path, auth, body, Map.copyOf(exchange.getRequestHeaders())));
        String tree = "/emsp/" + version;
        try {
            if (auth == null || accepted.stream().noneMatch(t -> TestHttp.base64(t).equals(auth)
                    || TestHttp.raw(t).equals(auth))) {
                reply(exchange, 401, FakeEmsp.envelope(null, 2000));
            } else if (path.equals("/emsp/versions")) {
                reply(exchange, 200, FakeEmsp.envelope(List.of(Map.of("version", version, "url", base + tree)), 1000));
            } else if (path.equals(tree)) {
                reply(exchange, 200, FakeEmsp.envelope(Map.of("version", version, "endpoints", endpoints()), 1000));
            } else if (path.equals(tree + "/credentials")) {
                credentials(exchange, method, body);
            } else if (path.equals(tree + "/cdrs") && method.equals("POST")) {
                exchange.getResponseHeaders().set("Location", url("cdrs/1"));
                reply(exchange, 201, FakeEmsp.envelope(null, 1000));
            } else {
                reply(exchange, 200, FakeEmsp.envelope(null, 1000));
            }
        } finally {
            exchange.close();
        }
    }

    private List<Map<String, Object>> endpoints() {
        List<Map<String, Object>> endpoints = new ArrayList<>();
        Map<String, String> modules = new LinkedHashMap<>();
        modules.put("credentials", "SENDER");
        modules.put("locations", "RECEIVER");
        modules.put("tariffs", "RECEIVER");
        modules.put("sessions", "RECEIVER");
        modules.put("cdrs", "RECEIVER");
        modules.put("tokens", "SENDER");
        modules.put("commands", "SENDER");
        modules.forEach((module, role) -> {
            Map<String, Object> endpoint = new LinkedHashMap<>();
            endpoint.put("identifier", module);
            if (!version.equals("2.1.1")) {
                endpoint.put("role", role);
            }
            endpoint.put("url", url(module));
            endpoints.add(endpoint);
        });
        return endpoints;
    }

    @SuppressWarnings("unchecked")
    private void credentials(HttpExchange exchange, String method, String body) throws IOException {
        if (method.equals("DELETE")) {
            reply(exchange, 200, FakeEmsp.envelope(null, 1000));
            return;
        }
        Map<String, Object> theirs = TestHttp.JSON.readValue(body, Map.class);
        String cpoToken = (String) theirs.get("token");
        HttpResponse<String> callback = TestHttp.send("GET", (String) theirs.get("url"),
                version.equals("2.1.1") ? TestHttp.raw(cpoToken) : TestHttp.base64(cpoToken), null);
        if (callback.statusCode() != 200) {
            reply(exchange, 200, FakeEmsp.envelope(null, 3001));
            return;
        }
        tokenForCpo = cpoToken;
        issuedToCpo = "emsp-c-" + System.nanoTime();
        accepted.add(issuedToCpo);
        reply(exchange, 200, FakeEmsp.envelope(credentials(issuedToCpo), 1000));
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
