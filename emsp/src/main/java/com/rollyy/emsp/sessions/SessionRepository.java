package com.rollyy.emsp.sessions;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
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

    void save(ObjectKey key, UUID connectionId, Session session) {
        jdbc.sql("""
                insert into charging_session (country_code, party_id, id, connection_id, doc, status,
                                              authorization_reference, last_updated)
                values (?, ?, ?, ?, ?::jsonb, ?, ?, ?)
                on conflict (country_code, party_id, id) do update
                   set doc = excluded.doc, status = excluded.status,
                       authorization_reference = excluded.authorization_reference,
                       last_updated = excluded.last_updated
                 where charging_session.connection_id = excluded.connection_id""")
                .params(key.countryCode(), key.partyId(), key.id(), connectionId, mapper.writeValueAsString(session),
                        session.status().name(), session.authorizationReference(),
                        Timestamp.from(session.lastUpdated()))
                .update();
    }

    long count(UUID connectionId, Instant dateFrom, Instant dateTo) {
        var where = where(connectionId, dateFrom, dateTo);
        return jdbc.sql("select count(*) from charging_session" + where.sql()).params(where.params())
                .query(Long.class).single();
    }

    List<JsonNode> page(UUID connectionId, Instant dateFrom, Instant dateTo, int offset, int limit) {
        var where = where(connectionId, dateFrom, dateTo);
        var params = new ArrayList<>(where.params());
        params.add(offset);
        params.add(limit);
        return jdbc.sql("select doc from charging_session" + where.sql()
                        + " order by last_updated, country_code, party_id, id offset ? limit ?")
                .params(params).query((rs, n) -> mapper.readTree(rs.getString(1))).list();
    }

    private record Where(String sql, List<Object> params) {
    }

    private static Where where(UUID connectionId, Instant dateFrom, Instant dateTo) {
        var sql = new StringBuilder(" where connection_id = ?");
        var params = new ArrayList<Object>();
        params.add(connectionId);
        if (dateFrom != null) {
            sql.append(" and last_updated >= ?");
            params.add(Timestamp.from(dateFrom));
        }
        if (dateTo != null) {
            sql.append(" and last_updated < ?");
            params.add(Timestamp.from(dateTo));
        }
        return new Where(sql.toString(), params);
    }
}
