package com.rollyy.emsp.locations;

import java.util.UUID;

import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.ocpi.OcpiPage;
import com.rollyy.emsp.ocpi.OcpiPageRequest;
import com.rollyy.emsp.ocpi.ObjectKey;

/** Read side of Locations: the paginated list. */
@Service
public class LocationQueries {

    private static final String TARGET = """
            select l.connection_id, l.country_code, l.party_id, l.doc->>'id' as location_id, e.doc, e.asset_id
              from evse e join location l
                on l.country_code = e.country_code and l.party_id = e.party_id and l.id = e.location_id
             where l.active and e.listed and e.status <> 'REMOVED' and \
            """;

    private final LocationRepository repository;
    private final ChargingAssetRepository assets;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;
    private final tools.jackson.databind.ObjectMapper mapper;
    private final com.rollyy.emsp.connections.Peers peers;

    /**
     * The map's aggregates over many Locations (the extent that frames it, the counts of its grid
     * cells): ~50 and ~120 ms of SQL each with 100,000 Locations (~420 ms for the cells filtered by
     * an EVSE status), the same for every operator who opens the page, and what they show moves
     * slowly (Locations are added, not moved; a cell counts Locations). Computed on the first view,
     * then refreshed in the background when older than {@link #MAP_AGGREGATES_REFRESH} (the view
     * that asks gets the kept value at once), dropped after {@link #MAP_AGGREGATES_IDLE} unused.
     * Points of a zoomed-in view (500 Locations or fewer) are always read live.
     */
    static final java.time.Duration MAP_AGGREGATES_REFRESH = java.time.Duration.ofSeconds(30);
    static final java.time.Duration MAP_AGGREGATES_IDLE = java.time.Duration.ofMinutes(10);
    private final com.github.benmanes.caffeine.cache.LoadingCache<Object, Object> mapAggregates =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(500)
                    .refreshAfterWrite(MAP_AGGREGATES_REFRESH).expireAfterAccess(MAP_AGGREGATES_IDLE)
                    .build(this::aggregate);

    private record ExtentKey(AssetQuery.Filter filter, java.util.Set<UUID> scope) {
    }

    private record CellsKey(AssetQuery.Box box, AssetQuery.Filter filter, java.util.Set<UUID> scope) {
    }

    /** Loads (or refreshes) one kept aggregate; the key holds all it depends on. */
    private Object aggregate(Object key) {
        if (key instanceof ExtentKey k) {
            return java.util.Optional.ofNullable(assets.extent(k.filter(),
                    new ChargingAssetRepository.Scope(java.util.Map.of(), k.scope())));
        }
        var k = (CellsKey) key;
        return assets.cellsIn(k.box(), k.filter(), new ChargingAssetRepository.Scope(java.util.Map.of(), k.scope()),
                MAP_ROWS, MAP_COLUMNS);
    }

    LocationQueries(LocationRepository repository, ChargingAssetRepository assets,
                    org.springframework.jdbc.core.simple.JdbcClient jdbc, tools.jackson.databind.ObjectMapper mapper,
                    com.rollyy.emsp.connections.Peers peers) {
        this.repository = repository;
        this.assets = assets;
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.peers = peers;
    }

    /** The EVSE with this asset id, if it is current. */
    public java.util.Optional<ChargeTarget> target(UUID assetId) {
        return jdbc.sql(TARGET + "e.asset_id = ?").param(assetId).query((rs, n) -> target(rs)).optional();
    }

    /**
     * Current EVSEs with this Location id and EVSE uid (CiStrings). Ids are unique per CPO
     * party, so more than one CPO may match. Those of active connections when there are any: an
     * unregistered connection's copy is retired and never makes a START ambiguous; when only
     * retired copies match, they are returned, so the START can say their connection is inactive.
     */
    public java.util.List<ChargeTarget> targets(String locationId, String evseUid) {
        var all = jdbc.sql(TARGET + "l.id = ? and e.uid = ?")
                .params(com.rollyy.emsp.ocpi.CiString.key(locationId), com.rollyy.emsp.ocpi.CiString.key(evseUid))
                .query((rs, n) -> target(rs)).list();
        if (all.size() < 2) {
            return all;
        }
        var active = peers.summaries();
        var live = all.stream().filter(t -> active.containsKey(t.connectionId())
                && active.get(t.connectionId()).active()).toList();
        return live.isEmpty() ? all : live;
    }

    private ChargeTarget target(java.sql.ResultSet rs) throws java.sql.SQLException {
        Evse evse = mapper.readValue(rs.getString("doc"), Evse.class);
        return new ChargeTarget(rs.getObject("connection_id", UUID.class), rs.getString("country_code"),
                rs.getString("party_id"), rs.getString("location_id"), evse.uid(),
                rs.getObject("asset_id", UUID.class), evse.status(),
                evse.capabilities() == null ? java.util.List.of() : evse.capabilities(),
                evse.connectors().stream().map(Connector::id).toList());
    }

    public java.util.Optional<ChargingAsset> asset(UUID assetId) {
        return assets.find(assetId, peers.summaries());
    }

    /** The console's asset table: a page of assets matching the filter (see {@link AssetQuery.Filter}). */
    public java.util.List<ChargingAsset> assets(AssetQuery.Filter filter, int limit, AssetQuery.After after) {
        return assets.page(filter, scope(filter), limit, after);
    }

    /** Locations drawn one by one up to this many; above it, counted into grid cells. */
    public static final int MAP_POINTS = 500;
    public static final int MAP_ROWS = 18;
    public static final int MAP_COLUMNS = 27;

    /** The extent of the Locations the filter selects; empty when there are none. */
    public java.util.Optional<AssetQuery.Box> extent(AssetQuery.Filter filter) {
        var scope = scope(filter);
        @SuppressWarnings("unchecked")
        var extent = (java.util.Optional<AssetQuery.Box>) mapAggregates.get(new ExtentKey(filter, scope.only()));
        return extent;
    }

    /**
     * The console's map: the Locations inside {@code box} (null = the extent of all in scope),
     * one by one when at most {@link #MAP_POINTS}, else counted into at most
     * {@value #MAP_ROWS} × {@value #MAP_COLUMNS} grid cells in SQL. Never loads more rows.
     */
    public AssetQuery.MapData map(AssetQuery.Box box, AssetQuery.Filter filter) {
        var scope = scope(filter);
        AssetQuery.Box view = box != null ? box : extent(filter).orElse(null);
        if (view == null) {
            return new AssetQuery.MapData(null, false, java.util.List.of());
        }
        // counted first (index only, stops at MAP_POINTS + 1): each drawn point costs a look at its EVSEs
        if (assets.countIn(view, filter, scope, MAP_POINTS + 1) <= MAP_POINTS) {
            return new AssetQuery.MapData(view, false, assets.locationsIn(view, filter, scope, MAP_POINTS + 1));
        }
        @SuppressWarnings("unchecked")
        var cells = (java.util.List<AssetQuery.MapPoint>) mapAggregates.get(new CellsKey(view, filter, scope.only()));
        return new AssetQuery.MapData(view, true, cells);
    }

    private ChargingAssetRepository.Scope scope(AssetQuery.Filter filter) {
        var owners = peers.summaries();
        java.util.Set<UUID> only = filter.connectionId() != null ? java.util.Set.of(filter.connectionId())
                : owners.values().stream().filter(com.rollyy.emsp.connections.Peers.Summary::active)
                .map(com.rollyy.emsp.connections.Peers.Summary::id).collect(java.util.stream.Collectors.toSet());
        return new ChargingAssetRepository.Scope(owners, only);
    }

    /** The IANA time zone of a Location we hold, for pricing in local time. */
    public java.util.Optional<String> timeZone(String countryCode, String partyId, String locationId) {
        return repository.find(new ObjectKey(countryCode, partyId, locationId), false)
                .map(l -> l.doc().path("time_zone").asString(null));
    }

    /**
     * A page of the Locations list: a connection's own (its OCPI token), or, for the product
     * (connectionId null), those of every active connection: an unregistered one's are retired.
     */
    OcpiPage<JsonNode> page(UUID connectionId, OcpiPageRequest page) {
        java.util.Set<UUID> owners = connectionId != null ? java.util.Set.of(connectionId)
                : peers.summaries().values().stream().filter(com.rollyy.emsp.connections.Peers.Summary::active)
                .map(com.rollyy.emsp.connections.Peers.Summary::id).collect(java.util.stream.Collectors.toSet());
        var filter = new LocationRepository.ListFilter(owners, page.dateFrom(), page.dateTo());
        long total = repository.count(filter);
        var items = page.offset() >= total ? java.util.List.<JsonNode>of()
                : repository.page(filter, page.offset(), page.limit());
        return new OcpiPage<>(items, total);
    }
}
