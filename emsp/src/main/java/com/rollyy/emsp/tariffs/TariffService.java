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

    TariffService(TariffRepository repository, TransactionTemplate tx) {
        this.repository = repository;
        this.tx = tx;
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

    private static void requireOwner(OcpiCaller caller, TariffRepository.Stored stored) {
        if (!stored.connectionId().equals(caller.connectionId())) {
            throw OcpiException.invalidParameter("This Tariff belongs to another connection: not changed");
        }
    }
}
