package com.rollyy.emsp.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.transaction.support.TransactionTemplate;

import com.rollyy.emsp.connections.PeerLink;
import com.rollyy.emsp.ocpi.OcpiClient;
import com.rollyy.emsp.ocpi.OcpiJson;
import com.rollyy.emsp.ocpi.OcpiObjects;

/**
 * The shape every pull has: stream the Sender's pages, validate each object, refuse other
 * parties' objects, and store batches in one transaction each with the receiver's rules (the
 * newer last_updated wins, an object owned through another connection is never touched).
 *
 * @param <T> the OCPI object
 * @param <K> its storage key
 */
public abstract class BatchedPull<T, K> implements PullSync {

    private static final Logger log = LoggerFactory.getLogger(BatchedPull.class);

    /** What is stored for a key: who owns it and how fresh it is. */
    public record Held(UUID connectionId, Instant lastUpdated) {
    }

    private final OcpiClient client;
    private final OcpiObjects objects;
    private final TransactionTemplate tx;
    private final SyncProperties properties;
    private final Class<T> type;

    protected BatchedPull(OcpiClient client, OcpiObjects objects, TransactionTemplate tx, SyncProperties properties,
                          Class<T> type) {
        this.client = client;
        this.objects = objects;
        this.tx = tx;
        this.properties = properties;
        this.type = type;
    }

    protected abstract K key(T object);

    protected abstract String countryCode(T object);

    protected abstract String partyId(T object);

    protected abstract Instant lastUpdated(T object);

    protected abstract Map<K, Held> held(List<K> keys);

    /** Stores new or newer objects; {@code existed} are the keys that were already stored. */
    protected abstract void write(UUID connectionId, List<T> fresh, java.util.Set<K> existed, long syncRun);

    protected abstract void markSeen(List<K> unchanged, long syncRun);

    /**
     * Two stages, so fetching and checking the next page overlaps with writing the current one:
     * a reader thread streams, validates and batches; this thread stores. At most two batches
     * wait between them, so memory stays bounded whatever the size of the network.
     */
    @Override
    public SyncCounts pull(PeerLink peer, String url, Instant dateFrom, long syncRun) {
        var params = new HashMap<String, String>();
        params.put("limit", Integer.toString(properties.pageSize()));
        if (dateFrom != null) {
            params.put("date_from", OcpiJson.format(dateFrom));
        }
        var handoff = new ArrayBlockingQueue<Object>(2);
        var rejected = new RejectedOnRead();
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        // the reader's requests are spans of this pull's trace
        Runnable reading = io.micrometer.context.ContextSnapshotFactory.builder().build().captureAll()
                .wrap(() -> read(peer, url, params, handoff, rejected, logContext));
        var reader = new Thread(reading, "pull-" + module() + "-" + peer.connectionId());
        reader.setDaemon(true);
        reader.start();
        SyncCounts counts = new SyncCounts(0, 0, 0);
        try {
            while (true) {
                Object next = handoff.take();
                if (next == END) {
                    break;
                }
                if (next instanceof ReadFailure failure) {
                    throw failure.error();
                }
                @SuppressWarnings("unchecked")
                List<T> batch = (List<T>) next;
                counts = counts.plus(store(peer, batch, syncRun));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Pull interrupted", e);
        } finally {
            reader.interrupt();
        }
        return rejected.counts().plus(counts);
    }

    /** Objects the reader refused before storing: counted, and the first few named. */
    private static final class RejectedOnRead {
        private final AtomicInteger count = new AtomicInteger();
        private final List<Rejection> named = java.util.Collections.synchronizedList(new ArrayList<>());

        void add(Rejection rejection) {
            if (count.incrementAndGet() <= SyncCounts.NAMED) {
                named.add(rejection);
            }
        }

        SyncCounts counts() {
            synchronized (named) {
                return new SyncCounts(0, 0, count.get(), named);
            }
        }
    }

    /** "CC/PID/ID" for an {@link com.rollyy.emsp.ocpi.ObjectKey}, else the key as it prints. */
    static String describe(Object key) {
        return key instanceof com.rollyy.emsp.ocpi.ObjectKey k ? k.countryCode() + "/" + k.partyId() + "/" + k.id()
                : String.valueOf(key);
    }

    private static final Object END = new Object();

    private record ReadFailure(RuntimeException error) {
    }

    private void read(PeerLink peer, String url, Map<String, String> params, BlockingQueue<Object> handoff,
                      RejectedOnRead rejected, Map<String, String> logContext) {
        if (logContext != null) {
            MDC.setContextMap(logContext);
        }
        try (var stream = client.list(url, params, peer.peer().forModule(module()), type,
                malformed -> rejected.add(new Rejection(malformed.object(), malformed.reason(), null)))) {
            var batch = new ArrayList<T>(properties.batchSize());
            for (var it = stream.iterator(); it.hasNext(); ) {
                T object = it.next();
                String problem = objects.problems(object);
                if (problem == null && !peer.owns(countryCode(object), partyId(object))) {
                    problem = "party " + countryCode(object) + "/" + partyId(object)
                            + " is not one of the connection's parties";
                }
                if (problem != null) {
                    log.warn("Pulled {} {} of connection {} refused: {}", type.getSimpleName(),
                            describe(key(object)), peer.connectionId(), problem);
                    rejected.add(new Rejection(describe(key(object)), problem, null));
                    continue;
                }
                batch.add(object);
                if (batch.size() >= properties.batchSize()) {
                    handoff.put(batch);
                    batch = new ArrayList<>(properties.batchSize());
                }
            }
            if (!batch.isEmpty()) {
                handoff.put(batch);
            }
            handoff.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            handoff.clear();
            handoff.offer(new ReadFailure(e));
        } finally {
            MDC.clear();
        }
    }

    private SyncCounts store(PeerLink peer, List<T> batch, long syncRun) {
        return tx.execute(s -> {
            // the last copy of an object in a batch wins, as it would have as two PUTs
            Map<K, T> unique = new LinkedHashMap<>();
            batch.forEach(o -> unique.put(key(o), o));
            Map<K, Held> held = held(new ArrayList<>(unique.keySet()));
            var fresh = new ArrayList<T>();
            var unchanged = new ArrayList<K>();
            var rejected = new SyncCounts(0, 0, 0);
            for (var entry : unique.entrySet()) {
                Held h = held.get(entry.getKey());
                if (h != null && !h.connectionId().equals(peer.connectionId())) {
                    String reason = "held by connection " + h.connectionId() + ", not this one: not changed";
                    log.warn("Pulled {} {} of connection {} refused: {}", type.getSimpleName(),
                            describe(entry.getKey()), peer.connectionId(), reason);
                    rejected = rejected.plus(SyncCounts.rejected(new Rejection(describe(entry.getKey()), reason,
                            h.connectionId())));
                } else if (h != null && !h.lastUpdated().isBefore(lastUpdated(entry.getValue()))) {
                    // what we hold is as new or newer: a pull of an unchanged network writes nothing
                    unchanged.add(entry.getKey());
                } else {
                    fresh.add(entry.getValue());
                }
            }
            write(peer.connectionId(), fresh, held.keySet(), syncRun);
            markSeen(unchanged, syncRun);
            return rejected.plus(new SyncCounts(fresh.size(), unchanged.size(), 0));
        });
    }
}
