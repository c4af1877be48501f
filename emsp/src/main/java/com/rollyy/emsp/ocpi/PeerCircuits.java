package com.rollyy.emsp.ocpi;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * A circuit breaker per peer host: after {@code failures} calls in a row that got no answer (or a
 * 5xx), calls to that host fail at once for {@code openFor}; then one call is let through and
 * its outcome closes or reopens the circuit. A host answering 429 is left alone for its
 * Retry-After. One slow or dead CPO thus never ties up threads that other CPOs' traffic needs.
 */
@Component
public class PeerCircuits {

    private static final Logger log = LoggerFactory.getLogger(PeerCircuits.class);

    @ConfigurationProperties("rollyy.ocpi.circuit")
    public record Settings(@DefaultValue("5") int failures, @DefaultValue("30s") Duration openFor) {
    }

    private final Settings settings;
    private final ConcurrentHashMap<String, State> hosts = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    public PeerCircuits(Settings settings) {
        this(settings, new SimpleMeterRegistry());
    }

    @Autowired
    public PeerCircuits(Settings settings, MeterRegistry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    private static final class State {
        int failures;
        long openUntilNanos;
        boolean trialRunning;
        /** Why the circuit is open, for the refusal's message. */
        String openedBecause;
        Meter.Id gauge;

        /** 0 closed, 1 half-open (open time over: the next call is a trial), 2 open. */
        synchronized double value() {
            if (openUntilNanos == 0) {
                return 0;
            }
            return trialRunning || System.nanoTime() - openUntilNanos >= 0 ? 1 : 2;
        }
    }

    /**
     * A host's state, created with its gauge {@code ocpi_client_circuit_state{peer="host:port"}}
     * the first time we call it.
     */
    private State state(String host) {
        return hosts.computeIfAbsent(host, h -> {
            State state = new State();
            state.gauge = Gauge.builder("ocpi.client.circuit.state", state, State::value)
                    .description("Circuit of a peer host: 0 closed, 1 half-open, 2 open")
                    .tag("peer", h)
                    .register(registry).getId();
            return state;
        });
    }

    private void opened(String host) {
        Counter.builder("ocpi.client.circuit.opened").description("Times a peer host's circuit opened")
                .tag("peer", host).register(registry).increment();
    }

    /**
     * The circuit of the host of {@code url} as operators see it: {@code closed}, {@code half_open}
     * (the open time is over: the next call is a trial) or {@code open}; closed for a host never
     * called.
     */
    public String stateOf(String url) {
        if (url == null) {
            return "closed";
        }
        State state = hosts.get(host(url));
        double value = state == null ? 0 : state.value();
        return value == 0 ? "closed" : value == 1 ? "half_open" : "open";
    }

    /** Null when a call to this URL may go out, else why not (the circuit is open). */
    String refusal(String url) {
        String host = host(url);
        State state = hosts.get(host);
        if (state == null) {
            return null;
        }
        synchronized (state) {
            long now = System.nanoTime();
            if (state.openUntilNanos == 0) {
                return null;
            }
            if (now - state.openUntilNanos < 0) {
                long seconds = Math.max(1, (state.openUntilNanos - now + 999_999_999L) / 1_000_000_000L);
                return "circuit open for " + host + " for another " + seconds + " s " + state.openedBecause;
            }
            if (state.trialRunning) {
                return "circuit half-open for " + host + ": a trial call is under way";
            }
            state.trialRunning = true;
            return null;
        }
    }

    void succeeded(String url) {
        State state = state(host(url)); // every peer host that answered shows in the gauge, at 0
        synchronized (state) {
            if (state.openUntilNanos != 0) {
                log.info("Circuit for {} closed: the peer answers again", host(url));
            }
            state.failures = 0;
            state.openUntilNanos = 0;
            state.trialRunning = false;
        }
    }

    void failed(String url) {
        String host = host(url);
        State state = state(host);
        synchronized (state) {
            state.failures++;
            state.trialRunning = false;
            if (state.failures >= settings.failures() || state.openUntilNanos != 0) {
                if (state.openUntilNanos == 0) {
                    opened(host);
                }
                state.openUntilNanos = System.nanoTime() + settings.openFor().toNanos();
                state.openedBecause = "after repeated failures";
                log.warn("Circuit for {} open for {} after {} failure(s) in a row", host, settings.openFor(),
                        state.failures);
            }
        }
    }

    /** The peer asked us to wait (429 Retry-After): its circuit opens for that long. */
    void backOff(String url, Duration wait) {
        State state = state(host(url));
        synchronized (state) {
            if (state.openUntilNanos == 0) {
                opened(host(url));
            }
            state.trialRunning = false;
            state.openUntilNanos = System.nanoTime() + wait.toNanos();
            state.openedBecause = "as the peer asked (HTTP 429, Retry-After " + wait.toSeconds() + " s)";
        }
    }

    /** Forget every circuit (tests). */
    public void reset() {
        hosts.values().forEach(s -> registry.remove(s.gauge));
        hosts.clear();
    }

    private static String host(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getHost() + ":" + uri.getPort();
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
