package com.rollyy.cposim.ocpi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single HTTP entry point: records the request, applies latency, authenticates, routes,
 * and writes the reply with the echoed X-Request-ID / X-Correlation-ID. It knows no module: each
 * is mounted with {@link #route}, and who a token belongs to is asked of {@code identify}.
 */
public final class OcpiRouter implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OcpiRouter.class);

    private final Function<String, Optional<Caller>> identify;
    private final LongSupplier latencyMillis;
    private final BooleanSupplier requireBase64;
    private final Consumer<RecordedRequest> recorder;
    /** The mounted modules (see {@link #route}), tried in the order they were mounted. */
    private final java.util.List<Route> routes = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The OCPI version on the wire: requests are translated to the model before routing, answers back. */
    private volatile WireEdge edge = WireEdge.V221;

    private record Route(java.util.function.Predicate<String> serves, java.util.function.Function<Inbound, Reply> handler) {
    }

    /**
     * @param identify      the kind of a (decoded or raw) credentials token, empty when unknown
     * @param latencyMillis delay applied before answering any request
     * @param requireBase64 whether raw (non-Base64) tokens are refused
     * @param recorder      gets every request as it arrives
     */
    public OcpiRouter(Function<String, Optional<Caller>> identify, LongSupplier latencyMillis,
                      BooleanSupplier requireBase64, Consumer<RecordedRequest> recorder) {
        this.identify = identify;
        this.latencyMillis = latencyMillis;
        this.requireBase64 = requireBase64;
        this.recorder = recorder;
    }

    /** Mounts a module: requests whose normalised path {@code serves} accepts go to {@code handler}. */
    public OcpiRouter route(java.util.function.Predicate<String> serves, java.util.function.Function<Inbound, Reply> handler) {
        routes.add(new Route(serves, handler));
        return this;
    }

    /** Speaks {@code edge}'s version on the wire (the default is 2.2.1, the model itself). */
    public OcpiRouter edge(WireEdge edge) {
        this.edge = java.util.Objects.requireNonNull(edge, "edge");
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String rawPath = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            recorder.accept(new RecordedRequest(method, query == null ? rawPath : rawPath + "?" + query,
                    exchange.getRequestHeaders(), body, Instant.now()));
            pause(latencyMillis.getAsLong());

            Reply reply = dispatch(method, OcpiPaths.normalize(rawPath), query, body, exchange.getRequestHeaders());
            LOG.debug("inbound {} {} -> {}", method, rawPath, reply.dropConnection() ? "closed"
                    : reply.cutMidBody() ? reply.httpStatus() + ", cut off mid-body" : reply.httpStatus());
            write(exchange, reply);
        } catch (IOException | RuntimeException e) {
            LOG.warn("failed to handle {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
            try {
                write(exchange, Reply.httpError(500, OcpiEnvelope.SERVER_ERROR, "Simulator error: " + e));
            } catch (IOException | RuntimeException ignored) {
                // the response may already be half-written; closing below is all we can do
            }
        } finally {
            exchange.close();
        }
    }

    private Reply dispatch(String method, String path, String query, String body, Headers headers) {
        Optional<Inbound> authenticated = authenticate(new Inbound(method, path, query, body, null, null, headers),
                headers.getFirst("Authorization"));
        if (authenticated.isEmpty()) {
            return Reply.httpError(401, OcpiEnvelope.CLIENT_ERROR, "Unknown or missing token");
        }
        WireEdge edge = this.edge.at(method, path);
        Optional<Inbound> translated = edge.toModel(authenticated.get());
        if (translated.isEmpty()) {
            return Reply.httpError(404, OcpiEnvelope.CLIENT_ERROR, "Unknown path: " + path);
        }
        Inbound request = translated.get();
        if (request.caller() == Caller.TOKEN_A && !OcpiPaths.acceptsTokenA(request.path())) {
            return Reply.httpError(401, OcpiEnvelope.CLIENT_ERROR,
                    "Token A is only valid on versions, version details and credentials");
        }
        for (Route route : routes) {
            if (route.serves().test(request.path())) {
                return edge.toWire(request, route.handler().apply(request));
            }
        }
        return Reply.httpError(404, OcpiEnvelope.CLIENT_ERROR, "Unknown path: " + path);
    }

    /** Base64 first (the 2.2.1 rule), then the raw value for 2.1.1-style peers unless forbidden. */
    private Optional<Inbound> authenticate(Inbound anonymous, String authorization) {
        Optional<String> credential = Tokens.credentialOf(authorization);
        if (credential.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> decoded = Tokens.decode(credential.get());
        if (decoded.isPresent()) {
            Optional<Caller> caller = identify.apply(decoded.get());
            if (caller.isPresent()) {
                return Optional.of(as(anonymous, decoded.get(), caller.get()));
            }
        }
        if (requireBase64.getAsBoolean()) {
            return Optional.empty();
        }
        return identify.apply(credential.get()).map(caller -> as(anonymous, credential.get(), caller));
    }

    private static Inbound as(Inbound request, String token, Caller caller) {
        return new Inbound(request.method(), request.path(), request.query(), request.body(), token, caller,
                request.headers());
    }

    private static void write(HttpExchange exchange, Reply reply) throws IOException {
        if (reply.dropConnection()) {
            // closing an exchange before sendResponseHeaders makes the JDK server drop the socket
            return;
        }
        String requestId = exchange.getRequestHeaders().getFirst("X-Request-ID");
        String correlationId = exchange.getRequestHeaders().getFirst("X-Correlation-ID");
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.getResponseHeaders().set("X-Request-ID", requestId != null ? requestId : EmspClient.newId());
        exchange.getResponseHeaders().set("X-Correlation-ID",
                correlationId != null ? correlationId : EmspClient.newId());
        reply.headers().forEach(exchange.getResponseHeaders()::set);
        if (reply.cutMidBody()) {
            byte[] whole = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.httpStatus(), whole.length);
            OutputStream out = exchange.getResponseBody();
            out.write(whole, 0, whole.length / 2);
            out.flush();
            // left open on purpose: closing the exchange with bytes still owed makes the JDK server
            // close the connection, and the peer sees the transfer end mid-body
            return;
        }
        if (reply.stream() != null) {
            exchange.sendResponseHeaders(reply.httpStatus(), 0);  // chunked: the length is not known yet
            try (OutputStream out = exchange.getResponseBody()) {
                reply.stream().writeTo(out);
            }
            return;
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.httpStatus(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
