package com.rollyy.cposim;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single HTTP entry point: records the request, applies latency, authenticates, routes,
 * and writes the reply with the echoed X-Request-ID / X-Correlation-ID.
 */
final class OcpiRouter implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OcpiRouter.class);

    private final RegistrationState state;
    private final SimulatorKnobs knobs;
    private final VersionsHandler versions;
    private final CredentialsHandler credentials;
    private final SenderHandler sender;
    private final CommandsHandler commands;
    private final SessionsCdrsSender sessionsAndCdrs;
    private final SenderFaults faults;
    private final Consumer<RecordedRequest> recorder;
    /** Modules mounted after construction (see {@link #route}), tried after the built-in ones. */
    private final java.util.List<Route> routes = new java.util.concurrent.CopyOnWriteArrayList<>();

    private record Route(java.util.function.Predicate<String> serves, java.util.function.Function<Inbound, Reply> handler) {
    }

    OcpiRouter(RegistrationState state, SimulatorKnobs knobs, VersionsHandler versions,
               CredentialsHandler credentials, SenderHandler sender, CommandsHandler commands,
               SessionsCdrsSender sessionsAndCdrs, SenderFaults faults, Consumer<RecordedRequest> recorder) {
        this.state = state;
        this.knobs = knobs;
        this.versions = versions;
        this.credentials = credentials;
        this.sender = sender;
        this.commands = commands;
        this.sessionsAndCdrs = sessionsAndCdrs;
        this.faults = faults;
        this.recorder = recorder;
    }

    /** Mounts a module: requests whose normalised path {@code serves} accepts go to {@code handler}. */
    OcpiRouter route(java.util.function.Predicate<String> serves, java.util.function.Function<Inbound, Reply> handler) {
        routes.add(new Route(serves, handler));
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
            pause(knobs.latencyMillis());

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
        Inbound request = authenticated.get();
        if (request.caller() == RegistrationState.Caller.TOKEN_A && !OcpiPaths.acceptsTokenA(path)) {
            return Reply.httpError(401, OcpiEnvelope.CLIENT_ERROR,
                    "Token A is only valid on versions, version details and credentials");
        }
        switch (path) {
            case OcpiPaths.VERSIONS:
                return versions.versions(request);
            case OcpiPaths.DETAILS:
                return versions.details(request);
            case OcpiPaths.CREDENTIALS:
                return credentials.handle(request);
            default:
                if (SenderHandler.serves(path)) {
                    return faults.answer(request, () -> sender.handle(request));
                }
                if (SessionsCdrsSender.serves(path)) {
                    return faults.answer(request, () -> sessionsAndCdrs.handle(request));
                }
                if (CommandsHandler.serves(path)) {
                    return faults.answer(request, () -> commands.handle(request));
                }
                for (Route route : routes) {
                    if (route.serves().test(path)) {
                        return route.handler().apply(request);
                    }
                }
                return Reply.httpError(404, OcpiEnvelope.CLIENT_ERROR, "Unknown path: " + path);
        }
    }

    /** Base64 first (the 2.2.1 rule), then the raw value for 2.1.1-style peers unless forbidden. */
    private Optional<Inbound> authenticate(Inbound anonymous, String authorization) {
        Optional<String> credential = Tokens.credentialOf(authorization);
        if (credential.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> decoded = Tokens.decode(credential.get());
        if (decoded.isPresent()) {
            Optional<RegistrationState.Caller> caller = state.identify(decoded.get());
            if (caller.isPresent()) {
                return Optional.of(as(anonymous, decoded.get(), caller.get()));
            }
        }
        if (knobs.requireBase64()) {
            return Optional.empty();
        }
        return state.identify(credential.get()).map(caller -> as(anonymous, credential.get(), caller));
    }

    private static Inbound as(Inbound request, String token, RegistrationState.Caller caller) {
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
