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
     * The map's counts (extent, Locations in a box, grid cells) come from one in-memory
     * {@link MapSnapshot} of the network, loaded by one SQL statement (~1.5 s with 100,000
     * Locations) instead of SQL per view and filter (up to ~1.8 s filtered by an EVSE status: a
     * semi-join over evse for every Location, whose status is deliberately not indexed). Kept under
     * a single key: refreshed in the background when older than {@link #MAP_REFRESH} (the view that
     * asks gets the kept one at once, with its age on the page), never dropped: ~50 bytes a
     * Location of heap and no work while nobody looks, and no view after a quiet hour waits for a
     * load. Warmed in the background when the application is ready and when a console page finds
     * it absent ({@link #warmMap}). Drawn points (500 Locations or fewer) are read live by their keys.
     */
    public static final java.time.Duration MAP_REFRESH = java.time.Duration.ofSeconds(30);
    private static final String SNAPSHOT = "network";
    private final java.util.concurrent.ExecutorService mapLoader = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
                var thread = new Thread(r, "map-snapshot");
                thread.setDaemon(true);
                return thread;
            });
    private final com.github.benmanes.caffeine.cache.AsyncLoadingCache<String, MapSnapshot> mapSnapshot =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().executor(mapLoader)
                    .refreshAfterWrite(MAP_REFRESH)
                    .buildAsync(key -> loadMapSnapshot());
    private volatile java.time.Duration lastMapLoad;

    private MapSnapshot loadMapSnapshot() {
        long t0 = System.nanoTime();
        // the connections known before the statement: one registered during it makes the next view reload
        var snapshot = assets.mapSnapshot(peers.summaries().keySet());
        lastMapLoad = java.time.Duration.ofNanos(System.nanoTime() - t0);
        return snapshot;
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
                evse.connectors().stream().map(Connector::id).toList(),
                evse.connectors().stream().map(c -> c.tariffIds() == null ? java.util.List.<String>of() : c.tariffIds())
                        .toList());
    }

    public java.util.Optional<ChargingAsset> asset(UUID assetId) {
        return assets.find(assetId, peers.summaries());
    }

    /** The console's asset table: a page of assets matching the filter (see {@link AssetQuery.Filter}). */
    public java.util.List<ChargingAsset> assets(AssetQuery.Filter filter, int limit, AssetQuery.After after) {
        var scope = scope(filter);
        if (filter.status() != null) {
            // evse.status has no index (status PATCHes stay HOT updates): the table's walk in key order
            // finds a frequent status at once but a rare one only after every EVSE; the snapshot
            // names the few Locations that had it when counted (re-checked live, like the map's points)
            var among = snapshot(scope).select(filter, scope.only()).keysIn(WORLD, RARE_LOCATIONS + 1);
            if (among.size() <= RARE_LOCATIONS) {
                return assets.page(filter, scope, limit, after, among);
            }
        }
        return assets.page(filter, scope, limit, after);
    }

    private static final AssetQuery.Box WORLD = new AssetQuery.Box(-90, -180, 90, 180);
    /** A status filter of at most this many Locations (in the snapshot) is read among them only. */
    static final int RARE_LOCATIONS = 1_000;

    /** Locations drawn one by one up to this many; above it, counted into grid cells. */
    public static final int MAP_POINTS = 500;
    public static final int MAP_ROWS = 18;
    public static final int MAP_COLUMNS = 27;

    /** The extent of the Locations the filter selects; empty when there are none (from the snapshot). */
    public java.util.Optional<AssetQuery.Box> extent(AssetQuery.Filter filter) {
        var scope = scope(filter);
        return java.util.Optional.ofNullable(snapshot(scope).select(filter, scope.only()).extent());
    }

    /**
     * The console's map: the Locations inside {@code box} (null = the extent of all in scope),
     * one by one when at most {@link #MAP_POINTS} (read live by key: current names, best status,
     * and the status filter applied again), else counted into at most {@value #MAP_ROWS} ×
     * {@value #MAP_COLUMNS} grid cells. Counts come from the snapshot, as of
     * {@link AssetQuery.MapData#countedAt}.
     */
    public AssetQuery.MapData map(AssetQuery.Box box, AssetQuery.Filter filter) {
        var scope = scope(filter);
        var snapshot = snapshot(scope);
        var selection = snapshot.select(filter, scope.only());
        AssetQuery.Box view = box != null ? box : selection.extent();
        if (view == null) {
            return new AssetQuery.MapData(null, false, java.util.List.of(), snapshot.countedAt);
        }
        if (selection.countIn(view, MAP_POINTS + 1) <= MAP_POINTS) {
            return new AssetQuery.MapData(view, false,
                    assets.locationsIn(selection.keysIn(view, MAP_POINTS), view, filter, scope), snapshot.countedAt);
        }
        return new AssetQuery.MapData(view, true, selection.cellsIn(view, MAP_ROWS, MAP_COLUMNS), snapshot.countedAt);
    }

    /**
     * The kept snapshot (waiting for it only when there is none yet). Loaded again at once when a
     * connection in scope is newer than it: a CPO registered since would be missing altogether.
     */
    private MapSnapshot snapshot(ChargingAssetRepository.Scope scope) {
        MapSnapshot kept = mapSnapshot.get(SNAPSHOT).join();
        if (scope.only().stream().anyMatch(id -> scope.owners().containsKey(id) && !kept.known.contains(id))) {
            return mapSnapshot.synchronous().refresh(SNAPSHOT).join();
        }
        return kept;
    }

    /**
     * Starts loading the map's snapshot in the background when there is none (nor a load under
     * way); returns at once. Called when the application is ready and for every console page.
     */
    public void warmMap() {
        if (!mapSnapshot.asMap().containsKey(SNAPSHOT)) {
            mapSnapshot.get(SNAPSHOT);
        }
    }

    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void warmMapWhenReady() {
        warmMap();
    }

    /** The map snapshot's size and cost, when one is kept (for the bench and the tests). */
    public record MapSnapshotInfo(int locations, long approximateBytes, java.time.Instant countedAt,
                                  java.time.Duration loadTime) {
    }

    /**
     * Drops the kept snapshot and loads a new one now, waiting for it (the bench's cold start and
     * tests that need the counts of this moment).
     */
    public MapSnapshotInfo reloadMap() {
        mapSnapshot.synchronous().invalidate(SNAPSHOT);
        var snapshot = mapSnapshot.get(SNAPSHOT).join();
        return new MapSnapshotInfo(snapshot.size, snapshot.approximateBytes(), snapshot.countedAt, lastMapLoad);
    }

    /** Drops the kept snapshot: the next view loads it (the bench's "first view after start-up"). */
    public void forgetMap() {
        mapSnapshot.synchronous().invalidate(SNAPSHOT);
    }

    /** Whether a loaded snapshot is kept (for the tests). */
    boolean mapKept() {
        var kept = mapSnapshot.asMap().get(SNAPSHOT);
        return kept != null && kept.isDone() && !kept.isCompletedExceptionally();
    }

    @jakarta.annotation.PreDestroy
    void stopMapLoader() {
        mapLoader.shutdownNow();
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
        // one column of one row: not the Location and its EVSEs parsed (read for every CDR priced)
        return repository.timeZone(new ObjectKey(countryCode, partyId, locationId));
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
