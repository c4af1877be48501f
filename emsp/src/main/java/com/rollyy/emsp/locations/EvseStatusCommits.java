package com.rollyy.emsp.locations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.rollyy.emsp.ocpi.ObjectKey;

/**
 * Group commit of status-only EVSE PATCHes (issue 15), the receiver's most frequent write. A
 * request thread hands its PATCH to a committer thread and waits; a committer takes every PATCH
 * waiting (up to {@code max-batch}), applies each with the same one-statement update as before
 * ({@link LocationRepository#patchEvseStatus}: owner, staleness, EVSE and Location together) in
 * one transaction, commits once, and only then answers each request with its own result. Under
 * load, one durable commit (one WAL flush) serves many PATCHes; alone, a PATCH is a batch of one.
 * Nothing is answered before its commit: durability is as before.
 * <p>
 * A batch holds its row locks until it commits, so batches must not wait for each other in a
 * circle: a batch takes at most one PATCH per Location (a second one for the same Location waits
 * for the next batch, so PATCHes of one EVSE stay in their order) and applies them in the order of
 * the Location keys. Each update locks the Location and then its EVSE, like every other write
 * of an EVSE; two batches that meet on a Location wait for each other only there, and the one
 * holding that Location never needs anything of a Location before it.
 * <p>
 * If a batch fails (a deadlock with another kind of write, a constraint), its PATCHes are applied
 * again one by one, each in its own transaction, so one bad PATCH fails alone. If the database
 * cannot be reached, every PATCH of the batch gets that error at once.
 */
@Component
class EvseStatusCommits {

    private static final Logger log = LoggerFactory.getLogger(EvseStatusCommits.class);
    private static final Comparator<Entry> BY_LOCATION = Comparator
            .comparing((Entry e) -> e.location.countryCode())
            .thenComparing(e -> e.location.partyId())
            .thenComparing(e -> e.location.id());

    private final LocationRepository repository;
    private final TransactionTemplate tx;
    private final boolean enabled;
    private final int maxBatch;
    private final LinkedBlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    private final List<Thread> committers = new ArrayList<>();
    private final DistributionSummary batches;
    private volatile boolean closed;

    EvseStatusCommits(LocationRepository repository, TransactionTemplate tx, MeterRegistry meters,
                      @Value("${rollyy.locations.group-commit.enabled:true}") boolean enabled,
                      @Value("${rollyy.locations.group-commit.max-batch:64}") int maxBatch,
                      @Value("${rollyy.locations.group-commit.committers:2}") int committers) {
        this.repository = repository;
        this.tx = tx;
        this.enabled = enabled;
        this.maxBatch = Math.max(1, maxBatch);
        this.batches = DistributionSummary.builder("rollyy.evse.status.commits")
                .description("Status-only EVSE PATCHes per database commit (group commit)")
                .baseUnit("patches")
                .register(meters);
        if (enabled) {
            for (int i = 1; i <= Math.max(1, committers); i++) {
                Thread t = new Thread(this::commitLoop, "evse-status-commit-" + i);
                t.setDaemon(true);
                this.committers.add(t);
                t.start();
            }
        }
    }

    /** One status PATCH waiting to be applied, and the answer its request waits for. */
    private static final class Entry {
        final ObjectKey location;
        final String uid;
        final UUID connectionId;
        final Evse.Status status;
        final Instant lastUpdated;
        final CompletableFuture<Boolean> applied = new CompletableFuture<>();

        Entry(ObjectKey location, String uid, UUID connectionId, Evse.Status status, Instant lastUpdated) {
            this.location = location;
            this.uid = uid;
            this.connectionId = connectionId;
            this.status = status;
            this.lastUpdated = lastUpdated;
        }
    }

    /**
     * Applies a status PATCH and returns once it is committed: true when the EVSE was updated,
     * false when the one-statement path did not apply (unknown, not the caller's, or stale: the
     * caller's general path decides which). Errors are the update's own.
     */
    boolean apply(ObjectKey location, String uid, UUID connectionId, Evse.Status status, Instant lastUpdated) {
        if (!enabled || closed) {
            return repository.patchEvseStatus(location, uid, connectionId, status, lastUpdated);
        }
        var entry = new Entry(location, uid, connectionId, status, lastUpdated);
        queue.add(entry);
        try {
            return entry.applied.get();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the EVSE status was being committed", ex);
        } catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(ex.getCause());
        }
    }

    private void commitLoop() {
        var deferred = new ArrayList<Entry>();
        while (!closed) {
            try {
                Entry first = deferred.isEmpty() ? queue.poll(200, TimeUnit.MILLISECONDS) : null;
                if (first == null && deferred.isEmpty()) {
                    continue;
                }
                var waiting = new ArrayList<Entry>(deferred);
                deferred.clear();
                if (first != null) {
                    waiting.add(first);
                }
                queue.drainTo(waiting, Math.max(0, maxBatch - waiting.size()));
                // one PATCH per Location in a batch; the others, in their order, go in the next one
                var batch = new ArrayList<Entry>();
                var locations = new HashSet<ObjectKey>();
                for (Entry e : waiting) {
                    if (locations.add(e.location)) {
                        batch.add(e);
                    } else {
                        deferred.add(e);
                    }
                }
                batch.sort(BY_LOCATION);
                commit(batch);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error ex) {
                log.error("EVSE status committer: unexpected failure", ex);
            }
        }
        deferred.forEach(this::one); // shutting down: what this committer still held, one by one
    }

    private void commit(List<Entry> batch) {
        batches.record(batch.size());
        if (batch.size() == 1) {
            one(batch.get(0));
            return;
        }
        boolean[] results = new boolean[batch.size()];
        try {
            tx.executeWithoutResult(s -> {
                for (int i = 0; i < batch.size(); i++) {
                    Entry e = batch.get(i);
                    results[i] = repository.patchEvseStatus(e.location, e.uid, e.connectionId, e.status,
                            e.lastUpdated);
                }
            });
        } catch (DataAccessResourceFailureException unreachable) {
            batch.forEach(e -> e.applied.completeExceptionally(unreachable));
            return;
        } catch (RuntimeException failed) {
            log.warn("EVSE status batch of {} failed ({}); applying them one by one", batch.size(),
                    failed.toString());
            batch.forEach(this::one);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).applied.complete(results[i]);
        }
    }

    private void one(Entry e) {
        try {
            e.applied.complete(repository.patchEvseStatus(e.location, e.uid, e.connectionId, e.status, e.lastUpdated));
        } catch (RuntimeException ex) {
            e.applied.completeExceptionally(ex);
        }
    }

    @PreDestroy
    void close() throws InterruptedException {
        closed = true;
        for (Thread t : committers) {
            t.join(TimeUnit.SECONDS.toMillis(5));
        }
        Entry left;
        while ((left = queue.poll()) != null) {
            one(left);
        }
    }
}
