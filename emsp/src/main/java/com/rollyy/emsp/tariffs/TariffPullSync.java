package com.rollyy.emsp.tariffs;

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

/** Pulls a CPO's Tariffs, with the same rules as a PUT. */
@Component
class TariffPullSync extends BatchedPull<Tariff, ObjectKey> {

    private final TariffRepository repository;

    TariffPullSync(OcpiClient client, TariffRepository repository, OcpiObjects objects, TransactionTemplate tx,
                   SyncProperties properties) {
        super(client, objects, tx, properties, Tariff.class);
        this.repository = repository;
    }

    @Override
    public String module() {
        return "tariffs";
    }

    @Override
    public int retireUnseen(PeerLink peer, long syncRun) {
        return repository.retireUnseen(peer.connectionId(), syncRun);
    }

    @Override
    protected ObjectKey key(Tariff t) {
        return TariffRepository.key(t);
    }

    @Override
    protected String countryCode(Tariff t) {
        return t.countryCode();
    }

    @Override
    protected String partyId(Tariff t) {
        return t.partyId();
    }

    @Override
    protected Instant lastUpdated(Tariff t) {
        return t.lastUpdated();
    }

    @Override
    protected Map<ObjectKey, Held> held(List<ObjectKey> keys) {
        var held = new HashMap<ObjectKey, Held>();
        repository.find(keys, true).forEach((k, s) -> held.put(k, new Held(s.connectionId(), s.lastUpdated())));
        return held;
    }

    @Override
    protected void write(UUID connectionId, List<Tariff> fresh, java.util.Set<ObjectKey> existed, long syncRun) {
        repository.upsert(connectionId, fresh, syncRun);
    }

    @Override
    protected void markSeen(List<ObjectKey> unchanged, long syncRun) {
        repository.markSeen(unchanged, syncRun);
    }
}
