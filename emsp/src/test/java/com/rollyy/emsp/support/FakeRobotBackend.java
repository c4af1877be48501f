package com.rollyy.emsp.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import com.rollyy.emsp.webhooks.WebhookSignature;

/**
 * The robot backend's webhook endpoint, as tests need it: records every delivery with whether
 * its signature verified, and can refuse the next deliveries (HTTP 503) to exercise retries.
 */
public final class FakeRobotBackend implements AutoCloseable {

    /** One delivery; {@code traceparent} is the W3C trace context header it came with (or null). */
    public record Delivery(String eventId, String type, JsonNode body, boolean signatureValid, String traceparent) {
    }

    private final HttpServer server;
    private final String secret;
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicInteger refuseNext = new AtomicInteger();
    private volatile long delayMillis;

    private FakeRobotBackend(String secret) throws IOException {
        this.secret = secret;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/webhooks", exchange -> {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String body = new String(raw, StandardCharsets.UTF_8);
            if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            String signature = exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER);
            deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("Rollyy-Event-Id"),
                    exchange.getRequestHeaders().getFirst("Rollyy-Event-Type"), mapper.readTree(body),
                    verify(signature, body), exchange.getRequestHeaders().getFirst("traceparent")));
            if (delayMillis > 0) {
                // a slow receiver: the event is taken, the answer still on its way
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    public static FakeRobotBackend start(String secret) {
        try {
            return new FakeRobotBackend(secret);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks";
    }

    private boolean verify(String header, String body) {
        if (header == null || !header.startsWith("t=") || !header.contains(",v1=")) {
            return false;
        }
        String t = header.substring(2, header.indexOf(','));
        String v1 = header.substring(header.indexOf(",v1=") + 4);
        return WebhookSignature.hmac(secret, t + "." + body).equals(v1);
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    public List<String> types() {
        return deliveries.stream().map(Delivery::type).toList();
    }

    /** Types of the events about one job, in arrival order (other tests' late deliveries left out). */
    public List<String> types(String jobId) {
        return forJob(jobId).stream().map(Delivery::type).toList();
    }

    /** Deliveries of events about one job, in arrival order. */
    public List<Delivery> forJob(String jobId) {
        return deliveries.stream().filter(d -> jobId.equals(d.body().path("robot_job_id").asString(null))).toList();
    }

    /** Answers each delivery this much later (after recording it). */
    public void delay(java.time.Duration delay) {
        delayMillis = delay.toMillis();
    }

    public void refuseNext(int n) {
        refuseNext.set(n);
    }

    public void reset() {
        deliveries.clear();
        refuseNext.set(0);
        delayMillis = 0;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
