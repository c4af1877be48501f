package com.rollyy.emsp.tariffs;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;

import com.rollyy.emsp.ocpi.CiString;
import com.rollyy.emsp.ocpi.ObjectKey;

/** Tariffs as documents keyed by (country_code, party_id, id), deleted ones kept for billing history. */
@Repository
class TariffRepository {

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;
    private final ObjectMapper mapper;

    TariffRepository(JdbcTemplate jdbcTemplate, JdbcClient jdbc, ObjectMapper mapper) {
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    static ObjectKey key(Tariff tariff) {
        return new ObjectKey(tariff.countryCode(), tariff.partyId(), tariff.id());
    }

    record Stored(UUID connectionId, Instant lastUpdated, boolean deleted, Tariff tariff) {
    }

    Map<ObjectKey, Stored> find(List<ObjectKey> keys, boolean forUpdate) {
        var result = new HashMap<ObjectKey, Stored>();
        if (keys.isEmpty()) {
            return result;
        }
        jdbcTemplate.query(con -> {
            PreparedStatement ps = con.prepareStatement("select t.country_code, t.party_id, t.id, t.connection_id,"
                    + " t.last_updated, t.deleted_at is not null, t.doc from tariff t"
                    + " join unnest(?::text[], ?::text[], ?::text[]) as k(cc, pid, id)"
                    + " on t.country_code = k.cc and t.party_id = k.pid and t.id = k.id" + (forUpdate ? " for update of t" : ""));
            ps.setArray(1, con.createArrayOf("text", keys.stream().map(ObjectKey::countryCode).toArray()));
            ps.setArray(2, con.createArrayOf("text", keys.stream().map(ObjectKey::partyId).toArray()));
            ps.setArray(3, con.createArrayOf("text", keys.stream().map(ObjectKey::id).toArray()));
            return ps;
        }, rs -> {
            result.put(new ObjectKey(rs.getString(1), rs.getString(2), rs.getString(3)),
                    new Stored(rs.getObject(4, UUID.class), rs.getTimestamp(5).toInstant(), rs.getBoolean(6),
                            mapper.readValue(rs.getString(7), Tariff.class)));
        });
        return result;
    }

    Optional<Stored> find(ObjectKey key) {
        return Optional.ofNullable(find(List.of(key), false).get(key));
    }

    void upsert(UUID connectionId, List<Tariff> tariffs, Long syncRun) {
        jdbcTemplate.batchUpdate("""
                insert into tariff (country_code, party_id, id, connection_id, doc, currency, type, last_updated,
                                    deleted_at, active, seen_in_sync)
                values (?, ?, ?, ?, ?::jsonb, ?, ?, ?, null, true, ?)
                on conflict (country_code, party_id, id) do update
                   set doc = excluded.doc, currency = excluded.currency, type = excluded.type,
                       last_updated = excluded.last_updated, deleted_at = null, active = true,
                       seen_in_sync = coalesce(excluded.seen_in_sync, tariff.seen_in_sync)
                 where tariff.connection_id = excluded.connection_id
                   and tariff.last_updated <= excluded.last_updated""", tariffs, 500, (ps, t) -> {
            ObjectKey key = key(t);
            ps.setString(1, key.countryCode());
            ps.setString(2, key.partyId());
            ps.setString(3, key.id());
            ps.setObject(4, connectionId);
            ps.setString(5, mapper.writeValueAsString(t));
            ps.setString(6, t.currency());
            ps.setString(7, t.type() == null ? null : t.type().name());
            ps.setTimestamp(8, Timestamp.from(t.lastUpdated()));
            if (syncRun == null) {
                ps.setNull(9, java.sql.Types.BIGINT);
            } else {
                ps.setLong(9, syncRun);
            }
        });
    }

    void markSeen(List<ObjectKey> keys, long syncRun) {
        jdbcTemplate.batchUpdate("update tariff set seen_in_sync = ?, active = true"
                + " where country_code = ? and party_id = ? and id = ?", keys, 500, (ps, k) -> {
            ps.setLong(1, syncRun);
            ps.setString(2, k.countryCode());
            ps.setString(3, k.partyId());
            ps.setString(4, k.id());
        });
    }

    int retireUnseen(UUID connectionId, long syncRun) {
        return jdbc.sql("update tariff set active = false where connection_id = ? and active"
                        + " and (seen_in_sync is null or seen_in_sync <> ?)")
                .params(connectionId, syncRun).update();
    }

    void markDeleted(ObjectKey key) {
        jdbc.sql("update tariff set deleted_at = now() where country_code = ? and party_id = ? and id = ?")
                .params(key.countryCode(), key.partyId(), key.id()).update();
    }

    /**
     * Every tariff we hold of one party among the given ids, deleted or retired ones included (a
     * past session is priced with what applied then), in the order of {@code ids}.
     */
    List<Tariff> held(String countryCode, String partyId, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Tariff> found = jdbc.sql("select doc from tariff where country_code = ? and party_id = ?"
                        + " and id = any (?::text[])")
                .params(CiString.key(countryCode), CiString.key(partyId),
                        ids.stream().map(CiString::key).toArray(String[]::new))
                .query((rs, n) -> mapper.readValue(rs.getString(1), Tariff.class)).list();
        return inOrder(found, ids);
    }

    /** Tariffs in the order a connector lists their ids: TariffSelection breaks ties by that order. */
    static List<Tariff> inOrder(List<Tariff> tariffs, List<String> ids) {
        List<String> keys = ids.stream().map(CiString::key).toList();
        return tariffs.stream().sorted(java.util.Comparator.comparingInt(t -> keys.indexOf(CiString.key(t.id()))))
                .toList();
    }

    /**
     * Current (not deleted, still returned by the CPO) tariffs of one party among the given ids,
     * in the order of {@code ids}.
     */
    List<Tariff> current(String countryCode, String partyId, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return inOrder(jdbc.sql("select doc from tariff where country_code = ? and party_id = ? and id = any (?::text[])"
                        + " and deleted_at is null and active")
                .params(CiString.key(countryCode), CiString.key(partyId),
                        ids.stream().map(CiString::key).toArray(String[]::new))
                .query((rs, n) -> mapper.readValue(rs.getString(1), Tariff.class)).list(), ids);
    }

    /**
     * The OCPI version of the connection a tariff came from (null when unknown): a 2.1.1 CPO's
     * prices are excl. VAT with no VAT rate at all (mod_tariffs.md 2.1.1, §4.2).
     */
    String sourceVersion(Tariff tariff) {
        return jdbc.sql("select c.version from tariff t join connection c on c.id = t.connection_id"
                        + " where t.country_code = ? and t.party_id = ? and t.id = ?")
                .params(CiString.key(tariff.countryCode()), CiString.key(tariff.partyId()), CiString.key(tariff.id()))
                .query(String.class).optional().orElse(null);
    }

    /** Current tariffs in key order: the console's list. */
    List<Stored> page(int limit, int offset) {
        return jdbc.sql("select connection_id, last_updated, doc from tariff where deleted_at is null and active"
                        + " order by country_code, party_id, id limit ? offset ?")
                .params(limit, offset)
                .query((rs, n) -> new Stored(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), false,
                        mapper.readValue(rs.getString(3), Tariff.class))).list();
    }
}
