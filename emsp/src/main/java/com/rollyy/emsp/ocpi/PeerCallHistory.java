package com.rollyy.emsp.ocpi;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The OCPI requests this instance sent to each connection over the last hour, by how they ended:
 * read from the {@code ocpi_client_requests_seconds} timers themselves (the same source as the
 * meter), which count since start-up; a snapshot of those counts every minute gives the
 * difference over a sliding hour. Until the service has run an hour, "the last hour" is "since
 * start-up" ({@link Counts#since}).
 */
@Component
public class PeerCallHistory implements AutoCloseable {

    private static final Duration WINDOW = Duration.ofHours(1);

    /** Calls of one connection: OK, REJECTED (the peer answered with an error) and failed (no usable answer). */
    public record Counts(long ok, long rejected, long failed, Instant since) {

        public long calls() {
            return ok + rejected + failed;
        }

        /** (rejected + failed) / calls; 0 without calls. */
        public double errorRate() {
            return calls() == 0 ? 0 : (double) (rejected + failed) / calls();
        }

        Counts minus(Counts earlier) {
            return new Counts(ok - earlier.ok, rejected - earlier.rejected, failed - earlier.failed, earlier.since);
        }
    }

    private record Snapshot(Instant at, Map<String, Counts> byConnection) {
    }

    private final MeterRegistry registry;
    private final java.time.Clock clock;
    private final Instant started;
    private final Deque<Snapshot> snapshots = new ArrayDeque<>();
    private final ScheduledExecutorService executor;

    @org.springframework.beans.factory.annotation.Autowired
    public PeerCallHistory(MeterRegistry registry) {
        this(registry, java.time.Clock.systemUTC());
        executor.scheduleAtFixedRate(this::snapshot, 1, 1, TimeUnit.MINUTES);
    }

    /** Snapshots only when {@link #snapshot()} is called (tests). */
    PeerCallHistory(MeterRegistry registry, java.time.Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.started = clock.instant();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, "peer-call-history");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The requests sent to the connection in the last hour (or since start-up, if shorter). */
    public Counts lastHour(UUID connectionId) {
        String id = connectionId.toString();
        Counts now = totals(clock.instant()).getOrDefault(id, new Counts(0, 0, 0, started));
        Snapshot base;
        synchronized (snapshots) {
            base = snapshots.peekFirst();
        }
        if (base == null) {
            return new Counts(now.ok(), now.rejected(), now.failed(), started);
        }
        return now.minus(base.byConnection().getOrDefault(id, new Counts(0, 0, 0, base.at())));
    }

    void snapshot() {
        Instant at = clock.instant();
        var snapshot = new Snapshot(at, totals(at));
        synchronized (snapshots) {
            snapshots.addLast(snapshot);
            while (!snapshots.isEmpty() && snapshots.peekFirst().at().isBefore(at.minus(WINDOW))) {
                snapshots.removeFirst();
            }
        }
    }

    /** Counts since start-up per connection id, summed over modules and methods. */
    private Map<String, Counts> totals(Instant at) {
        Map<String, Counts> totals = new HashMap<>();
        for (Timer timer : registry.find(OcpiClientMeters.NAME).timers()) {
            String connection = timer.getId().getTag("connection");
            String outcome = timer.getId().getTag("outcome");
            if (connection == null || outcome == null) {
                continue;
            }
            long n = timer.count();
            Counts add = switch (outcome) {
                case "OK" -> new Counts(n, 0, 0, at);
                case "REJECTED" -> new Counts(0, n, 0, at);
                default -> new Counts(0, 0, n, at);
            };
            totals.merge(connection, add, (a, b) -> new Counts(a.ok() + b.ok(), a.rejected() + b.rejected(),
                    a.failed() + b.failed(), at));
        }
        return totals;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
