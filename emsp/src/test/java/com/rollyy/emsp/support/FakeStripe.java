package com.rollyy.emsp.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.stripe.Stripe;
import com.stripe.net.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Enough of Stripe's API for stripe-java, on 127.0.0.1: PaymentIntents (create, retrieve) and
 * Refunds (create, retrieve), form-encoded in, JSON out.
 *
 * <p>Idempotency works like Stripe's: the first response to a key is stored and every later
 * request with that key gets it again (marked {@code Idempotent-Replayed}), without a new object;
 * the same key with other parameters is refused. Requests with one key are handled one at a
 * time. Injected 500s and 429s happen in front of that layer (like an overloaded edge): they
 * store nothing, so a retry with the same key is handled afresh.
 */
public final class FakeStripe implements AutoCloseable {

    public static final String API_KEY = "sk_test_fake";
    public static final String WEBHOOK_SECRET = "whsec_test_fake";

    /** One request as it arrived. */
    public record Request(String method, String path, Map<String, String> form, String idempotencyKey) {
    }

    private record Stored(Map<String, String> form, int status, String body) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, Object>> intents = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> refunds = new ConcurrentHashMap<>();
    private final Map<String, Stored> byKey = new ConcurrentHashMap<>();
    private final Map<String, Object> keyLocks = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger serverErrors = new AtomicInteger();
    private final AtomicInteger rateLimits = new AtomicInteger();
    private final AtomicInteger declines = new AtomicInteger();
    private final AtomicInteger processing = new AtomicInteger();
    private final AtomicInteger pendingRefunds = new AtomicInteger();
    private final AtomicInteger refusedRefunds = new AtomicInteger();
    private final AtomicInteger drops = new AtomicInteger();
    private volatile Duration delay = Duration.ZERO;

    private FakeStripe(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static FakeStripe start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread thread = new Thread(r, "fake-stripe");
                thread.setDaemon(true);
                return thread;
            });
            var fake = new FakeStripe(server, executor);
            server.createContext("/", fake::handle);
            server.setExecutor(executor);
            server.start();
            return fake;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Forgets every object, key, request and injected failure. */
    public void reset() {
        requests.clear();
        intents.clear();
        refunds.clear();
        byKey.clear();
        keyLocks.clear();
        serverErrors.set(0);
        rateLimits.set(0);
        declines.set(0);
        processing.set(0);
        pendingRefunds.set(0);
        refusedRefunds.set(0);
        drops.set(0);
        delay = Duration.ZERO;
    }

    // ---- failure injection -------------------------------------------------------------------

    /** The next {@code n} requests answer 500 api_error and store nothing. */
    public FakeStripe failNext(int n) {
        serverErrors.set(n);
        return this;
    }

    /** The next {@code n} requests answer 429 rate_limit and store nothing. */
    public FakeStripe rateLimitNext(int n) {
        rateLimits.set(n);
        return this;
    }

    /** The next PaymentIntent created is declined: 402 card_error card_declined (stored under its key). */
    public FakeStripe declineNext() {
        declines.set(1);
        return this;
    }

    /** The next PaymentIntent created stays {@code processing}, as an asynchronous payment method does. */
    public FakeStripe processingNext() {
        processing.set(1);
        return this;
    }

    /** The next Refund created stays {@code pending}. */
    public FakeStripe pendingRefundNext() {
        pendingRefunds.set(1);
        return this;
    }

    /**
     * The next Refund created is refused: 400 invalid_request_error charge_disputed (stored under
     * its key, as Stripe stores a 400 answer), no Refund made.
     */
    public FakeStripe refuseRefundNext() {
        refusedRefunds.set(1);
        return this;
    }

    /**
     * The next PaymentIntent is created (charged, answer stored under its key) but the connection
     * is closed without an answer: a network loss or crash after Stripe acted.
     */
    public FakeStripe chargeThenDropConnection() {
        return dropNext(1);
    }

    /**
     * The next {@code n} creates (PaymentIntent or Refund) are carried out, or replayed, but
     * their connection is closed without an answer.
     */
    public FakeStripe dropNext(int n) {
        drops.set(n);
        return this;
    }

    /** Every request waits this long before it is handled. */
    public FakeStripe delay(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** Stripe finishes an asynchronous PaymentIntent or Refund (without sending a webhook). */
    public void settle(String id, String status) {
        Map<String, Object> object = id.startsWith("re_") ? refunds.get(id) : intents.get(id);
        if (object == null) {
            throw new IllegalArgumentException("No such object " + id);
        }
        object.put("status", status);
    }

    // ---- inspection --------------------------------------------------------------------------

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    /** Distinct PaymentIntents created: with one order, anything but 1 is a double charge or none. */
    public int paymentIntentsCreated() {
        return intents.size();
    }

    public int refundsCreated() {
        return refunds.size();
    }

    public Map<String, Object> paymentIntent(String id) {
        return intents.get(id);
    }

    public List<Map<String, Object>> paymentIntents() {
        return List.copyOf(intents.values());
    }

    // ---- webhooks ----------------------------------------------------------------------------

    /** A Stripe event JSON with a fresh id about the given object. */
    public String event(String type, Map<String, Object> object) {
        var event = new LinkedHashMap<String, Object>();
        event.put("id", "evt_" + ids.incrementAndGet() + "_" + System.nanoTime());
        event.put("object", "event");
        event.put("api_version", Stripe.API_VERSION);
        event.put("created", Instant.now().getEpochSecond());
        event.put("type", type);
        event.put("livemode", false);
        event.put("pending_webhooks", 1);
        event.put("data", Map.of("object", object));
        return JSON.writeValueAsString(event);
    }

    /** An event about one of our PaymentIntents, as it is now. */
    public String paymentIntentEvent(String type, String intentId) {
        Map<String, Object> intent = intents.get(intentId);
        if (intent == null) {
            throw new IllegalArgumentException("No such PaymentIntent " + intentId);
        }
        return event(type, new LinkedHashMap<>(intent));
    }

    /** Posts an event signed with {@link #WEBHOOK_SECRET}, as Stripe does. */
    public TestHttp.Response sendWebhook(String url, String payload) {
        return sendWebhook(url, payload, signature(payload, WEBHOOK_SECRET));
    }

    public TestHttp.Response sendWebhook(String url, String payload, String signatureHeader) {
        var request = TestHttp.request("POST", url).json(payload);
        if (signatureHeader != null) {
            request.header("Stripe-Signature", signatureHeader);
        }
        return request.send();
    }

    public static String signature(String payload, String secret) {
        try {
            return Webhook.Signature.generateSignatureHeader(payload, secret);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- the server --------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Map<String, String> form = form(exchange.getRequestBody());
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            requests.add(new Request(method, path, form, key));
            pause(delay);
            if (!("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, error("invalid_request_error", null, "Invalid API Key provided"));
                return;
            }
            if (take(serverErrors)) {
                respond(exchange, 500, error("api_error", null, "An unknown error occurred (injected)"));
                return;
            }
            if (take(rateLimits)) {
                respond(exchange, 429, error("invalid_request_error", "rate_limit", "Too many requests (injected)"));
                return;
            }
            if (method.equals("POST") && (path.equals("/v1/payment_intents") || path.equals("/v1/refunds"))) {
                create(exchange, path, form, key);
            } else if (method.equals("GET") && path.startsWith("/v1/payment_intents/")) {
                retrieve(exchange, intents.get(path.substring("/v1/payment_intents/".length())));
            } else if (method.equals("GET") && path.startsWith("/v1/refunds/")) {
                retrieve(exchange, refunds.get(path.substring("/v1/refunds/".length())));
            } else {
                respond(exchange, 404, error("invalid_request_error", "resource_missing",
                        "Unrecognized request URL (" + method + ": " + path + ")"));
            }
        } finally {
            // before any response header was sent, this closes the connection itself
            exchange.close();
        }
    }

    private void create(HttpExchange exchange, String path, Map<String, String> form, String key) throws IOException {
        if (key == null) {
            Stored answer = path.equals("/v1/refunds") ? newRefund(form) : newPaymentIntent(form);
            respond(exchange, answer.status(), answer.body());
            return;
        }
        synchronized (keyLocks.computeIfAbsent(key, k -> new Object())) {
            Stored earlier = byKey.get(key);
            if (earlier != null) {
                if (!earlier.form().equals(form)) {
                    respond(exchange, 400, error("idempotency_error", null, "Keys for idempotent requests can only "
                            + "be used with the same parameters they were first used with."));
                    return;
                }
                if (take(drops)) {
                    return;
                }
                exchange.getResponseHeaders().add("Idempotent-Replayed", "true");
                respond(exchange, earlier.status(), earlier.body());
                return;
            }
            Stored answer = path.equals("/v1/refunds") ? newRefund(form) : newPaymentIntent(form);
            byKey.put(key, new Stored(form, answer.status(), answer.body()));
            if (take(drops)) {
                return;
            }
            respond(exchange, answer.status(), answer.body());
        }
    }

    private Stored newPaymentIntent(Map<String, String> form) {
        // as Stripe: EUR and USD need at least 0.50, GBP 0.30 (a small part of its table)
        long minimum = switch (String.valueOf(form.get("currency"))) {
            case "eur", "usd" -> 50;
            case "gbp" -> 30;
            default -> 0;
        };
        if (Long.parseLong(form.getOrDefault("amount", "0")) < minimum) {
            return new Stored(form, 400, error("invalid_request_error", "amount_too_small",
                    "Amount must be at least " + minimum + " minor units of " + form.get("currency")));
        }
        String id = "pi_fake_" + ids.incrementAndGet();
        var intent = new LinkedHashMap<String, Object>();
        intent.put("id", id);
        intent.put("object", "payment_intent");
        intent.put("amount", Long.parseLong(form.getOrDefault("amount", "0")));
        intent.put("amount_received", 0);
        intent.put("currency", form.get("currency"));
        intent.put("customer", form.get("customer"));
        intent.put("payment_method", form.get("payment_method"));
        intent.put("capture_method", "automatic");
        intent.put("confirmation_method", "automatic");
        intent.put("created", Instant.now().getEpochSecond());
        intent.put("livemode", false);
        intent.put("metadata", metadata(form));
        if (take(declines)) {
            var lastError = new LinkedHashMap<String, Object>();
            lastError.put("type", "card_error");
            lastError.put("code", "card_declined");
            lastError.put("decline_code", "insufficient_funds");
            lastError.put("message", "Your card has insufficient funds.");
            intent.put("status", "requires_payment_method");
            intent.put("last_payment_error", lastError);
            intents.put(id, intent);
            var error = new LinkedHashMap<String, Object>(lastError);
            error.put("payment_intent", intent);
            return new Stored(form, 402, JSON.writeValueAsString(Map.of("error", error)));
        }
        boolean async = take(processing);
        intent.put("status", async ? "processing" : "succeeded");
        intent.put("amount_received", async ? 0 : intent.get("amount"));
        intents.put(id, intent);
        return new Stored(form, 200, JSON.writeValueAsString(intent));
    }

    private Stored newRefund(Map<String, String> form) {
        Map<String, Object> intent = intents.get(form.get("payment_intent"));
        if (intent == null) {
            return new Stored(form, 404, error("invalid_request_error", "resource_missing",
                    "No such payment_intent: '" + form.get("payment_intent") + "'"));
        }
        if (take(refusedRefunds)) {
            return new Stored(form, 400, error("invalid_request_error", "charge_disputed",
                    "Charge " + intent.get("id") + " has been charged back; cannot issue a refund."));
        }
        long amount = Long.parseLong(form.getOrDefault("amount", intent.get("amount").toString()));
        long refunded = refunds.values().stream().filter(r -> intent.get("id").equals(r.get("payment_intent")))
                .mapToLong(r -> ((Number) r.get("amount")).longValue()).sum();
        if (!"succeeded".equals(intent.get("status")) || refunded + amount > ((Number) intent.get("amount")).longValue()) {
            return new Stored(form, 400, error("invalid_request_error", "charge_already_refunded",
                    "Refund amount exceeds what is left of the charge"));
        }
        String id = "re_fake_" + ids.incrementAndGet();
        var refund = new LinkedHashMap<String, Object>();
        refund.put("id", id);
        refund.put("object", "refund");
        refund.put("amount", amount);
        refund.put("currency", intent.get("currency"));
        refund.put("payment_intent", intent.get("id"));
        refund.put("status", take(pendingRefunds) ? "pending" : "succeeded");
        refund.put("created", Instant.now().getEpochSecond());
        refund.put("metadata", metadata(form));
        refunds.put(id, refund);
        return new Stored(form, 200, JSON.writeValueAsString(refund));
    }

    private static void retrieve(HttpExchange exchange, Map<String, Object> object) throws IOException {
        if (object == null) {
            respond(exchange, 404, error("invalid_request_error", "resource_missing", "No such object"));
        } else {
            respond(exchange, 200, JSON.writeValueAsString(object));
        }
    }

    private static Map<String, String> metadata(Map<String, String> form) {
        var metadata = new LinkedHashMap<String, String>();
        form.forEach((k, v) -> {
            if (k.startsWith("metadata[") && k.endsWith("]")) {
                metadata.put(k.substring("metadata[".length(), k.length() - 1), v);
            }
        });
        return metadata;
    }

    private static String error(String type, String code, String message) {
        var error = new LinkedHashMap<String, Object>();
        error.put("type", type);
        if (code != null) {
            error.put("code", code);
        }
        error.put("message", message);
        return JSON.writeValueAsString(Map.of("error", error));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Request-Id", "req_fake_" + System.nanoTime());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, String> form(InputStream body) throws IOException {
        String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        var form = new LinkedHashMap<String, String>();
        if (text.isEmpty()) {
            return form;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(name, value);
        }
        return form;
    }

    private static boolean take(AtomicInteger counter) {
        return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For tests that want to see what was sent: the requests with the given idempotency key. */
    public List<Request> withKey(String key) {
        var matching = new ArrayList<Request>();
        for (Request request : requests) {
            if (key.equals(request.idempotencyKey())) {
                matching.add(request);
            }
        }
        return matching;
    }
}
