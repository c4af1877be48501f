package com.rollyy.emsp.sessions;

import java.time.Instant;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.rollyy.emsp.connections.PeerLink;
import com.rollyy.emsp.ocpi.OcpiClient;
import com.rollyy.emsp.ocpi.OcpiException;
import com.rollyy.emsp.ocpi.OcpiJson;
import com.rollyy.emsp.ocpi.OcpiObjects;
import com.rollyy.emsp.ocpi.WriteResult;
import com.rollyy.emsp.sync.PullSync;
import com.rollyy.emsp.sync.SyncProperties;

/**
 * Pulls a CPO's Sessions, always with {@code date_from} (the spec requires it of a Sessions
 * GET), one object at a time through the same rules as a PUT: Sessions are few, and each one
 * may move a robot job.
 */
@Component
class SessionPullSync implements PullSync {

    private static final Logger log = LoggerFactory.getLogger(SessionPullSync.class);

    private final OcpiClient client;
    private final OcpiObjects objects;
    private final SessionService sessions;
    private final SyncProperties properties;

    SessionPullSync(OcpiClient client, OcpiObjects objects, SessionService sessions, SyncProperties properties) {
        this.client = client;
        this.objects = objects;
        this.sessions = sessions;
        this.properties = properties;
    }

    @Override
    public String module() {
        return "sessions";
    }

    @Override
    public SyncCounts pull(PeerLink peer, String url, Instant dateFrom, long syncRun) {
        Instant from = dateFrom != null ? dateFrom : Instant.now().minus(properties.sessionsWindow());
        var counts = new SyncCounts(0, 0, 0);
        var all = client.list(url, Map.of("date_from", OcpiJson.format(from),
                "limit", String.valueOf(properties.pageSize())), peer.peer(), Session.class);
        for (Session session : (Iterable<Session>) all::iterator) {
            String problems = objects.problems(session);
            if (problems != null || !peer.owns(session.countryCode(), session.partyId())) {
                log.warn("Pulled Session {} of connection {} refused: {}", session.id(), peer.connectionId(),
                        problems != null ? problems : "party " + session.countryCode() + "/" + session.partyId()
                                + " is not this connection's");
                counts = counts.plus(new SyncCounts(0, 0, 1));
                continue;
            }
            try {
                WriteResult result = sessions.store(peer.connectionId(), session);
                counts = counts.plus(result == WriteResult.STALE ? new SyncCounts(0, 1, 0) : new SyncCounts(1, 0, 0));
            } catch (OcpiException e) {
                log.warn("Pulled Session {} of connection {} refused: {}", session.id(), peer.connectionId(),
                        e.getMessage());
                counts = counts.plus(new SyncCounts(0, 0, 1));
            }
        }
        return counts;
    }

    @Override
    public int retireUnseen(PeerLink peer, long syncRun) {
        return 0; // Sessions end by status, never by absence from a date-bounded list
    }
}
