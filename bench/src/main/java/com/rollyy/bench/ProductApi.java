package com.rollyy.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The eMSP's product API (X-API-Key) over real HTTP on loopback. */
final class ProductApi {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String baseUrl;
    private final String apiKey;

    ProductApi(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    record Answer(int status, String body, JsonNode json) {
    }

    /** POST with a JSON body (or none), waiting at most {@code timeout} for the answer. */
    Answer post(String path, String body, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("X-API-Key", apiKey)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode node = null;
        try {
            node = json.readTree(response.body());
        } catch (RuntimeException e) {
            // not JSON: left null, the caller reports the body
        }
        return new Answer(response.statusCode(), response.body(), node);
    }

    Answer get(String path, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("X-API-Key", apiKey)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode node = null;
        try {
            node = json.readTree(response.body());
        } catch (RuntimeException e) {
            // not JSON: left null
        }
        return new Answer(response.statusCode(), response.body(), node);
    }

    String jsonString(String s) {
        return json.writeValueAsString(s);
    }
}
