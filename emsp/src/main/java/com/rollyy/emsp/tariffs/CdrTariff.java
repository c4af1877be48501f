package com.rollyy.emsp.tariffs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.cdrs.StoredCdr;
import com.rollyy.emsp.locations.ChargingAsset;
import com.rollyy.emsp.locations.LocationQueries;
import com.rollyy.emsp.tariffs.engine.ChargingPeriod;
import com.rollyy.emsp.tariffs.engine.TariffSelection;

/**
 * Which tariff priced a CDR. Both of the CDR's ways of saying so are optional in OCPI 2.2.1
 * ({@code tariffs}, {@code charging_periods[].tariff_id}), so: the tariff its periods name, from
 * the tariffs the CDR carries, else our copy; a CDR naming none is priced with what its
 * connector lists.
 */
@Component
class CdrTariff {

    /** Where the tariff came from, as the reconciliation reports it. */
    enum Source {
        /** the CDR carried it in {@code tariffs} */
        CDR,
        /** the CDR named it, we hold it */
        HELD,
        /** the CDR named none: chosen among the tariff_ids its connector listed when we sent START_SESSION */
        CONNECTOR_AT_START,
        /** the CDR named none, and it is no robot session of ours: the tariff_ids its connector lists now */
        CONNECTOR;

        String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record Choice(Tariff tariff, Source source) {
    }

    private final ObjectMapper mapper;
    private final TariffRepository tariffs;
    private final LocationQueries locations;
    private final SessionLinks sessions;

    CdrTariff(ObjectMapper mapper, TariffRepository tariffs, LocationQueries locations, SessionLinks sessions) {
        this.mapper = mapper;
        this.tariffs = tariffs;
        this.locations = locations;
        this.sessions = sessions;
    }

    Choice of(StoredCdr cdr, List<ChargingPeriod> periods, List<String> notes) {
        String named = periods.stream().map(ChargingPeriod::tariffId).filter(id -> id != null).findFirst()
                .orElse(null);
        List<Tariff> embedded = cdr.tariffs() == null || cdr.tariffs().isNull() ? List.of()
                : mapper.convertValue(cdr.tariffs(), mapper.getTypeFactory()
                        .constructCollectionType(List.class, Tariff.class));
        if (named != null) {
            for (Tariff t : embedded) {
                if (t.id().equalsIgnoreCase(named)) {
                    return new Choice(t, Source.CDR);
                }
            }
            var held = tariffs.held(cdr.countryCode(), cdr.partyId(), List.of(named));
            if (!held.isEmpty()) {
                notes.add("The CDR does not carry tariff " + named + ": priced with the copy we hold");
                return new Choice(held.get(0), Source.HELD);
            }
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "no_tariff", "The CDR " + cdr.id()
                    + " names tariff " + named + ", which it does not carry and we do not hold");
        }
        if (!embedded.isEmpty()) {
            Tariff chosen = TariffSelection.choose(embedded, false, cdr.startDateTime()).orElse(embedded.get(0));
            if (embedded.size() > 1) {
                notes.add("The CDR carries " + embedded.size() + " tariffs and its periods name none: priced with "
                        + chosen.id());
            }
            return new Choice(chosen, Source.CDR);
        }
        return fromConnector(cdr, notes);
    }

    /**
     * We keep no history of a connector's tariff_ids, so the ids are the ones we hold now (the
     * reconciliation flags that); among them the tariff that applied at the session start.
     */
    private Choice fromConnector(StoredCdr cdr, List<String> notes) {
        StoredCdr.CdrLocation where = cdr.cdrLocation();
        // a robot session of ours: what the connector listed when we sent START, the session's own tariffs
        List<String> atStart = sessions.referenceOfCdr(new com.rollyy.emsp.ocpi.ObjectKey(cdr.countryCode(),
                        cdr.partyId(), cdr.id())).flatMap(sessions::byReference)
                .map(SessionLinks.Linked::tariffIdsAtStart).orElse(List.of());
        if (!atStart.isEmpty()) {
            List<Tariff> held = tariffs.held(cdr.countryCode(), cdr.partyId(), atStart);
            Optional<Tariff> chosen = TariffSelection.choose(held, false, cdr.startDateTime())
                    .or(() -> TariffSelection.choose(held, false));
            if (chosen.isPresent()) {
                notes.add("The CDR names no tariff: priced with " + chosen.get().id() + ", chosen among the tariff_ids "
                        + atStart + " its connector listed when START_SESSION was sent");
                return new Choice(chosen.get(), Source.CONNECTOR_AT_START);
            }
        }
        List<String> ids = where == null ? List.of() : connectorTariffIds(cdr.countryCode(), cdr.partyId(), where);
        if (ids.isEmpty()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "no_tariff", "The CDR " + cdr.id()
                    + " names no tariff and carries none, and " + (where == null ? "has no cdr_location"
                    : "we hold no tariff_ids for its connector " + where.id() + "/" + where.evseUid() + "/"
                    + where.connectorId()));
        }
        List<Tariff> held = tariffs.held(cdr.countryCode(), cdr.partyId(), ids);
        Optional<Tariff> chosen = TariffSelection.choose(held, false, cdr.startDateTime())
                .or(() -> TariffSelection.choose(held, false));
        if (chosen.isEmpty()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "no_tariff", "The CDR " + cdr.id()
                    + " names no tariff and carries none; its connector lists " + ids + ", "
                    + (held.isEmpty() ? "none of which we hold" : "of which we hold only " + describe(held)
                    + " (no REGULAR or untyped tariff)"));
        }
        notes.add("The CDR names no tariff: priced with " + chosen.get().id() + ", chosen among the tariff_ids "
                + ids + " its connector lists now (we keep no history of them)");
        return new Choice(chosen.get(), Source.CONNECTOR);
    }

    private List<String> connectorTariffIds(String countryCode, String partyId, StoredCdr.CdrLocation where) {
        var ids = new LinkedHashSet<String>();
        for (var target : locations.targets(where.id(), where.evseUid())) {
            if (!target.countryCode().equalsIgnoreCase(countryCode) || !target.partyId().equalsIgnoreCase(partyId)) {
                continue;
            }
            ChargingAsset asset = locations.asset(target.assetId()).orElse(null);
            if (asset == null) {
                continue;
            }
            for (var connector : asset.connectors()) {
                if (where.connectorId() == null || connector.id().equalsIgnoreCase(where.connectorId())) {
                    ids.addAll(connector.tariffIds());
                }
            }
        }
        return new ArrayList<>(ids);
    }

    static String describe(List<Tariff> tariffs) {
        return tariffs.stream().map(t -> t.id() + " (" + (t.type() == null ? "untyped" : t.type().name()) + ")")
                .toList().toString();
    }
}
