package com.rollyy.emsp.locations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.emsp.ocpi.CiString;
import com.rollyy.emsp.ocpi.OcpiCaller;
import com.rollyy.emsp.ocpi.OcpiException;
import com.rollyy.emsp.ocpi.OcpiJson;
import com.rollyy.emsp.ocpi.OcpiObjects;
import com.rollyy.emsp.ocpi.OcpiPatch;
import com.rollyy.emsp.ocpi.OcpiStatus;
import com.rollyy.emsp.ocpi.WriteResult;
import com.rollyy.emsp.ocpi.ObjectKey;

/**
 * The Locations receiver: PUT replaces, PATCH merges, stale writes are acknowledged and
 * ignored, and every write is checked against the connection that owns the object.
 */
@Service
public class LocationService {

    private final LocationRepository repository;
    private final OcpiObjects objects;
    private final TransactionTemplate tx;
    private final EvseStatusCommits statusCommits;

    LocationService(LocationRepository repository, OcpiObjects objects, TransactionTemplate tx,
                    EvseStatusCommits statusCommits) {
        this.repository = repository;
        this.objects = objects;
        this.tx = tx;
        this.statusCommits = statusCommits;
    }

    // ---- PUT ----

    WriteResult putLocation(OcpiCaller caller, ObjectKey url, Location location) {
        WriteResult.requireMatchesUrl("country_code", url.countryCode(), location.countryCode());
        WriteResult.requireMatchesUrl("party_id", url.partyId(), location.partyId());
        WriteResult.requireMatchesUrl("id", url.id(), location.id());
        requireUniqueEvses(location.evses());
        return tx.execute(s -> {
            var existing = repository.existing(List.of(url)).get(url);
            if (existing != null) {
                requireOwner(caller, existing.connectionId());
                if (existing.lastUpdated().isAfter(location.lastUpdated())) {
                    return WriteResult.STALE;
                }
            }
            repository.replace(caller.connectionId(), List.of(location),
                    existing == null ? java.util.Set.of() : java.util.Set.of(url), null);
            return existing == null ? WriteResult.CREATED : WriteResult.UPDATED;
        });
    }

    WriteResult putEvse(OcpiCaller caller, ObjectKey url, String evseUid, Evse evse) {
        WriteResult.requireMatchesUrl("uid", evseUid, evse.uid());
        return tx.execute(s -> {
            lockedParent(caller, url);
            var stored = repository.findEvse(url, evseUid, true);
            if (stored.isPresent() && stored.get().listed() && stored.get().lastUpdated().isAfter(evse.lastUpdated())) {
                return WriteResult.STALE;
            }
            repository.upsertEvse(url, evse);
            repository.touchLocation(url, evse.lastUpdated());
            return stored.isPresent() && stored.get().listed() ? WriteResult.UPDATED : WriteResult.CREATED;
        });
    }

    WriteResult putConnector(OcpiCaller caller, ObjectKey url, String evseUid, String connectorId,
                             Connector connector) {
        WriteResult.requireMatchesUrl("id", connectorId, connector.id());
        return tx.execute(s -> {
            lockedParent(caller, url);
            var stored = listedEvse(url, evseUid);
            Evse evse = objects.read(stored.doc(), Evse.class);
            var connectors = new ArrayList<>(evse.connectors());
            int index = indexOf(connectors, connectorId);
            if (index >= 0 && connectors.get(index).lastUpdated().isAfter(connector.lastUpdated())) {
                return WriteResult.STALE;
            }
            if (index >= 0) {
                connectors.set(index, connector);
            } else {
                connectors.add(connector);
            }
            saveEvse(url, withConnectors(evse, connectors, connector.lastUpdated()));
            return index >= 0 ? WriteResult.UPDATED : WriteResult.CREATED;
        });
    }

    // ---- PATCH ----

    WriteResult patchLocation(OcpiCaller caller, ObjectKey url, JsonNode patch) {
        ObjectNode fields = OcpiPatch.fields(patch);
        Instant lastUpdated = OcpiPatch.lastUpdated(fields);
        requirePatchIdentity(fields, url);
        return tx.execute(s -> {
            var stored = lockedLocation(caller, url);
            if (stored.lastUpdated().isAfter(lastUpdated)) {
                return WriteResult.STALE;
            }
            ObjectNode merged = stored.doc().deepCopy();
            fields.properties().forEach(e -> {
                if (!e.getKey().equals("evses")) {
                    merged.set(e.getKey(), e.getValue());
                }
            });
            Location location = objects.read(merged, Location.class);
            repository.updateLocationDoc(url, location.withEvses(null));
            // PATCH cannot remove information: EVSEs in a Location PATCH are merged in, one by one
            if (fields.get("evses") instanceof ArrayNode evses) {
                for (JsonNode evsePatch : evses) {
                    if (!(evsePatch instanceof ObjectNode evseFields) || !evseFields.hasNonNull("uid")) {
                        throw OcpiException.invalidParameter("Field 'evses[].uid' is required in a PATCH");
                    }
                    String uid = evseFields.get("uid").asString();
                    mergeEvse(url, repository.findEvse(url, uid, true).filter(LocationRepository.StoredEvse::listed),
                            evseFields);
                }
            }
            return WriteResult.UPDATED;
        });
    }

    WriteResult patchEvse(OcpiCaller caller, ObjectKey url, String evseUid, JsonNode patch) {
        ObjectNode fields = OcpiPatch.fields(patch);
        Instant lastUpdated = OcpiPatch.lastUpdated(fields);
        requirePatchField(fields, "uid", evseUid);
        Evse.Status status = statusOnly(fields);
        if (status != null && statusCommits.apply(url, evseUid, caller.connectionId(), status, lastUpdated)) {
            return WriteResult.UPDATED;
        }
        return tx.execute(s -> {
            lockedParent(caller, url);
            var stored = listedEvse(url, evseUid);
            if (stored.lastUpdated().isAfter(lastUpdated)) {
                return WriteResult.STALE;
            }
            mergeEvse(url, Optional.of(stored), fields);
            return WriteResult.UPDATED;
        });
    }

    WriteResult patchConnector(OcpiCaller caller, ObjectKey url, String evseUid, String connectorId,
                               JsonNode patch) {
        ObjectNode fields = OcpiPatch.fields(patch);
        Instant lastUpdated = OcpiPatch.lastUpdated(fields);
        requirePatchField(fields, "id", connectorId);
        return tx.execute(s -> {
            lockedParent(caller, url);
            var stored = listedEvse(url, evseUid);
            Evse evse = objects.read(stored.doc(), Evse.class);
            var connectors = new ArrayList<>(evse.connectors());
            int index = indexOf(connectors, connectorId);
            if (index < 0) {
                throw unknown("Connector " + connectorId + " of EVSE " + evseUid);
            }
            if (connectors.get(index).lastUpdated().isAfter(lastUpdated)) {
                return WriteResult.STALE;
            }
            ObjectNode merged = ((ObjectNode) objects.tree(connectors.get(index))).deepCopy();
            merged.setAll(fields);
            connectors.set(index, objects.read(merged, Connector.class));
            saveEvse(url, withConnectors(evse, connectors, lastUpdated));
            return WriteResult.UPDATED;
        });
    }

    /**
     * The status of a PATCH that changes nothing else ({@code status} and {@code last_updated},
     * perhaps the uid), or null: such a PATCH, by far the most common, takes the one-statement path.
     */
    private static Evse.Status statusOnly(ObjectNode fields) {
        for (String name : fields.propertyNames()) {
            if (!name.equals("status") && !name.equals("last_updated") && !name.equals("uid")) {
                return null;
            }
        }
        JsonNode status = fields.get("status");
        if (status == null || !status.isString()) {
            return null;
        }
        try {
            return Evse.Status.valueOf(status.asString());
        } catch (IllegalArgumentException invalid) {
            return null; // the general path answers 2001 naming the field
        }
    }

    // ---- GET ----

    JsonNode getLocation(OcpiCaller caller, ObjectKey url) {
        var stored = repository.find(url, false).orElseThrow(() -> unknownLocation(url));
        requireOwner(caller, stored.connectionId());
        return stored.withEvses();
    }

    JsonNode getEvse(OcpiCaller caller, ObjectKey url, String evseUid) {
        var location = repository.find(url, false).orElseThrow(() -> unknownLocation(url));
        requireOwner(caller, location.connectionId());
        return repository.findEvse(url, evseUid, false).filter(LocationRepository.StoredEvse::listed)
                .map(LocationRepository.StoredEvse::doc).orElseThrow(() -> unknown("EVSE " + evseUid));
    }

    JsonNode getConnector(OcpiCaller caller, ObjectKey url, String evseUid, String connectorId) {
        ObjectNode evse = (ObjectNode) getEvse(caller, url, evseUid);
        for (JsonNode connector : evse.path("connectors")) {
            if (connector.path("id").asString("").equalsIgnoreCase(connectorId)) {
                return connector;
            }
        }
        throw unknown("Connector " + connectorId + " of EVSE " + evseUid);
    }

    // ---- shared steps ----

    /** Merges a PATCH into a stored EVSE (connectors by id, merged too); a new EVSE must be complete. */
    private void mergeEvse(ObjectKey url, Optional<LocationRepository.StoredEvse> stored, ObjectNode fields) {
        ObjectNode merged = stored.map(e -> e.doc().deepCopy()).orElseGet(() -> fields.objectNode());
        fields.properties().forEach(e -> {
            if (e.getKey().equals("connectors") && e.getValue() instanceof ArrayNode patches
                    && merged.get("connectors") instanceof ArrayNode current) {
                mergeConnectors(current, patches);
            } else {
                merged.set(e.getKey(), e.getValue());
            }
        });
        Evse evse = objects.read(merged, Evse.class);
        if (stored.isPresent()) {
            repository.updateEvse(url, evse);
        } else {
            repository.upsertEvse(url, evse);
        }
        repository.touchLocation(url, evse.lastUpdated());
    }

    private static void mergeConnectors(ArrayNode current, ArrayNode patches) {
        for (JsonNode patch : patches) {
            if (!(patch instanceof ObjectNode fields) || !fields.hasNonNull("id")) {
                throw OcpiException.invalidParameter("Field 'connectors[].id' is required in a PATCH");
            }
            String id = fields.get("id").asString();
            ObjectNode match = null;
            for (JsonNode c : current) {
                if (c.path("id").asString("").equalsIgnoreCase(id)) {
                    match = (ObjectNode) c;
                }
            }
            if (match == null) {
                current.add(fields);
            } else {
                match.setAll(fields);
            }
        }
    }

    private void saveEvse(ObjectKey url, Evse evse) {
        objects.validated(evse);
        repository.updateEvse(url, evse);
        repository.touchLocation(url, evse.lastUpdated());
    }

    private static Evse withConnectors(Evse e, List<Connector> connectors, Instant childUpdated) {
        Instant lastUpdated = childUpdated.isAfter(e.lastUpdated()) ? childUpdated : e.lastUpdated();
        return new Evse(e.uid(), e.evseId(), e.status(), e.statusSchedule(), e.capabilities(), connectors,
                e.floorLevel(), e.coordinates(), e.physicalReference(), e.directions(), e.parkingRestrictions(),
                e.images(), lastUpdated);
    }

    private void lockedParent(OcpiCaller caller, ObjectKey url) {
        var parent = repository.lockParent(url).orElseThrow(() -> unknownLocation(url));
        requireOwner(caller, parent.connectionId());
    }

    private LocationRepository.Stored lockedLocation(OcpiCaller caller, ObjectKey url) {
        var stored = repository.find(url, true).orElseThrow(() -> unknownLocation(url));
        requireOwner(caller, stored.connectionId());
        return stored;
    }

    private LocationRepository.StoredEvse listedEvse(ObjectKey url, String evseUid) {
        return repository.findEvse(url, evseUid, true).filter(LocationRepository.StoredEvse::listed)
                .orElseThrow(() -> unknown("EVSE " + evseUid + " of Location " + url.id()));
    }

    private static void requireOwner(OcpiCaller caller, UUID owner) {
        if (!owner.equals(caller.connectionId())) {
            throw OcpiException.invalidParameter("This object belongs to another connection: not changed");
        }
    }

    private static int indexOf(List<Connector> connectors, String id) {
        for (int i = 0; i < connectors.size(); i++) {
            if (connectors.get(i).id().equalsIgnoreCase(id)) {
                return i;
            }
        }
        return -1;
    }

    private static void requireUniqueEvses(List<Evse> evses) {
        if (evses == null) {
            return;
        }
        var seen = new HashSet<String>();
        for (Evse evse : evses) {
            if (!seen.add(CiString.key(evse.uid()))) {
                throw OcpiException.invalidParameter("Field 'evses' lists EVSE uid " + evse.uid() + " twice");
            }
            var connectorIds = new HashSet<String>();
            for (Connector c : evse.connectors()) {
                if (!connectorIds.add(CiString.key(c.id()))) {
                    throw OcpiException.invalidParameter("Field 'evses[].connectors' of EVSE " + evse.uid()
                            + " lists connector id " + c.id() + " twice");
                }
            }
        }
    }

    /** Every PATCH must carry last_updated (spec transport_and_format; maintainers in ocpi#355). */
    private static void requirePatchIdentity(ObjectNode fields, ObjectKey url) {
        requirePatchField(fields, "country_code", url.countryCode());
        requirePatchField(fields, "party_id", url.partyId());
        requirePatchField(fields, "id", url.id());
    }

    private static void requirePatchField(ObjectNode fields, String name, String expected) {
        if (fields.has(name) && !fields.get(name).asString("").equalsIgnoreCase(expected)) {
            throw OcpiException.invalidParameter("Field '" + name + "' (" + fields.get(name).asString("")
                    + ") does not match the URL (" + expected + ")");
        }
    }

    private static OcpiException unknownLocation(ObjectKey url) {
        return new OcpiException(OcpiStatus.UNKNOWN_LOCATION, HttpStatus.NOT_FOUND,
                "Unknown Location " + url.countryCode() + "/" + url.partyId() + "/" + url.id());
    }

    private static OcpiException unknown(String what) {
        return new OcpiException(OcpiStatus.CLIENT_ERROR, HttpStatus.NOT_FOUND, "Unknown " + what);
    }
}
