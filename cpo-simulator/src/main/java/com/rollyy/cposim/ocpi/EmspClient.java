package com.rollyy.cposim.ocpi;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound OCPI calls: Authorization encoding per knobs and fresh request/correlation ids. One
 * shared HTTP/1.1 client with keep-alive; {@link #send} is safe to call from many threads.
 */
public final class EmspClient {

    private static final Logger LOG = LoggerFactory.getLogger(EmspClient.class);

    private final HttpClient http;
    private final LongSupplier timeoutMillis;
    private final BooleanSupplier sendRawTokens;

    /**
     * @param timeoutMillis per-request timeout, read at each call
     * @param sendRawTokens whether {@code Authorization} carries the raw token (OCPI 2.1.1 style), read at each call
     */
    public EmspClient(LongSupplier timeoutMillis, BooleanSupplier sendRawTokens) {
        this.timeoutMillis = timeoutMillis;
        this.sendRawTokens = sendRawTokens;
        // HTTP/1.1 only: the default h2c upgrade attempt adds headers that muddy recorded traffic
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * A random (version 4) UUID from {@link ThreadLocalRandom}: message ids need to be unique, not
     * secret, and {@code UUID.randomUUID()} funnels every thread through one SecureRandom.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** A readable reason: connect failures often carry a null message. */
    public static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * Sends one request. HTTP error statuses are returned, not thrown.
     *
     * @param token        credentials token to send, or null for no Authorization header
     * @param extraHeaders added as-is (may be empty)
     * @throws IOException when no HTTP response could be obtained (refused, reset, timeout)
     */
    public SimResponse send(String method, String url, String jsonBody, String token, Map<String, String> extraHeaders)
            throws IOException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid URL: " + url, e);
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IOException("not an absolute URL: " + url);
        }
        HttpRequest.BodyPublisher publisher = jsonBody == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMillis(timeoutMillis.getAsLong()))
                .method(method.toUpperCase(Locale.ROOT), publisher)
                .header("Accept", "application/json")
                .header("X-Request-ID", newId())
                .header("X-Correlation-ID", newId());
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", Tokens.authorizationHeader(token, sendRawTokens.getAsBoolean()));
        }
        extraHeaders.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            LOG.debug("outbound {} {} -> {}", method, url, response.statusCode());
            return new SimResponse(response.statusCode(), response.headers().map(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + url, e);
        } catch (IOException e) {
            LOG.debug("outbound {} {} failed: {}", method, url, e.toString());
            throw e;
        }
    }
}
