package com.rollyy.emsp.tariffs;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.rollyy.emsp.ocpi.OcpiCaller;
import com.rollyy.emsp.ocpi.OcpiException;
import com.rollyy.emsp.ocpi.WriteResult;
import com.rollyy.emsp.ocpi.ObjectKey;

/** The Tariffs receiver: PUT replaces (newer wins), DELETE hides but keeps the copy for billing history. */
@Service
public class TariffService {

    private final TariffRepository repository;
    private final TransactionTemplate tx;
    private final com.rollyy.emsp.ocpi.OcpiObjects objects;

    TariffService(TariffRepository repository, TransactionTemplate tx, com.rollyy.emsp.ocpi.OcpiObjects objects) {
        this.repository = repository;
        this.tx = tx;
        this.objects = objects;
    }

    WriteResult put(OcpiCaller caller, ObjectKey url, Tariff tariff) {
        WriteResult.requireMatchesUrl("country_code", url.countryCode(), tariff.countryCode());
        WriteResult.requireMatchesUrl("party_id", url.partyId(), tariff.partyId());
        WriteResult.requireMatchesUrl("id", url.id(), tariff.id());
        return tx.execute(s -> {
            var stored = repository.find(List.of(url), true).get(url);
            if (stored != null) {
                requireOwner(caller, stored);
                if (stored.lastUpdated().isAfter(tariff.lastUpdated())) {
                    return WriteResult.STALE;
                }
            }
            repository.upsert(caller.connectionId(), List.of(tariff), null);
            return stored == null || stored.deleted() ? WriteResult.CREATED : WriteResult.UPDATED;
        });
    }

    /**
     * A PATCH (OCPI 2.1.1 only: 2.2.1 removed it from Tariffs): the fields present replace the
     * stored ones (a list such as {@code elements} as a whole), the result is validated as a whole
     * Tariff and then stored like a PUT (newer wins).
     */
    WriteResult patch(OcpiCaller caller, ObjectKey url, tools.jackson.databind.JsonNode patch) {
        var fields = com.rollyy.emsp.ocpi.OcpiPatch.fields(patch);
        java.time.Instant lastUpdated = com.rollyy.emsp.ocpi.OcpiPatch.lastUpdated(fields);
        var stored = repository.find(url).filter(t -> !t.deleted())
                .orElseThrow(() -> OcpiException.notFound("Unknown Tariff " + url.countryCode() + "/" + url.partyId()
                        + "/" + url.id()));
        requireOwner(caller, stored);
        if (stored.lastUpdated().isAfter(lastUpdated)) {
            return WriteResult.STALE;
        }
        var merged = (tools.jackson.databind.node.ObjectNode) objects.tree(stored.tariff());
        fields.properties().forEach(e -> merged.set(e.getKey(), e.getValue()));
        Tariff tariff = objects.read(merged, Tariff.class);
        WriteResult result = put(caller, url, tariff);
        return result == WriteResult.CREATED ? WriteResult.UPDATED : result;
    }

    Tariff get(OcpiCaller caller, ObjectKey url) {
        var stored = repository.find(url).filter(t -> !t.deleted())
                .orElseThrow(() -> OcpiException.notFound("Unknown Tariff " + url.countryCode() + "/" + url.partyId()
                        + "/" + url.id()));
        requireOwner(caller, stored);
        return stored.tariff();
    }

    void delete(OcpiCaller caller, ObjectKey url) {
        tx.executeWithoutResult(s -> {
            var stored = repository.find(List.of(url), true).get(url);
            if (stored == null || stored.deleted()) {
                throw OcpiException.notFound("Unknown Tariff " + url.countryCode() + "/" + url.partyId() + "/"
                        + url.id());
            }
            requireOwner(caller, stored);
            repository.markDeleted(url);
        });
    }

    /** The current tariffs of a party among {@code ids} (a connector's tariff_ids). */
    public List<Tariff> current(String countryCode, String partyId, List<String> ids) {
        return repository.current(countryCode, partyId, ids);
    }

    /** A tariff we hold and the connection (CPO) it came from. */
    public record Held(java.util.UUID connectionId, boolean deleted, Tariff tariff) {
    }

    /** A page of the current tariffs (not deleted, still served), by country, party and id: the console's list. */
    public List<Held> list(int limit, int offset) {
        return repository.page(limit, offset).stream().map(t -> new Held(t.connectionId(), t.deleted(), t.tariff()))
                .toList();
    }

    /** One tariff we hold, deleted ones included (ids are CiStrings: any case). */
    public java.util.Optional<Held> find(String countryCode, String partyId, String id) {
        return repository.find(new ObjectKey(com.rollyy.emsp.ocpi.CiString.key(countryCode),
                        com.rollyy.emsp.ocpi.CiString.key(partyId), com.rollyy.emsp.ocpi.CiString.key(id)))
                .map(t -> new Held(t.connectionId(), t.deleted(), t.tariff()));
    }

    private static void requireOwner(OcpiCaller caller, TariffRepository.Stored stored) {
        if (!stored.connectionId().equals(caller.connectionId())) {
            throw OcpiException.invalidParameter("This Tariff belongs to another connection: not changed");
        }
    }
}
