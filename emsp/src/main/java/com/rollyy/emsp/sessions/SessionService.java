package com.rollyy.emsp.sessions;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.emsp.ocpi.ObjectKey;
import com.rollyy.emsp.ocpi.OcpiCaller;
import com.rollyy.emsp.ocpi.OcpiException;
import com.rollyy.emsp.ocpi.OcpiJson;
import com.rollyy.emsp.ocpi.OcpiObjects;
import com.rollyy.emsp.ocpi.OcpiPatch;
import com.rollyy.emsp.ocpi.OcpiStatus;
import com.rollyy.emsp.ocpi.WriteResult;

/**
 * The Sessions receiver: PUT replaces (charging_periods included), PATCH merges and appends
 * charging_periods, older writes are acknowledged and ignored, only the owning connection writes.
 * Every stored change is published as a {@link SessionChanged} inside its transaction.
 */
@Service
public class SessionService {

    private final SessionRepository repository;
    private final OcpiObjects objects;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    SessionService(SessionRepository repository, OcpiObjects objects, TransactionTemplate tx,
                   ApplicationEventPublisher events) {
        this.repository = repository;
        this.objects = objects;
        this.tx = tx;
        this.events = events;
    }

    WriteResult put(OcpiCaller caller, ObjectKey url, Session session) {
        WriteResult.requireMatchesUrl("country_code", url.countryCode(), session.countryCode());
        WriteResult.requireMatchesUrl("party_id", url.partyId(), session.partyId());
        WriteResult.requireMatchesUrl("id", url.id(), session.id());
        return tx.execute(s -> write(caller.connectionId(), url, session));
    }

    /** A Session pulled from a CPO: the same rules as its PUT (the caller checked the party). */
    WriteResult store(UUID connectionId, Session session) {
        var key = new ObjectKey(session.countryCode(), session.partyId(), session.id());
        return tx.execute(s -> write(connectionId, key, session));
    }

    private WriteResult write(UUID connectionId, ObjectKey key, Session session) {
        // the common case (ours, and newer) in one statement; only a Session not written is read to say why
        var put = repository.put(key, connectionId, session);
        if (put == SessionRepository.Put.NOT_WRITTEN) {
            var stored = repository.owner(key).orElseThrow(() -> new IllegalStateException("Session " + key
                    + " neither stored nor found"));
            requireOwner(connectionId, stored.connectionId());
            return WriteResult.STALE;
        }
        events.publishEvent(new SessionChanged(key, connectionId, session));
        return put == SessionRepository.Put.UPDATED ? WriteResult.UPDATED : WriteResult.CREATED;
    }

    /**
     * A stored Session, for the product's views: read straight from its stored JSON, which was
     * validated when it was written (read on every poll of a robot's session view).
     */
    public Optional<Session> find(ObjectKey key) {
        return repository.findSession(key);
    }

    /**
     * PATCH merges the fields it carries. {@code charging_periods} in a PATCH are appended (spec);
     * a period whose start_date_time we already hold is a replay of a PATCH and is not added twice.
     */
    WriteResult patch(OcpiCaller caller, ObjectKey url, JsonNode patch) {
        ObjectNode fields = OcpiPatch.fields(patch);
        Instant lastUpdated = OcpiPatch.lastUpdated(fields);
        for (String name : new String[] {"country_code", "party_id", "id"}) {
            String expected = name.equals("country_code") ? url.countryCode()
                    : name.equals("party_id") ? url.partyId() : url.id();
            if (fields.has(name)) {
                WriteResult.requireMatchesUrl(name, expected, fields.get(name).asString(""));
            }
        }
        return tx.execute(s -> {
            var stored = repository.find(url, true).orElseThrow(() -> new OcpiException(OcpiStatus.CLIENT_ERROR,
                    HttpStatus.NOT_FOUND, "Unknown Session " + url.countryCode() + "/" + url.partyId() + "/"
                    + url.id() + ": PUT it first"));
            requireOwner(caller.connectionId(), stored.connectionId());
            if (stored.lastUpdated().isAfter(lastUpdated)) {
                return WriteResult.STALE;
            }
            ObjectNode merged = stored.doc().deepCopy();
            fields.properties().forEach(e -> {
                if (e.getKey().equals("charging_periods") && e.getValue() instanceof ArrayNode periods) {
                    appendNew(merged, periods);
                } else {
                    merged.set(e.getKey(), e.getValue());
                }
            });
            Session session = objects.read(merged, Session.class);
            // checked above under the row lock: ours and not older, so this stores it
            repository.put(url, caller.connectionId(), session);
            events.publishEvent(new SessionChanged(url, caller.connectionId(), session));
            return WriteResult.UPDATED;
        });
    }

    JsonNode get(OcpiCaller caller, ObjectKey url) {
        var stored = repository.find(url, false).orElseThrow(() -> OcpiException.notFound("Unknown Session "
                + url.countryCode() + "/" + url.partyId() + "/" + url.id()));
        requireOwner(caller.connectionId(), stored.connectionId());
        return stored.doc();
    }

    private static void appendNew(ObjectNode session, ArrayNode periods) {
        ArrayNode current = session.get("charging_periods") instanceof ArrayNode array ? array
                : session.putArray("charging_periods");
        var starts = new HashSet<Instant>();
        current.forEach(p -> starts.add(startOf(p)));
        for (JsonNode period : periods) {
            Instant start = startOf(period);
            if (start == null || starts.add(start)) {
                current.add(period);
            }
        }
    }

    private static Instant startOf(JsonNode period) {
        JsonNode start = period.get("start_date_time");
        try {
            return start == null || !start.isString() ? null : OcpiJson.parse(start.asString());
        } catch (java.time.format.DateTimeParseException e) {
            return null; // validation of the merged Session names the field
        }
    }

    private static void requireOwner(UUID caller, UUID owner) {
        if (!owner.equals(caller)) {
            throw OcpiException.invalidParameter("This Session belongs to another connection: not changed");
        }
    }
}
