package com.rollyy.emsp.cdrs;

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
import com.rollyy.emsp.sync.PullSync;
import com.rollyy.emsp.sync.SyncProperties;

/**
 * Pulls a CPO's CDRs (the fallback for lost pushes) through the same receiver as a POST: a CDR
 * we already hold, pushed or pulled before, changes nothing and is never paid twice.
 */
@Component
class CdrPullSync implements PullSync {

    private static final Logger log = LoggerFactory.getLogger(CdrPullSync.class);

    private final OcpiClient client;
    private final OcpiObjects objects;
    private final CdrReceiver receiver;
    private final SyncProperties properties;

    CdrPullSync(OcpiClient client, OcpiObjects objects, CdrReceiver receiver, SyncProperties properties) {
        this.client = client;
        this.objects = objects;
        this.receiver = receiver;
        this.properties = properties;
    }

    @Override
    public String module() {
        return "cdrs";
    }

    @Override
    public SyncCounts pull(PeerLink peer, String url, Instant dateFrom, long syncRun) {
        Instant from = dateFrom != null ? dateFrom : Instant.now().minus(properties.cdrsWindow());
        var counts = new SyncCounts(0, 0, 0);
        var all = client.list(url, Map.of("date_from", OcpiJson.format(from),
                "limit", String.valueOf(properties.pageSize())), peer.peer(), Cdr.class);
        for (Cdr cdr : (Iterable<Cdr>) all::iterator) {
            String problems = objects.problems(cdr);
            if (problems != null || !peer.owns(cdr.countryCode(), cdr.partyId())) {
                log.warn("Pulled CDR {} of connection {} refused: {}", cdr.id(), peer.connectionId(),
                        problems != null ? problems : "party " + cdr.countryCode() + "/" + cdr.partyId()
                                + " is not this connection's");
                counts = counts.plus(new SyncCounts(0, 0, 1));
                continue;
            }
            try {
                counts = counts.plus(receiver.receive(peer.connectionId(), cdr)
                        ? new SyncCounts(1, 0, 0) : new SyncCounts(0, 1, 0));
            } catch (OcpiException e) {
                log.warn("Pulled CDR {} of connection {} refused: {}", cdr.id(), peer.connectionId(), e.getMessage());
                counts = counts.plus(new SyncCounts(0, 0, 1));
            }
        }
        return counts;
    }

    @Override
    public int retireUnseen(PeerLink peer, long syncRun) {
        return 0; // CDRs are immutable and never retired
    }
}
