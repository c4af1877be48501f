package com.rollyy.emsp.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A 2.2.1 CPO (party NL/SIM) with the quirks the CPO simulator has no knob for: its Locations list
 * is served one object per page, each page's {@code Link} pointing at an internal host
 * ({@link #internalLinks}) as a CPO behind a proxy announces it, and the Locations are whatever
 * JSON the test gives (e.g. with enum values of a newer OCPI version). Optionally its versions
 * endpoint accepts the token only raw. Records every request.
 */
public final class FakeQuirkyCpo implements AutoCloseable {

    /** One request: method, path with query, Authorization header. */
    public record Received(String method, String pathAndQuery, String authorization) {
    }

    public static final String INTERNAL_BASE = "http://cpo-internal.invalid:8080";

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile List<String> locations = List.of();
    private volatile boolean internalLinks;
    private volatile boolean rawTokensOnly;

    private FakeQuirkyCpo() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeQuirkyCpo start() {
        try {
            return new FakeQuirkyCpo();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String versionsUrl() {
        return base() + "/versions";
    }

    /** The token A to register with. */
    public String tokenA() {
        return "quirky-token-a";
    }

    public List<Received> received() {
        return received;
    }

    /** The Locations its list serves, one per page, in this order. */
    public FakeQuirkyCpo serving(String... locationJson) {
        this.locations = List.of(locationJson);
        return this;
    }

    /** Links to the next page name {@link #INTERNAL_BASE} instead of this server's own address. */
    public FakeQuirkyCpo internalLinks(boolean on) {
        this.internalLinks = on;
        return this;
    }

    /** The versions endpoint answers 401 to a base64-encoded token (a 2.1.1-era server). */
    public FakeQuirkyCpo rawTokensOnly(boolean on) {
        this.rawTokensOnly = on;
        return this;
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        received.add(new Received(exchange.getRequestMethod(), path + (query == null ? "" : "?" + query), authorization));
        exchange.getRequestBody().readAllBytes();
        if (rawTokensOnly && path.equals("/versions") && !("Token " + tokenA()).equals(authorization)) {
            answer(exchange, 401, "{\"status_code\":2001,\"status_message\":\"Unknown token\","
                    + "\"timestamp\":\"2026-12-07T12:00:00Z\"}", null);
            return;
        }
        String data;
        String link = null;
        if (path.equals("/versions")) {
            data = "[{\"version\":\"2.2.1\",\"url\":\"" + base() + "/2.2.1/details\"}]";
        } else if (path.equals("/2.2.1/details")) {
            String url = base() + "/2.2.1";
            data = "{\"version\":\"2.2.1\",\"endpoints\":[{\"identifier\":\"credentials\",\"role\":\"SENDER\","
                    + "\"url\":\"" + url + "/credentials\"},{\"identifier\":\"locations\",\"role\":\"SENDER\","
                    + "\"url\":\"" + url + "/locations\"}]}";
        } else if (path.equals("/2.2.1/credentials") && exchange.getRequestMethod().equals("POST")) {
            data = "{\"token\":\"quirky-token-c\",\"url\":\"" + versionsUrl() + "\",\"roles\":[{\"role\":\"CPO\","
                    + "\"business_details\":{\"name\":\"Quirky CPO\"},\"party_id\":\"SIM\",\"country_code\":\"NL\"}]}";
        } else if (path.equals("/2.2.1/credentials") && exchange.getRequestMethod().equals("DELETE")) {
            data = "null";
        } else if (path.equals("/2.2.1/locations")) {
            int offset = offset(query);
            List<String> all = locations;
            data = offset < all.size() ? "[" + all.get(offset) + "]" : "[]";
            if (offset + 1 < all.size()) {
                link = "<" + (internalLinks ? INTERNAL_BASE : base()) + "/2.2.1/locations?offset=" + (offset + 1)
                        + "&limit=1>; rel=\"next\"";
            }
            exchange.getResponseHeaders().set("X-Total-Count", Integer.toString(all.size()));
        } else {
            answer(exchange, 404, "{\"status_code\":2000,\"status_message\":\"not here\","
                    + "\"timestamp\":\"2026-12-07T12:00:00Z\"}", null);
            return;
        }
        answer(exchange, 200, "{\"data\":" + data + ",\"status_code\":1000,\"status_message\":\"Success\","
                + "\"timestamp\":\"2026-12-07T12:00:00Z\"}", link);
    }

    private static int offset(String query) {
        if (query != null) {
            for (String part : query.split("&")) {
                if (part.startsWith("offset=")) {
                    return Integer.parseInt(part.substring("offset=".length()));
                }
            }
        }
        return 0;
    }

    private static void answer(HttpExchange exchange, int status, String body, String link) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (link != null) {
            exchange.getResponseHeaders().set("Link", link);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
