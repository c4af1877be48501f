package com.rollyy.emsp.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for tests: real requests, raw answers, JSON parsed for assertions. */
public final class TestHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Who watches every exchange (the OpenAPI contract test); empty otherwise. */
    private static final java.util.List<java.util.function.Consumer<Exchange>> OBSERVERS =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private TestHttp() {
    }

    /** One request sent through this class and the answer it got. */
    public record Exchange(String method, URI uri, Map<String, String> headers, String body, Response response) {
    }

    /** Hands every following exchange to {@code observer} until the returned handle is closed. */
    public static AutoCloseable observe(java.util.function.Consumer<Exchange> observer) {
        OBSERVERS.add(observer);
        return () -> OBSERVERS.remove(observer);
    }

    public record Response(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.first(name);
        }

        /** The OCPI status_code of an envelope answer. */
        public int ocpiStatus() {
            return json().path("status_code").asInt(-1);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + body;
        }
    }

    public record HttpHeaders(java.net.http.HttpHeaders raw) {
        public String first(String name) {
            return raw.firstValue(name).orElse(null);
        }
    }

    public static JsonNode parse(String json) {
        return JSON.readTree(json);
    }

    public static String tokenHeader(String token) {
        return "Token " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }

    public static Request request(String method, String url) {
        return new Request(method, url);
    }

    public static final class Request {
        private final String method;
        private final String url;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String body;

        Request(String method, String url) {
            this.method = method;
            this.url = url;
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Request token(String token) {
            return header("Authorization", tokenHeader(token));
        }

        public Request apiKey(String key) {
            return header("X-API-Key", key);
        }

        public Request json(String body) {
            this.body = body;
            return header("Content-Type", "application/json");
        }

        public Response send() {
            var builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
            headers.forEach(builder::header);
            builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            try {
                HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                var answer = new Response(response.statusCode(), new HttpHeaders(response.headers()), response.body());
                if (!OBSERVERS.isEmpty()) {
                    var exchange = new Exchange(method, URI.create(url), Map.copyOf(headers), body, answer);
                    OBSERVERS.forEach(o -> o.accept(exchange));
                }
                return answer;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
