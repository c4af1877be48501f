package com.rollyy.emsp.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A CPO's versions, version details and credentials endpoints, in the wire format of each OCPI
 * version it offers (2.1.1: endpoints without role, flat credentials; 2.2.1 and 2.3.0: roles), for
 * the handshake tests across versions. Records every request it receives. Beyond the handshake it
 * lists the extra module endpoints it is told to ({@link #withEndpoints}) and answers canned data
 * ({@link #answering}): enough to test one module's translation of a version; the CPO simulator
 * speaks every version for the whole robot cycle.
 */
public final class FakeVersionedCpo implements AutoCloseable {

    /** One request: method, path, Authorization header, body. */
    public record Received(String method, String path, String authorization, String body) {
    }

    private final HttpServer server;
    private final List<String> versions;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokens = new AtomicInteger();
    private final List<String> extraModules = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, String> canned = new java.util.concurrent.ConcurrentHashMap<>();

    private FakeVersionedCpo(List<String> versions) throws IOException {
        this.versions = versions;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeVersionedCpo offering(String... versions) {
        try {
            return new FakeVersionedCpo(List.of(versions));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Lists these module identifiers in every version's details too (at {@code /{version}/{module}};
     * tokens and commands as RECEIVER, the others as SENDER; 2.1.1 without role).
     */
    public FakeVersionedCpo withEndpoints(String... modules) {
        extraModules.addAll(List.of(modules));
        return this;
    }

    /**
     * Answers {@code method path} (e.g. "GET", "/2.1.1/locations") with status 1000 and this JSON
     * as {@code data} (a list, an object, or "null"); a later call for the same pair replaces it.
     */
    public FakeVersionedCpo answering(String method, String path, String dataJson) {
        canned.put(method + " " + path, dataJson);
        return this;
    }

    /** The URL of one of its endpoints, e.g. {@code url("2.1.1", "locations")}. */
    public String url(String version, String module) {
        return base() + "/" + version + "/" + module;
    }

    public String versionsUrl() {
        return base() + "/versions";
    }

    public List<Received> received() {
        return received;
    }

    /** The last token this CPO handed out in a credentials answer. */
    public String lastTokenIssued() {
        return "cpo-token-" + tokens.get();
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestMethod(), path,
                exchange.getRequestHeaders().getFirst("Authorization"), body));
        String data;
        if (canned.containsKey(exchange.getRequestMethod() + " " + path)) {
            data = canned.get(exchange.getRequestMethod() + " " + path);
        } else if (path.equals("/versions")) {
            data = "[" + String.join(",", versions.stream()
                    .map(v -> "{\"version\":\"" + v + "\",\"url\":\"" + base() + "/" + v + "/details\"}").toList()) + "]";
        } else if (path.endsWith("/details") && versions.contains(version(path))) {
            data = details(version(path));
        } else if (path.endsWith("/credentials") && versions.contains(version(path))
                && (exchange.getRequestMethod().equals("POST") || exchange.getRequestMethod().equals("PUT"))) {
            data = credentials(version(path), "cpo-token-" + tokens.incrementAndGet());
        } else {
            byte[] notFound = "not here".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, notFound.length);
            exchange.getResponseBody().write(notFound);
            exchange.close();
            return;
        }
        byte[] answer = ("{\"data\":" + data + ",\"status_code\":1000,\"status_message\":\"Success\","
                + "\"timestamp\":\"2026-12-07T12:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    private static String version(String path) {
        String[] parts = path.split("/");
        return parts.length > 1 ? parts[1] : "";
    }

    private String details(String version) {
        String url = base() + "/" + version;
        var modules = new java.util.ArrayList<>(List.of("credentials", "locations"));
        extraModules.stream().filter(m -> !modules.contains(m)).forEach(modules::add);
        String endpoints = String.join(",", modules.stream().map(m -> "{\"identifier\":\"" + m + "\","
                + (version.equals("2.1.1") ? "" : "\"role\":\"" + (m.equals("tokens") || m.equals("commands")
                ? "RECEIVER" : "SENDER") + "\",") + "\"url\":\"" + url + "/" + m + "\"}").toList());
        return "{\"version\":\"" + version + "\",\"endpoints\":[" + endpoints + "]}";
    }

    private String credentials(String version, String token) {
        String business = "{\"name\":\"Versioned CPO " + version + "\"}";
        if (version.equals("2.1.1")) {
            return "{\"token\":\"" + token + "\",\"url\":\"" + versionsUrl() + "\",\"business_details\":" + business
                    + ",\"party_id\":\"OLD\",\"country_code\":\"BE\"}";
        }
        return "{\"token\":\"" + token + "\",\"url\":\"" + versionsUrl() + "\",\"roles\":[{\"role\":\"CPO\","
                + "\"business_details\":" + business + ",\"party_id\":\"OLD\",\"country_code\":\"BE\"}]}";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
