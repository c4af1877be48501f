package com.rollyy.emsp.ocpi;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code ocpi_client_requests_seconds}: every HTTP request we send to a peer, tagged with the
 * connection, the OCPI module, the method and how it ended ({@link #outcome}). One fixed set of
 * buckets keeps the histogram small per peer.
 */
final class OcpiClientMeters {

    static final String NAME = "ocpi.client.requests";
    /** The span of the same request (config.Tracing keeps it from making a second timer). */
    static final String SPAN = "ocpi.client.request";
    private static final Duration[] BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final MeterRegistry registry;

    OcpiClientMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(OcpiPeer peer, String method, long startedNanos, String outcome) {
        Timer.builder(NAME)
                .description("OCPI requests this service sent to peers")
                .tag("connection", connection(peer))
                .tag("module", module(peer))
                .tag("method", method)
                .tag("outcome", outcome)
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    static String connection(OcpiPeer peer) {
        return peer == null || peer.connection() == null ? "none" : peer.connection();
    }

    static String module(OcpiPeer peer) {
        return peer == null || peer.module() == null ? "unknown" : peer.module();
    }

    /**
     * OK; REJECTED (an HTTP error or an OCPI status_code other than 1xxx); NOT_JSON, NOT_OCPI,
     * TOO_LARGE; UNREACHABLE (refused, unknown host, connect timeout); TIMEOUT (no answer within
     * the read timeout); CIRCUIT_OPEN (not sent: the peer's circuit is open).
     */
    static String outcome(OcpiClientException e) {
        if (e.kind() != OcpiClientException.Kind.UNREACHABLE) {
            return e.kind().name();
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof CircuitOpen) {
                return "CIRCUIT_OPEN";
            }
            if (t instanceof java.net.http.HttpConnectTimeoutException) {
                return "UNREACHABLE";
            }
            if (t instanceof java.net.http.HttpTimeoutException || t instanceof java.net.SocketTimeoutException) {
                return "TIMEOUT";
            }
        }
        return "UNREACHABLE";
    }

    /** The cause of a call never sent because the peer's circuit is open. */
    static final class CircuitOpen extends java.net.ConnectException {
        CircuitOpen(String message) {
            super(message);
        }
    }
}
