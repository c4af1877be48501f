package com.rollyy.emsp.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rollyy.emsp.connections.PeerLink;
import com.rollyy.emsp.ocpi.OcpiClient;
import com.rollyy.emsp.ocpi.OcpiException;
import com.rollyy.emsp.ocpi.OcpiJson;
import com.rollyy.emsp.ocpi.OcpiObjects;

/**
 * A pull whose objects each go through the receiver's own write, exactly as a push would
 * (Sessions, CDRs): they are few, and each one may move other state (a robot job, a payment).
 * Always with {@code date_from}: a first pull looks back {@link #firstWindow}. Nothing is retired:
 * these objects end by status, never by absence from a date-bounded list.
 *
 * @param <T> the OCPI object
 */
public abstract class ReceiverPull<T> implements PullSync {

    private static final Logger log = LoggerFactory.getLogger(ReceiverPull.class);

    private final OcpiClient client;
    private final OcpiObjects objects;
    private final SyncProperties properties;
    private final Class<T> type;

    protected ReceiverPull(OcpiClient client, OcpiObjects objects, SyncProperties properties, Class<T> type) {
        this.client = client;
        this.objects = objects;
        this.properties = properties;
        this.type = type;
    }

    protected abstract Duration firstWindow(SyncProperties properties);

    protected abstract String id(T object);

    protected abstract String countryCode(T object);

    protected abstract String partyId(T object);

    /** Stores one object with the push rules; true when it was new or newer, false when we held it already. */
    protected abstract boolean store(UUID connectionId, T object);

    @Override
    public SyncCounts pull(PeerLink peer, String url, Instant dateFrom, long syncRun) {
        Instant from = dateFrom != null ? dateFrom : Instant.now().minus(firstWindow(properties));
        var counts = new SyncCounts(0, 0, 0);
        var all = client.list(url, Map.of("date_from", OcpiJson.format(from),
                "limit", String.valueOf(properties.pageSize())), peer.peer().forModule(module()), type);
        for (T object : (Iterable<T>) all::iterator) {
            String problems = objects.problems(object);
            if (problems != null || !peer.owns(countryCode(object), partyId(object))) {
                counts = counts.plus(refused(peer, object, problems != null ? problems : "party "
                        + countryCode(object) + "/" + partyId(object) + " is not one of the connection's parties"));
                continue;
            }
            try {
                counts = counts.plus(store(peer.connectionId(), object) ? new SyncCounts(1, 0, 0)
                        : new SyncCounts(0, 1, 0));
            } catch (OcpiException e) {
                counts = counts.plus(refused(peer, object, e.getMessage()));
            }
        }
        return counts;
    }

    @Override
    public int retireUnseen(PeerLink peer, long syncRun) {
        return 0;
    }

    private SyncCounts refused(PeerLink peer, T object, String why) {
        String key = countryCode(object) + "/" + partyId(object) + "/" + id(object);
        log.warn("Pulled {} {} of connection {} refused: {}", module(), key, peer.connectionId(), why);
        return SyncCounts.rejected(new Rejection(key, why, null));
    }
}
