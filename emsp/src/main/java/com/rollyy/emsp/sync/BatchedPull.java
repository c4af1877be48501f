package com.rollyy.emsp.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    protected abstract void write(UUID connectionId, List<T> fresh, long syncRun);

    protected abstract void markSeen(List<K> unchanged, long syncRun);

    @Override
    public SyncCounts pull(PeerLink peer, String url, Instant dateFrom, long syncRun) {
        var params = new HashMap<String, String>();
        params.put("limit", Integer.toString(properties.pageSize()));
        if (dateFrom != null) {
            params.put("date_from", OcpiJson.format(dateFrom));
        }
        SyncCounts counts = new SyncCounts(0, 0, 0);
        var batch = new ArrayList<T>(properties.batchSize());
        try (var stream = client.list(url, params, peer.peer(), type)) {
            for (var it = stream.iterator(); it.hasNext(); ) {
                T object = it.next();
                String problem = objects.problems(object);
                if (problem == null && !peer.owns(countryCode(object), partyId(object))) {
                    problem = "party " + countryCode(object) + "/" + partyId(object)
                            + " is not one of the connection's parties";
                }
                if (problem != null) {
                    log.warn("Pulled {} {} skipped: {}", type.getSimpleName(), key(object), problem);
                    counts = counts.plus(new SyncCounts(0, 0, 1));
                    continue;
                }
                batch.add(object);
                if (batch.size() >= properties.batchSize()) {
                    counts = counts.plus(store(peer, batch, syncRun));
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            counts = counts.plus(store(peer, batch, syncRun));
        }
        return counts;
    }

    private SyncCounts store(PeerLink peer, List<T> batch, long syncRun) {
        return tx.execute(s -> {
            // the last copy of an object in a batch wins, as it would have as two PUTs
            Map<K, T> unique = new LinkedHashMap<>();
            batch.forEach(o -> unique.put(key(o), o));
            Map<K, Held> held = held(new ArrayList<>(unique.keySet()));
            var fresh = new ArrayList<T>();
            var unchanged = new ArrayList<K>();
            int rejected = 0;
            for (var entry : unique.entrySet()) {
                Held h = held.get(entry.getKey());
                if (h != null && !h.connectionId().equals(peer.connectionId())) {
                    rejected++;
                } else if (h != null && h.lastUpdated().isAfter(lastUpdated(entry.getValue()))) {
                    unchanged.add(entry.getKey());
                } else {
                    fresh.add(entry.getValue());
                }
            }
            write(peer.connectionId(), fresh, syncRun);
            markSeen(unchanged, syncRun);
            return new SyncCounts(fresh.size(), unchanged.size(), rejected);
        });
    }
}
