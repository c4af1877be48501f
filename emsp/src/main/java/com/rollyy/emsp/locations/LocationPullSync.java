package com.rollyy.emsp.locations;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.rollyy.emsp.connections.PeerLink;
import com.rollyy.emsp.ocpi.OcpiClient;
import com.rollyy.emsp.ocpi.OcpiObjects;
import com.rollyy.emsp.sync.BatchedPull;
import com.rollyy.emsp.sync.SyncProperties;
import com.rollyy.emsp.ocpi.ObjectKey;

/** Pulls a CPO's Locations; a pulled Location replaces ours exactly as a PUT would. */
@Component
class LocationPullSync extends BatchedPull<Location, ObjectKey> {

    private final LocationRepository repository;

    LocationPullSync(OcpiClient client, LocationRepository repository, OcpiObjects objects, TransactionTemplate tx,
                     SyncProperties properties) {
        super(client, objects, tx, properties, Location.class);
        this.repository = repository;
    }

    @Override
    public String module() {
        return "locations";
    }

    @Override
    public int retireUnseen(PeerLink peer, long syncRun) {
        return repository.deactivateUnseen(peer.connectionId(), syncRun);
    }

    @Override
    protected ObjectKey key(Location l) {
        return LocationRepository.key(l);
    }

    @Override
    protected String countryCode(Location l) {
        return l.countryCode();
    }

    @Override
    protected String partyId(Location l) {
        return l.partyId();
    }

    @Override
    protected Instant lastUpdated(Location l) {
        return l.lastUpdated();
    }

    @Override
    protected Map<ObjectKey, Held> held(List<ObjectKey> keys) {
        var held = new HashMap<ObjectKey, Held>();
        repository.existing(keys).forEach((k, e) -> held.put(k, new Held(e.connectionId(), e.lastUpdated())));
        return held;
    }

    @Override
    protected void write(UUID connectionId, List<Location> fresh, java.util.Set<ObjectKey> existed, long syncRun) {
        repository.replace(connectionId, fresh, existed, syncRun);
    }

    @Override
    protected void markSeen(List<ObjectKey> unchanged, long syncRun) {
        repository.markSeen(unchanged, syncRun);
    }
}
