package com.rollyy.emsp.locations;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.emsp.ocpi.CiString;
import com.rollyy.emsp.ocpi.ObjectKey;

/**
 * Locations and their EVSEs. A Location row holds the document without EVSEs; each EVSE row
 * holds the EVSE with its connectors. Writes are batched so a pull of a whole network is a few
 * statements per page, and a PUT is the same code with a batch of one.
 */
@Repository
class LocationRepository {

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;
    private final ObjectMapper mapper;

    LocationRepository(JdbcTemplate jdbcTemplate, JdbcClient jdbc, ObjectMapper mapper) {
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /** What we hold of a Location: its owner connection, freshness and (listed) EVSEs as JSON. */
    record Stored(ObjectKey key, UUID connectionId, Instant lastUpdated, ObjectNode doc, List<ObjectNode> evses) {

        ObjectNode withEvses() {
            ObjectNode full = doc.deepCopy();
            ArrayNode array = full.putArray("evses");
            evses.forEach(array::add);
            return full;
        }
    }

    record StoredEvse(UUID assetId, boolean listed, Instant lastUpdated, ObjectNode doc) {
    }

    /** Freshness and owner of existing rows, to decide per Location before writing. */
    record Existing(UUID connectionId, Instant lastUpdated) {
    }

    static ObjectKey key(Location location) {
        return new ObjectKey(location.countryCode(), location.partyId(), location.id());
    }

    Map<ObjectKey, Existing> existing(List<ObjectKey> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        var result = new HashMap<ObjectKey, Existing>();
        jdbcTemplate.query(con -> {
            PreparedStatement ps = con.prepareStatement("select l.country_code, l.party_id, l.id, l.connection_id,"
                    + " l.last_updated from location l join unnest(?::text[], ?::text[], ?::text[]) as k(cc, pid, id)"
                    + " on l.country_code = k.cc and l.party_id = k.pid and l.id = k.id");
            setKeyArrays(ps, con, keys, 1);
            return ps;
        }, rs -> {
            result.put(new ObjectKey(rs.getString(1), rs.getString(2), rs.getString(3)),
                    new Existing(rs.getObject(4, UUID.class), rs.getTimestamp(5).toInstant()));
        });
        return result;
    }

    /**
     * Full replacement of Locations with their EVSE lists (PUT, or a pulled page). EVSEs absent
     * from the new list are unlisted, not deleted, so their asset ids survive. The caller has
     * already dropped stale and foreign Locations; the WHERE clause guards against a race.
     */
    void replace(UUID connectionId, List<Location> locations, java.util.Set<ObjectKey> existed, Long syncRun) {
        if (locations.isEmpty()) {
            return;
        }
        jdbcTemplate.batchUpdate("""
                insert into location (country_code, party_id, id, connection_id, doc, last_updated, latitude, longitude,
                                      publish, active, seen_in_sync)
                values (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, true, ?)
                on conflict (country_code, party_id, id) do update
                   set doc = excluded.doc, last_updated = excluded.last_updated, latitude = excluded.latitude,
                       longitude = excluded.longitude, publish = excluded.publish, active = true,
                       seen_in_sync = coalesce(excluded.seen_in_sync, location.seen_in_sync)
                 where location.connection_id = excluded.connection_id
                   and location.last_updated <= excluded.last_updated""", locations, locations.size(), (ps, l) -> {
            ObjectKey key = key(l);
            ps.setString(1, key.countryCode());
            ps.setString(2, key.partyId());
            ps.setString(3, key.id());
            ps.setObject(4, connectionId);
            ps.setString(5, mapper.writeValueAsString(l.withEvses(null)));
            ps.setTimestamp(6, Timestamp.from(l.lastUpdated()));
            ps.setDouble(7, l.coordinates().lat());
            ps.setDouble(8, l.coordinates().lon());
            ps.setBoolean(9, l.publish());
            if (syncRun == null) {
                ps.setNull(10, java.sql.Types.BIGINT);
            } else {
                ps.setLong(10, syncRun);
            }
        });
        var rows = new ArrayList<EvseRow>();
        for (Location l : locations) {
            List<Evse> evses = l.evses() == null ? List.of() : l.evses();
            for (int i = 0; i < evses.size(); i++) {
                rows.add(new EvseRow(key(l), evses.get(i), i));
            }
        }
        jdbcTemplate.batchUpdate("""
                insert into evse (country_code, party_id, location_id, uid, position, listed, doc, status, last_updated)
                values (?, ?, ?, ?, ?, true, ?::jsonb, ?, ?)
                on conflict (country_code, party_id, location_id, uid) do update
                   set position = excluded.position, listed = true, doc = excluded.doc, status = excluded.status,
                       last_updated = excluded.last_updated""", rows, 1000, (ps, row) -> {
            ps.setString(1, row.location().countryCode());
            ps.setString(2, row.location().partyId());
            ps.setString(3, row.location().id());
            ps.setString(4, CiString.key(row.evse().uid()));
            ps.setInt(5, row.position());
            ps.setString(6, mapper.writeValueAsString(row.evse()));
            ps.setString(7, row.evse().status().name());
            ps.setTimestamp(8, Timestamp.from(row.evse().lastUpdated()));
        });
        // a Location seen for the first time has no EVSEs to unlist
        List<Location> replaced = locations.stream().filter(l -> existed.contains(key(l))).toList();
        jdbcTemplate.batchUpdate("""
                update evse set listed = false
                 where country_code = ? and party_id = ? and location_id = ? and listed
                   and not (uid = any (?::text[]))""", replaced, Math.max(1, replaced.size()), (ps, l) -> {
            ObjectKey key = key(l);
            ps.setString(1, key.countryCode());
            ps.setString(2, key.partyId());
            ps.setString(3, key.id());
            Object[] uids = (l.evses() == null ? List.<Evse>of() : l.evses()).stream()
                    .map(e -> CiString.key(e.uid())).toArray();
            ps.setArray(4, ps.getConnection().createArrayOf("text", uids));
        });
    }

    /** A pull saw these Locations but held nothing newer for them: they are still current. */
    void markSeen(List<ObjectKey> keys, long syncRun) {
        if (keys.isEmpty()) {
            return;
        }
        jdbcTemplate.update(con -> {
            PreparedStatement ps = con.prepareStatement("update location l set seen_in_sync = ?, active = true"
                    + " from unnest(?::text[], ?::text[], ?::text[]) as k(cc, pid, id)"
                    + " where l.country_code = k.cc and l.party_id = k.pid and l.id = k.id");
            ps.setLong(1, syncRun);
            setKeyArrays(ps, con, keys, 2);
            return ps;
        });
    }

    /** After a full pull: what the CPO no longer returns is no longer valid (kept, but inactive). */
    int deactivateUnseen(UUID connectionId, long syncRun) {
        return jdbc.sql("update location set active = false where connection_id = ? and active"
                        + " and (seen_in_sync is null or seen_in_sync <> ?)")
                .params(connectionId, syncRun).update();
    }

    /** Owner and freshness of a Location, row locked: all an EVSE or Connector write needs of its parent. */
    Optional<Existing> lockParent(ObjectKey key) {
        return jdbc.sql("select connection_id, last_updated from location"
                        + " where country_code = ? and party_id = ? and id = ? for update")
                .params(key.countryCode(), key.partyId(), key.id())
                .query((rs, n) -> new Existing(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant()))
                .optional();
    }

    Optional<Stored> find(ObjectKey key, boolean forUpdate) {
        Optional<Stored> location = jdbc.sql("select connection_id, last_updated, doc from location"
                        + " where country_code = ? and party_id = ? and id = ?" + (forUpdate ? " for update" : ""))
                .params(key.countryCode(), key.partyId(), key.id())
                .query((rs, n) -> new Stored(key, rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(),
                        (ObjectNode) mapper.readTree(rs.getString(3)), new ArrayList<>()))
                .optional();
        location.ifPresent(l -> l.evses().addAll(jdbc.sql("select doc from evse where country_code = ?"
                        + " and party_id = ? and location_id = ? and listed order by position")
                .params(key.countryCode(), key.partyId(), key.id())
                .query((rs, n) -> (ObjectNode) mapper.readTree(rs.getString(1))).list()));
        return location;
    }

    /** The time_zone of a Location we hold; empty when it has none or we hold no such Location. */
    Optional<String> timeZone(ObjectKey key) {
        var zones = jdbc.sql("select doc->>'time_zone' from location where country_code = ? and party_id = ? and id = ?")
                .params(key.countryCode(), key.partyId(), key.id()).query(String.class).list();
        return zones.isEmpty() ? Optional.empty() : Optional.ofNullable(zones.get(0));
    }

    Optional<StoredEvse> findEvse(ObjectKey location, String uid, boolean forUpdate) {
        return jdbc.sql("select asset_id, listed, last_updated, doc from evse where country_code = ? and party_id = ?"
                        + " and location_id = ? and uid = ?" + (forUpdate ? " for update" : ""))
                .params(location.countryCode(), location.partyId(), location.id(), CiString.key(uid))
                .query((rs, n) -> new StoredEvse(rs.getObject(1, UUID.class), rs.getBoolean(2),
                        rs.getTimestamp(3).toInstant(), (ObjectNode) mapper.readTree(rs.getString(4))))
                .optional();
    }

    void updateLocationDoc(ObjectKey key, Location withoutEvses) {
        jdbc.sql("""
                update location set doc = ?::jsonb, last_updated = greatest(last_updated, ?), latitude = ?,
                       longitude = ?, publish = ?
                 where country_code = ? and party_id = ? and id = ?""")
                .params(mapper.writeValueAsString(withoutEvses), Timestamp.from(withoutEvses.lastUpdated()),
                        withoutEvses.coordinates().lat(), withoutEvses.coordinates().lon(), withoutEvses.publish(),
                        key.countryCode(), key.partyId(), key.id())
                .update();
    }

    /**
     * The common status PATCH in one statement: sets status and last_updated of a listed EVSE of
     * a Location owned by the connection, unless what we hold is newer, and moves the Location's
     * last_updated with it. Returns false when nothing matched (unknown, foreign or stale: the
     * general path sorts out which).
     */
    boolean patchEvseStatus(ObjectKey location, String uid, UUID connectionId, Evse.Status status,
                            Instant lastUpdated) {
        String formatted = com.rollyy.emsp.ocpi.OcpiJson.format(lastUpdated);
        Timestamp at = Timestamp.from(lastUpdated);
        // the Location is locked first, then the EVSE, as every other write of an EVSE does
        // (LocationService.lockedParent): writes of one Location never wait for each other in a
        // circle, also when status PATCHes are committed in groups (EvseStatusCommits)
        return jdbc.sql("""
                with owner as (
                    select 1 from location
                     where country_code = ? and party_id = ? and id = ? and connection_id = ?
                       for update),
                e as (
                    update evse e
                       set status = ?, last_updated = ?,
                           doc = e.doc || jsonb_build_object('status', ?::text, 'last_updated', ?::text)
                     where e.country_code = ? and e.party_id = ? and e.location_id = ? and e.uid = ? and e.listed
                       and e.last_updated <= ?
                       and exists (select 1 from owner)
                    returning 1),
                l as (
                    update location set last_updated = ?, doc = jsonb_set(doc, '{last_updated}', to_jsonb(?::text))
                     where country_code = ? and party_id = ? and id = ? and last_updated < ?
                       and exists (select 1 from e)
                    returning 1)
                select count(*) from e""")
                .params(location.countryCode(), location.partyId(), location.id(), connectionId,
                        status.name(), at, status.name(), formatted,
                        location.countryCode(), location.partyId(), location.id(), CiString.key(uid), at,
                        at, formatted, location.countryCode(), location.partyId(), location.id(), at)
                .query(Integer.class).single() > 0;
    }

    /** Replaces an EVSE we know exists (the PATCH path): a plain UPDATE, no conflict handling. */
    void updateEvse(ObjectKey location, Evse evse) {
        jdbc.sql("update evse set listed = true, doc = ?::jsonb, status = ?, last_updated = ?"
                        + " where country_code = ? and party_id = ? and location_id = ? and uid = ?")
                .params(mapper.writeValueAsString(evse), evse.status().name(), Timestamp.from(evse.lastUpdated()),
                        location.countryCode(), location.partyId(), location.id(), CiString.key(evse.uid()))
                .update();
    }

    /** Creates or replaces one EVSE; a new one goes last in its Location's order. */
    void upsertEvse(ObjectKey location, Evse evse) {
        jdbc.sql("""
                insert into evse (country_code, party_id, location_id, uid, position, listed, doc, status, last_updated)
                values (?, ?, ?, ?, (select coalesce(max(position) + 1, 0) from evse
                                      where country_code = ? and party_id = ? and location_id = ?),
                        true, ?::jsonb, ?, ?)
                on conflict (country_code, party_id, location_id, uid) do update
                   set listed = true, doc = excluded.doc, status = excluded.status, last_updated = excluded.last_updated""")
                .params(location.countryCode(), location.partyId(), location.id(), CiString.key(evse.uid()),
                        location.countryCode(), location.partyId(), location.id(),
                        mapper.writeValueAsString(evse), evse.status().name(), Timestamp.from(evse.lastUpdated()))
                .update();
    }

    /** A child changed: the parent's last_updated moves with it, so date_from filters see it. */
    void touchLocation(ObjectKey key, Instant lastUpdated) {
        jdbc.sql("update location set last_updated = greatest(last_updated, ?), doc = jsonb_set(doc, '{last_updated}',"
                        + " to_jsonb(?::text)) where country_code = ? and party_id = ? and id = ? and last_updated < ?")
                .params(Timestamp.from(lastUpdated), com.rollyy.emsp.ocpi.OcpiJson.format(lastUpdated),
                        key.countryCode(), key.partyId(), key.id(), Timestamp.from(lastUpdated))
                .update();
    }

    /** {@code connectionIds}: the owners whose Locations are listed. */
    record ListFilter(java.util.Set<UUID> connectionIds, Instant dateFrom, Instant dateTo) {
    }

    long count(ListFilter filter) {
        var where = where(filter);
        return jdbc.sql("select count(*) from location l" + where.sql()).params(where.params())
                .query(Long.class).single();
    }

    /** A page of active Locations with their listed EVSEs, ordered by last_updated then key (stable). */
    List<JsonNode> page(ListFilter filter, int offset, int limit) {
        var where = where(filter);
        var params = new ArrayList<>(where.params());
        params.add(offset);
        params.add(limit);
        var locations = new LinkedHashMap<ObjectKey, ObjectNode>();
        jdbc.sql("select country_code, party_id, id, doc from location l" + where.sql()
                        + " order by last_updated, country_code, party_id, id offset ? limit ?")
                .params(params)
                .query(rs -> {
                    ObjectNode doc = (ObjectNode) mapper.readTree(rs.getString(4));
                    doc.putArray("evses");
                    locations.put(new ObjectKey(rs.getString(1), rs.getString(2), rs.getString(3)), doc);
                });
        if (!locations.isEmpty()) {
            List<ObjectKey> keys = new ArrayList<>(locations.keySet());
            jdbcTemplate.query(con -> {
                PreparedStatement ps = con.prepareStatement("select e.country_code, e.party_id, e.location_id, e.doc"
                        + " from evse e join unnest(?::text[], ?::text[], ?::text[]) as k(cc, pid, id)"
                        + " on e.country_code = k.cc and e.party_id = k.pid and e.location_id = k.id"
                        + " where e.listed order by e.position");
                setKeyArrays(ps, con, keys, 1);
                return ps;
            }, rs -> {
                var key = new ObjectKey(rs.getString(1), rs.getString(2), rs.getString(3));
                ((ArrayNode) locations.get(key).get("evses")).add(mapper.readTree(rs.getString(4)));
            });
        }
        return new ArrayList<>(locations.values());
    }

    private record Where(String sql, List<Object> params) {
    }

    private static Where where(ListFilter filter) {
        var sql = new StringBuilder(" where l.active");
        var params = new ArrayList<Object>();
        if (filter.connectionIds() != null) {
            sql.append(" and l.connection_id = any (?::uuid[])");
            params.add(filter.connectionIds().stream().map(UUID::toString).toArray(String[]::new));
        }
        if (filter.dateFrom() != null) {
            sql.append(" and l.last_updated >= ?");
            params.add(Timestamp.from(filter.dateFrom()));
        }
        if (filter.dateTo() != null) {
            sql.append(" and l.last_updated < ?");
            params.add(Timestamp.from(filter.dateTo()));
        }
        return new Where(sql.toString(), params);
    }

    private static void setKeyArrays(PreparedStatement ps, java.sql.Connection con, List<ObjectKey> keys, int first)
            throws SQLException {
        Array cc = con.createArrayOf("text", keys.stream().map(ObjectKey::countryCode).toArray());
        Array pid = con.createArrayOf("text", keys.stream().map(ObjectKey::partyId).toArray());
        Array id = con.createArrayOf("text", keys.stream().map(ObjectKey::id).toArray());
        ps.setArray(first, cc);
        ps.setArray(first + 1, pid);
        ps.setArray(first + 2, id);
    }

    private record EvseRow(ObjectKey location, Evse evse, int position) {
    }
}
