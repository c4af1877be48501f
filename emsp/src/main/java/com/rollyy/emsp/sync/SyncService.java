package com.rollyy.emsp.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.connections.PeerLink;
import com.rollyy.emsp.connections.Peers;
import com.rollyy.emsp.ocpi.InterfaceRole;
import com.rollyy.emsp.ocpi.OcpiClientException;
import com.rollyy.emsp.ocpi.OcpiException;

/**
 * Runs pulls on demand (product API) and periodically per connection: incremental with
 * {@code date_from} once a full pull has succeeded, with a little overlap because clocks differ
 * and writes are idempotent. Periodic pulls of different connections run side by side on a small
 * pool, so one CPO that hangs until our timeouts holds up no other.
 */
@Service
public class SyncService {

    private static final Logger log = LoggerFactory.getLogger(SyncService.class);

    private final Map<String, PullSync> modules;
    private final Peers peers;
    private final SyncStateRepository state;
    private final SyncProperties properties;
    private final ExecutorService periodicPulls;
    /** Connections whose periodic pulls are queued or running: the next round skips them. */
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<SyncStateRepository.Running> running = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat;
    private final io.micrometer.core.instrument.MeterRegistry meters;

    SyncService(List<PullSync> modules, Peers peers, SyncStateRepository state, SyncProperties properties,
                io.micrometer.core.instrument.MeterRegistry meters) {
        this.meters = meters;
        this.modules = modules.stream().collect(Collectors.toMap(PullSync::module, Function.identity()));
        this.peers = peers;
        this.state = state;
        this.properties = properties;
        long beatMillis = Math.max(100, properties.claimTimeout().toMillis() / 4);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, "pull-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.scheduleWithFixedDelay(this::beat, beatMillis, beatMillis, TimeUnit.MILLISECONDS);
        var threads = new AtomicInteger();
        // a pull runs in the trace of what started it (the task run, a product request)
        this.periodicPulls = io.micrometer.context.ContextExecutorService.wrap(
                Executors.newFixedThreadPool(Math.max(1, properties.parallelConnections()), r -> {
                    var thread = new Thread(r, "periodic-pull-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }));
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        periodicPulls.shutdownNow();
        heartbeat.shutdownNow();
    }

    /** Keeps the claims of this instance's running pulls fresh; a dead instance's go stale. */
    private void beat() {
        if (!running.isEmpty()) {
            try {
                state.heartbeat(List.copyOf(running));
            } catch (RuntimeException e) {
                log.debug("Pull heartbeat failed: {}", e.getMessage());
            }
        }
    }

    /**
     * A pull's answer. {@code rejections} names the first {@link PullSync.SyncCounts#NAMED} refused
     * objects and why; the log names every one.
     */
    public record SyncResult(UUID connectionId, String module, int synced, int updated, int unchanged, int rejected,
                             boolean full, Instant dateFrom, long durationMs, List<RejectionView> rejections) {
    }

    /** A refused object: its key, why, and the connection that owns it when that is the reason. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record RejectionView(String object, String reason, UUID heldByConnectionId) {
    }

    public SyncResult run(UUID connectionId, String module, boolean forceFull) {
        return run(connectionId, module, forceFull, false).orElseThrow(() -> new ApiException(HttpStatus.CONFLICT,
                "sync_running", "A " + module + " pull for connection " + connectionId + " is already running"));
    }

    /**
     * One pull, if this instance gets the claim; {@code onlyIfDue}: and only if it is (still)
     * due, so that instances sharing the database run a periodic pull once.
     */
    private Optional<SyncResult> run(UUID connectionId, String module, boolean forceFull,
                                               boolean onlyIfDue) {
        PullSync sync = modules.get(module);
        if (sync == null) {
            throw ApiException.notFound("No pull for module " + module);
        }
        PeerLink peer = peers.active(connectionId).orElseThrow(() -> peers.exists(connectionId)
                ? new ApiException(HttpStatus.CONFLICT, "not_active", "Connection " + connectionId + " is not active")
                : ApiException.notFound("No connection " + connectionId));
        String url = peer.endpoint(module, InterfaceRole.SENDER).orElseThrow(() -> new ApiException(
                HttpStatus.UNPROCESSABLE_CONTENT, "missing_endpoints",
                "The CPO of connection " + connectionId + " offers no " + module + " Sender interface"));
        var claim = state.claim(connectionId, module, properties.claimTimeout(), onlyIfDue);
        if (claim.isEmpty()) {
            return Optional.empty();
        }
        var claimed = claim.get();
        var mine = new SyncStateRepository.Running(connectionId, module);
        running.add(mine);
        boolean full = forceFull || claimed.lastFullAt() == null || claimed.lastStartedAt() == null;
        Instant dateFrom = full ? null : claimed.lastStartedAt().minus(properties.overlap());
        Instant started = Instant.now();
        long run = state.nextRunId();
        try {
            var counts = sync.pull(peer, url, dateFrom, run);
            if (full && counts.rejected() > 0) {
                // a rejected object was returned, only malformed or not the connection's: retiring
                // "what the CPO no longer returns" would take its last good copy away
                log.warn("{} pull of {}: {} object(s) rejected, so nothing is retired this time", module,
                        connectionId, counts.rejected());
            } else if (full) {
                int retired = sync.retireUnseen(peer, run);
                if (retired > 0) {
                    log.info("{} pull of {}: {} object(s) no longer returned by the CPO", module, connectionId,
                            retired);
                }
            }
            state.succeeded(connectionId, module, started, full, counts.synced(), nextRun(properties.interval()));
            long ms = Duration.between(started, Instant.now()).toMillis();
            measure(module, full, "ok", started);
            objects(module, "updated", counts.updated());
            objects(module, "unchanged", counts.unchanged());
            objects(module, "rejected", counts.rejected());
            log.info("{} pull of {} ({}) done in {} ms: {} updated, {} unchanged, {} rejected", module,
                    connectionId, full ? "full" : "since " + dateFrom, ms, counts.updated(), counts.unchanged(),
                    counts.rejected());
            return Optional.of(new SyncResult(connectionId, module, counts.synced(), counts.updated(),
                    counts.unchanged(), counts.rejected(), full, dateFrom, ms, explain(counts.rejections())));
        } catch (OcpiClientException | OcpiException e) {
            measure(module, full, "failed", started);
            state.failed(connectionId, module, e.getMessage(), nextRun(retryAfterFailure()));
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "sync_failed",
                    "The " + module + " pull from the CPO failed: " + e.getMessage());
        } catch (RuntimeException e) {
            measure(module, full, "failed", started);
            state.failed(connectionId, module, e.toString(), nextRun(retryAfterFailure()));
            throw e;
        } finally {
            running.remove(mine);
        }
    }

    /** {@code ocpi_pulls_seconds{module,type,outcome}}: each pull's duration. */
    private void measure(String module, boolean full, String outcome, Instant started) {
        io.micrometer.core.instrument.Timer.builder("ocpi.pulls").description("Pulls from CPOs' Sender interfaces")
                .tag("module", module).tag("type", full ? "full" : "incremental").tag("outcome", outcome)
                .register(meters).record(Duration.between(started, Instant.now()));
    }

    /** {@code ocpi_pull_objects_total{module,result}}: objects pulled, by what became of them. */
    private void objects(String module, String result, int count) {
        meters.counter("ocpi.pull.objects", "module", module, "result", result).increment(count);
    }

    /** Names the owner of each object held by another connection, and what would move it here. */
    private List<RejectionView> explain(List<PullSync.Rejection> rejections) {
        var owners = new java.util.HashMap<UUID, String>();
        var summaries = rejections.stream().anyMatch(r -> r.heldBy() != null) ? peers.summaries()
                : Map.<UUID, Peers.Summary>of();
        return rejections.stream().map(r -> {
            if (r.heldBy() == null) {
                return new RejectionView(r.object(), r.reason(), null);
            }
            String owner = owners.computeIfAbsent(r.heldBy(), id -> {
                var summary = summaries.get(id);
                if (summary == null) {
                    return "connection " + id;
                }
                return "connection " + id + " (" + summary.name() + ", " + summary.status() + ")" + (summary.active()
                        ? ": while it is active it keeps its objects; unregister it (DELETE /ocpi/connections/" + id
                        + ") and its objects of a party this connection registered with move here"
                        : ": it is no longer registered; its objects move to a connection that registers with"
                        + " their party among its credentials roles");
            });
            return new RejectionView(r.object(), "held by " + owner, r.heldBy());
        }).toList();
    }

    /**
     * The fallback when pushes are missed: every due (connection, module) is pulled, in the
     * background. Called by the db-scheduler task {@code ocpi-pull-due} (see {@link SyncConfig}),
     * on one instance at a time; each pull is claimed only while due, so a round started on
     * another instance before this one's finished runs nothing twice.
     */
    void runDue() {
        if (properties.enabled()) {
            startDue();
        }
    }

    /** Pulls every (connection, module) whose next run has come and waits for them; returns how many succeeded. */
    int runDueNow() {
        return startDue().stream().mapToInt(CompletableFuture::join).sum();
    }

    /**
     * One task per connection, its due modules one after the other; the connections side by side
     * (at most {@code parallelConnections} at once). A connection still busy from the last round
     * is skipped.
     */
    private List<CompletableFuture<Integer>> startDue() {
        var started = new ArrayList<CompletableFuture<Integer>>();
        for (PeerLink peer : peers.allActive()) {
            if (inFlight.add(peer.connectionId())) {
                started.add(CompletableFuture.supplyAsync(() -> pullDue(peer), periodicPulls)
                        .whenComplete((ran, error) -> inFlight.remove(peer.connectionId())));
            }
        }
        return started;
    }

    private int pullDue(PeerLink peer) {
        int ran = 0;
        for (PullSync sync : modules.values()) {
            if (peer.endpoint(sync.module(), InterfaceRole.SENDER).isPresent()
                    && state.due(peer.connectionId(), sync.module())) {
                try {
                    if (run(peer.connectionId(), sync.module(), false, true).isPresent()) {
                        ran++;
                    }
                } catch (RuntimeException e) {
                    log.warn("Periodic {} pull of {} failed: {}", sync.module(), peer.connectionId(), e.getMessage());
                }
            }
        }
        return ran;
    }

    /** A failed pull is tried again after {@code retry-after-failure}, never later than a quarter interval. */
    private Duration retryAfterFailure() {
        Duration quarter = properties.interval().dividedBy(4);
        return properties.retryAfterFailure().compareTo(quarter) < 0 ? properties.retryAfterFailure() : quarter;
    }

    /** Random splay so pulls of many connections do not all start at once. */
    private static Instant nextRun(Duration interval) {
        long jitterMs = (long) (interval.toMillis() * 0.1 * ThreadLocalRandom.current().nextDouble());
        return Instant.now().plus(interval).plusMillis(jitterMs);
    }
}
