package com.rollyy.emsp.locations;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;

import com.rollyy.emsp.connections.Peers;

/** Reads EVSEs joined with their Location, as charging assets. */
@Repository
class ChargingAssetRepository {

    private static final String SELECT = """
            select e.asset_id, e.doc as evse, l.country_code, l.party_id, l.doc->>'id' as location_id,
                   l.doc->>'name' as name, l.doc->>'address' as address, l.doc->>'city' as city, l.latitude,
                   l.longitude, l.doc->>'time_zone' as time_zone, l.connection_id,
                   (l.active and e.listed and e.status <> 'REMOVED') as current""";

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;
    private final org.springframework.transaction.support.TransactionTemplate tx;

    ChargingAssetRepository(JdbcClient jdbc, ObjectMapper mapper,
                            org.springframework.transaction.support.TransactionTemplate tx) {
        this.tx = tx;
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /**
     * Which assets a list shows: those of the given connections ({@code owners} describes every
     * connection; {@code only} null = every connection).
     */
    record Scope(Map<UUID, Peers.Summary> owners, Set<UUID> only) {

        String sql() {
            return only == null ? "" : " and l.connection_id = any (?::uuid[])";
        }

        void addParams(List<Object> params) {
            if (only != null) {
                params.add(only.stream().map(UUID::toString).toArray(String[]::new));
            }
        }
    }

    Optional<ChargingAsset> find(UUID assetId, Map<UUID, Peers.Summary> owners) {
        return jdbc.sql(SELECT + ", null::double precision as distance_km from evse e join location l"
                        + " on l.country_code = e.country_code and l.party_id = e.party_id and l.id = e.location_id"
                        + " where e.asset_id = ?")
                .param(assetId).query((rs, n) -> map(rs, owners)).optional();
    }

    /**
     * Published, active, listed assets near a point, nearest first. A bounding box on the indexed
     * coordinates narrows the rows before the great-circle distance is computed.
     */
    List<ChargingAsset> near(double lat, double lon, double radiusKm, boolean availableOnly, Scope scope, int limit) {
        double dLat = radiusKm / 111.0;
        double dLon = radiusKm / (111.0 * Math.max(0.01, Math.cos(Math.toRadians(lat))));
        var params = new ArrayList<Object>(List.of(lat, lon, lat, lat - dLat, lat + dLat, lon - dLon, lon + dLon));
        String sql = "select * from (" + SELECT + """
                , 6371.0 * acos(least(1.0, cos(radians(?)) * cos(radians(l.latitude)) * cos(radians(l.longitude)
                    - radians(?)) + sin(radians(?)) * sin(radians(l.latitude)))) as distance_km
                  from evse e join location l
                    on l.country_code = e.country_code and l.party_id = e.party_id and l.id = e.location_id
                 where l.active and l.publish and e.listed and e.status <> 'REMOVED'
                   and l.latitude between ? and ? and l.longitude between ? and ?""" + (availableOnly
                ? " and e.status = 'AVAILABLE'" : "") + scope.sql()
                + ") a where a.distance_km <= ? order by a.distance_km, a.asset_id limit ?";
        scope.addParams(params);
        params.add(radiusKm);
        params.add(limit);
        return jdbc.sql(sql).params(params).query((rs, n) -> map(rs, scope.owners())).list();
    }

    List<ChargingAsset> all(boolean availableOnly, Scope scope, int limit) {
        var params = new ArrayList<Object>();
        scope.addParams(params);
        params.add(limit);
        return jdbc.sql(SELECT + ", null::double precision as distance_km from evse e join location l"
                        + " on l.country_code = e.country_code and l.party_id = e.party_id and l.id = e.location_id"
                        + " where l.active and l.publish and e.listed and e.status <> 'REMOVED'"
                        + (availableOnly ? " and e.status = 'AVAILABLE'" : "") + scope.sql()
                        + " order by l.country_code, l.party_id, l.id, e.position limit ?")
                .params(params).query((rs, n) -> map(rs, scope.owners())).list();
    }

    /** The console's table: assets matching the filter, by Location id and EVSE uid. */
    List<ChargingAsset> page(AssetQuery.Filter filter, Scope scope, int limit, AssetQuery.After after) {
        return page(filter, scope, limit, after, null);
    }

    /**
     * The same, among the Locations with these keys only (null: any): for a rare status, the few
     * Locations the map's snapshot says have it, instead of a walk through every EVSE.
     */
    List<ChargingAsset> page(AssetQuery.Filter filter, Scope scope, int limit, AssetQuery.After after,
                             List<MapSnapshot.Key> among) {
        var params = new ArrayList<Object>();
        String where = filterSql(filter, scope, params, "e.status");
        if (among != null) {
            where += " and (l.country_code, l.party_id, l.id) in (select * from unnest(?::text[], ?::text[], ?::text[]))";
            params.add(among.stream().map(MapSnapshot.Key::countryCode).toArray(String[]::new));
            params.add(among.stream().map(MapSnapshot.Key::partyId).toArray(String[]::new));
            params.add(among.stream().map(MapSnapshot.Key::id).toArray(String[]::new));
        }
        if (after != null) {
            where += " and (e.country_code, e.party_id, e.location_id, e.uid) > (?, ?, ?, ?)";
            params.addAll(List.of(after.countryCode(), after.partyId(), after.locationId(), after.evseUid()));
        }
        params.add(limit);
        String from = " from evse e join location l"
                + " on l.country_code = e.country_code and l.party_id = e.party_id and l.id = e.location_id"
                + " where l.active and l.publish and e.listed and e.status <> 'REMOVED'" + where;
        String sql = among == null
                // the evse primary key's order: an index scan that stops after the page
                ? SELECT + ", null::double precision as distance_km" + from
                        + " order by e.country_code, e.party_id, e.location_id, e.uid limit ?"
                // the few Locations' EVSEs first, then their order: a plan that walks the primary key
                // in order and filters (what a generic plan of the query above may pick) reads every EVSE
                : "with picked as materialized (" + SELECT + ", null::double precision as distance_km,"
                        + " e.country_code as k1, e.party_id as k2, e.location_id as k3, e.uid as k4" + from
                        + ") select * from picked order by k1, k2, k3, k4 limit ?";
        return jdbc.sql(sql).params(params).query((rs, n) -> map(rs, scope.owners())).list();
    }

    private static String filterSql(AssetQuery.Filter filter, Scope scope, List<Object> params, String statusColumn) {
        var sql = new StringBuilder();
        if (filter.countryCode() != null) {
            sql.append(" and l.country_code = ?");
            params.add(filter.countryCode());
        }
        if (filter.status() != null) {
            sql.append(" and ").append(statusColumn).append(" = ?");
            params.add(filter.status().name());
        }
        sql.append(scope.sql());
        scope.addParams(params);
        return sql.toString();
    }

    private static final String EVSES_OF_L = "e.country_code = l.country_code and e.party_id = l.party_id"
            + " and e.location_id = l.id and e.listed and e.status <> 'REMOVED'";

    /**
     * The console map's snapshot ({@link MapSnapshot}): every active, published Location with a
     * listed, non-REMOVED EVSE, in any connection, with the bits of its EVSEs' statuses. One
     * statement: the join of location and evse grouped by Location.
     */
    MapSnapshot mapSnapshot(Set<UUID> knownConnections) {
        var snapshot = new MapSnapshot.Builder();
        var countedAt = java.time.Instant.now();
        tx.executeWithoutResult(status -> {
        // a background recount: one core, so the pages operators are waiting for keep the other
        jdbc.sql("select set_config('max_parallel_workers_per_gather', '0', true)").query(rs -> { });
        jdbc.sql("select l.connection_id, l.country_code, l.party_id, l.id, l.latitude, l.longitude, bit_or("
                        + MapSnapshot.bitSql("e.status") + ") as statuses"
                        + " from location l join evse e on e.country_code = l.country_code and e.party_id = l.party_id"
                        + " and e.location_id = l.id"
                        + " where l.active and l.publish and e.listed and e.status <> 'REMOVED'"
                        + " group by l.country_code, l.party_id, l.id order by l.country_code, l.party_id, l.id")
                .query(rs -> {
                    snapshot.add(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getDouble(5), rs.getDouble(6), rs.getInt(7));
                });
        });
        return snapshot.build(countedAt, knownConnections);
    }

    /**
     * The Locations with these keys that are (still) inside the box and match the filter, each
     * with its EVSE count and best status (AVAILABLE, then CHARGING, RESERVED, BLOCKED, the rest),
     * read live by primary key.
     */
    List<AssetQuery.MapPoint> locationsIn(List<MapSnapshot.Key> keys, AssetQuery.Box box, AssetQuery.Filter filter,
                                          Scope scope) {
        if (keys.isEmpty()) {
            return List.of();
        }
        var params = new ArrayList<Object>(List.of(
                keys.stream().map(MapSnapshot.Key::countryCode).toArray(String[]::new),
                keys.stream().map(MapSnapshot.Key::partyId).toArray(String[]::new),
                keys.stream().map(MapSnapshot.Key::id).toArray(String[]::new)));
        // country and scope here; the status is looked at per Location, below
        String where = filterSql(new AssetQuery.Filter(null, filter.countryCode(), filter.connectionId()), scope,
                params, null);
        // the status filter inside the per-Location look at its EVSEs: as an EXISTS, a generic
        // plan may hash-join a scan of every EVSE (seen: 0.2-1.2 s for 20 keys)
        params.add(filter.status() == null ? "" : filter.status().name());
        params.add(filter.status() == null);
        // the keyed Locations first (materialized), found by their primary key only: with the box in
        // the SQL too, a generic plan walked every Location of the box (the whole network) against
        // the keys (seen: 1.7 s); the keys come from the box already, a moved one is dropped below
        return jdbc.sql("""
                with picked as materialized (
                  select l.latitude, l.longitude, l.doc->>'name' as name, l.id, l.connection_id, l.country_code,
                         l.party_id
                    from unnest(?::text[], ?::text[], ?::text[]) as k(country_code, party_id, id)
                    join location l on l.country_code = k.country_code and l.party_id = k.party_id and l.id = k.id
                   where l.active and l.publish"""
                        + where + """
                )
                select l.latitude, l.longitude, l.name, l.id, l.connection_id, s.status, s.evses
                  from picked l
                  cross join lateral (select (array_agg(e.status order by case e.status when 'AVAILABLE' then 0
                                              when 'CHARGING' then 1 when 'RESERVED' then 2 when 'BLOCKED' then 3
                                              else 4 end))[1] as status, count(*) as evses,
                                             bool_or(e.status = ?) or ? as wanted
                                        from evse e where\s""" + EVSES_OF_L + """
                                     ) s
                 where s.evses > 0 and s.wanted order by l.country_code, l.party_id, l.id""")
                .params(params).query((rs, n) -> {
                    var owner = scope.owners().get(rs.getObject("connection_id", UUID.class));
                    Evse.Status status = owner == null || !owner.active() ? Evse.Status.UNKNOWN
                            : Evse.Status.valueOf(rs.getString("status"));
                    String name = rs.getString("name");
                    return new AssetQuery.MapPoint(rs.getDouble("latitude"), rs.getDouble("longitude"),
                            name == null ? rs.getString("id") : name, status, rs.getLong("evses"));
                }).list().stream().filter(p -> p.latitude() >= box.south() && p.latitude() <= box.north()
                        && p.longitude() >= box.west() && p.longitude() <= box.east()).toList();
    }

    private ChargingAsset map(java.sql.ResultSet rs, Map<UUID, Peers.Summary> owners) throws java.sql.SQLException {
        Evse evse = mapper.readValue(rs.getString("evse"), Evse.class);
        var place = new ChargingAsset.Place(rs.getString("country_code"), rs.getString("party_id"),
                rs.getString("location_id"), rs.getString("name"), rs.getString("address"), rs.getString("city"),
                rs.getDouble("latitude"), rs.getDouble("longitude"), rs.getString("time_zone"));
        double distance = rs.getDouble("distance_km");
        Double distanceKm = rs.wasNull() ? null : Math.round(distance * 1000.0) / 1000.0;
        UUID connectionId = rs.getObject("connection_id", UUID.class);
        return ChargingAsset.of(rs.getObject("asset_id", UUID.class), connectionId, place, evse,
                rs.getBoolean("current"), owners.get(connectionId), distanceKm);
    }
}
