package com.rollyy.emsp.sessions;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.emsp.ocpi.ObjectKey;

/** Sessions as documents keyed by (country_code, party_id, id). */
@Repository
class SessionRepository {

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;

    SessionRepository(JdbcClient jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    record Stored(UUID connectionId, Instant lastUpdated, ObjectNode doc) {
    }

    Optional<Stored> find(ObjectKey key, boolean forUpdate) {
        return jdbc.sql("select connection_id, last_updated, doc from charging_session"
                        + " where country_code = ? and party_id = ? and id = ?" + (forUpdate ? " for update" : ""))
                .params(key.countryCode(), key.partyId(), key.id())
                .query((rs, n) -> new Stored(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(),
                        (ObjectNode) mapper.readTree(rs.getString(3))))
                .optional();
    }

    /** A stored Session as an object, without a JSON tree in between. */
    Optional<Session> findSession(ObjectKey key) {
        return jdbc.sql("select doc from charging_session where country_code = ? and party_id = ? and id = ?")
                .params(key.countryCode(), key.partyId(), key.id())
                .query((rs, n) -> mapper.readValue(rs.getString(1), Session.class))
                .optional();
    }

    /** What {@link #put} did: stored a new Session, replaced one, or nothing (another's, or older news). */
    enum Put { CREATED, UPDATED, NOT_WRITTEN }

    /**
     * Stores the Session unless one with this key belongs to another connection or is newer, in
     * one statement (the conflicting row stays locked for the rest of the transaction).
     */
    Put put(ObjectKey key, UUID connectionId, Session session) {
        return jdbc.sql("""
                insert into charging_session (country_code, party_id, id, connection_id, doc, status,
                                              authorization_reference, last_updated)
                values (?, ?, ?, ?, ?::jsonb, ?, ?, ?)
                on conflict (country_code, party_id, id) do update
                   set doc = excluded.doc, status = excluded.status,
                       authorization_reference = excluded.authorization_reference,
                       last_updated = excluded.last_updated
                 where charging_session.connection_id = excluded.connection_id
                   and charging_session.last_updated <= excluded.last_updated
                returning xmax = 0""")
                .params(key.countryCode(), key.partyId(), key.id(), connectionId, mapper.writeValueAsString(session),
                        session.status().name(), session.authorizationReference(),
                        Timestamp.from(session.lastUpdated()))
                .query((rs, n) -> rs.getBoolean(1) ? Put.CREATED : Put.UPDATED).optional().orElse(Put.NOT_WRITTEN);
    }

    /** The owner and last_updated of a stored Session, without its document. */
    Optional<Stored> owner(ObjectKey key) {
        return jdbc.sql("select connection_id, last_updated from charging_session"
                        + " where country_code = ? and party_id = ? and id = ?")
                .params(key.countryCode(), key.partyId(), key.id())
                .query((rs, n) -> new Stored(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), null))
                .optional();
    }
}
