package com.rollyy.emsp.locations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The console map's picture of the network: every active, published Location with at least one
 * listed, non-REMOVED EVSE, in any connection, as parallel primitive arrays (position, connection,
 * CPO party, a bitmask of its EVSEs' statuses, its id). Extents, counts and grid cells of any
 * box and filter are loops over it (≤ 100,000 entries: a few milliseconds), instead of SQL that
 * scans every Location (with an EVSE semi-join when filtered by status). Immutable once built.
 */
final class MapSnapshot {

    /** When its SQL ran: the counts are of this moment. */
    final Instant countedAt;
    /** Every connection that existed when it was loaded (with Locations or not). */
    final Set<UUID> known;
    final int size;
    private final UUID[] connections;
    private final String[] countryCodes;
    private final String[] partyIds;
    private final double[] latitude;
    private final double[] longitude;
    private final int[] connection;
    private final int[] party;
    private final int[] statuses;
    /** The Location ids one after the other; id i ends at idEnd[i]. */
    private final String ids;
    private final int[] idEnd;

    private MapSnapshot(Builder b, Instant countedAt, Set<UUID> known) {
        this.countedAt = countedAt;
        this.known = Set.copyOf(known);
        this.size = b.size;
        this.connections = b.connections.toArray(UUID[]::new);
        this.countryCodes = b.parties.stream().map(p -> p[0]).toArray(String[]::new);
        this.partyIds = b.parties.stream().map(p -> p[1]).toArray(String[]::new);
        this.latitude = Arrays.copyOf(b.latitude, b.size);
        this.longitude = Arrays.copyOf(b.longitude, b.size);
        this.connection = Arrays.copyOf(b.connection, b.size);
        this.party = Arrays.copyOf(b.party, b.size);
        this.statuses = Arrays.copyOf(b.statuses, b.size);
        this.ids = b.ids.toString();
        this.idEnd = Arrays.copyOf(b.idEnd, b.size);
    }

    static int bit(Evse.Status status) {
        return 1 << status.ordinal();
    }

    /** The SQL expression of an EVSE status's bit (see {@link #bit}); 0 for a text no status has. */
    static String bitSql(String column) {
        var sql = new StringBuilder("case ").append(column);
        for (Evse.Status s : Evse.Status.values()) {
            sql.append(" when '").append(s.name()).append("' then ").append(bit(s));
        }
        return sql.append(" else 0 end").toString();
    }

    /** Approximate heap bytes: the arrays, the id text, the small tables. */
    long approximateBytes() {
        long arrays = 2L * 8 * size + 4L * 4 * size; // two double[] and four int[] (incl. idEnd)
        return arrays + 2L * ids.length() + 120L * (connections.length + countryCodes.length) + 100L * known.size();
    }

    /** Which entries a filter selects: connections in {@code scope}, the country and the status asked for. */
    final class Selection {

        private final boolean[] connectionIn;
        private final boolean[] partyIn;
        private final int statusMask;

        private Selection(AssetQuery.Filter filter, Set<UUID> scope) {
            connectionIn = new boolean[connections.length];
            for (int c = 0; c < connections.length; c++) {
                connectionIn[c] = scope == null || scope.contains(connections[c]);
            }
            partyIn = new boolean[countryCodes.length];
            for (int p = 0; p < countryCodes.length; p++) {
                partyIn[p] = filter.countryCode() == null || filter.countryCode().equals(countryCodes[p]);
            }
            statusMask = filter.status() == null ? -1 : bit(filter.status());
        }

        private boolean has(int i) {
            return connectionIn[connection[i]] && partyIn[party[i]] && (statuses[i] & statusMask) != 0;
        }

        private boolean has(int i, AssetQuery.Box box) {
            double lat = latitude[i];
            double lon = longitude[i];
            return lat >= box.south() && lat <= box.north() && lon >= box.west() && lon <= box.east() && has(i);
        }

        /** The extent of the selected Locations; null when there are none. */
        AssetQuery.Box extent() {
            double south = Double.POSITIVE_INFINITY, west = Double.POSITIVE_INFINITY;
            double north = Double.NEGATIVE_INFINITY, east = Double.NEGATIVE_INFINITY;
            boolean any = false;
            for (int i = 0; i < size; i++) {
                if (has(i)) {
                    any = true;
                    south = Math.min(south, latitude[i]);
                    north = Math.max(north, latitude[i]);
                    west = Math.min(west, longitude[i]);
                    east = Math.max(east, longitude[i]);
                }
            }
            return any ? new AssetQuery.Box(south, west, north, east) : null;
        }

        /** How many selected Locations are inside the box, counting no further than {@code upTo}. */
        int countIn(AssetQuery.Box box, int upTo) {
            int n = 0;
            for (int i = 0; i < size && n < upTo; i++) {
                if (has(i, box)) {
                    n++;
                }
            }
            return n;
        }

        /** The keys of up to {@code limit} selected Locations inside the box, in their key order. */
        List<Key> keysIn(AssetQuery.Box box, int limit) {
            var keys = new ArrayList<Key>();
            for (int i = 0; i < size && keys.size() < limit; i++) {
                if (has(i, box)) {
                    keys.add(new Key(countryCodes[party[i]], partyIds[party[i]],
                            ids.substring(i == 0 ? 0 : idEnd[i - 1], idEnd[i])));
                }
            }
            return keys;
        }

        /**
         * The selected Locations inside the box counted into {@code rows} × {@code columns} cells,
         * each at its Locations' mean position, by row then column (south to north, west to east).
         */
        List<AssetQuery.MapPoint> cellsIn(AssetQuery.Box box, int rows, int columns) {
            double cellHeight = Math.max((box.north() - box.south()) / rows, 1e-9);
            double cellWidth = Math.max((box.east() - box.west()) / columns, 1e-9);
            var n = new long[rows * columns];
            var sumLat = new double[rows * columns];
            var sumLon = new double[rows * columns];
            for (int i = 0; i < size; i++) {
                if (has(i, box)) {
                    int r = (int) Math.min(Math.floor((latitude[i] - box.south()) / cellHeight), rows - 1);
                    int c = (int) Math.min(Math.floor((longitude[i] - box.west()) / cellWidth), columns - 1);
                    int cell = r * columns + c;
                    n[cell]++;
                    sumLat[cell] += latitude[i];
                    sumLon[cell] += longitude[i];
                }
            }
            var cells = new ArrayList<AssetQuery.MapPoint>();
            for (int cell = 0; cell < n.length; cell++) {
                if (n[cell] > 0) {
                    cells.add(new AssetQuery.MapPoint(sumLat[cell] / n[cell], sumLon[cell] / n[cell],
                            n[cell] + " locations", null, n[cell]));
                }
            }
            return cells;
        }
    }

    Selection select(AssetQuery.Filter filter, Set<UUID> scope) {
        return new Selection(filter, scope);
    }

    /** A Location's key. */
    record Key(String countryCode, String partyId, String id) {
    }

    /** Fills the arrays row by row, in the order of the SQL. */
    static final class Builder {

        private final List<UUID> connections = new ArrayList<>();
        private final Map<UUID, Integer> connectionIndex = new HashMap<>();
        private final List<String[]> parties = new ArrayList<>();
        private final Map<List<String>, Integer> partyIndex = new HashMap<>();
        private int size;
        private double[] latitude = new double[1024];
        private double[] longitude = new double[1024];
        private int[] connection = new int[1024];
        private int[] party = new int[1024];
        private int[] statuses = new int[1024];
        private int[] idEnd = new int[1024];
        private final StringBuilder ids = new StringBuilder();

        void add(UUID connectionId, String countryCode, String partyId, String id, double lat, double lon, int mask) {
            if (size == latitude.length) {
                int grown = size * 2;
                latitude = Arrays.copyOf(latitude, grown);
                longitude = Arrays.copyOf(longitude, grown);
                connection = Arrays.copyOf(connection, grown);
                party = Arrays.copyOf(party, grown);
                statuses = Arrays.copyOf(statuses, grown);
                idEnd = Arrays.copyOf(idEnd, grown);
            }
            latitude[size] = lat;
            longitude[size] = lon;
            connection[size] = connectionIndex.computeIfAbsent(connectionId, k -> {
                connections.add(k);
                return connections.size() - 1;
            });
            party[size] = partyIndex.computeIfAbsent(List.of(countryCode, partyId), k -> {
                parties.add(new String[] {countryCode, partyId});
                return parties.size() - 1;
            });
            statuses[size] = mask;
            ids.append(id);
            idEnd[size] = ids.length();
            size++;
        }

        MapSnapshot build(Instant countedAt, Set<UUID> known) {
            return new MapSnapshot(this, countedAt, known);
        }
    }
}
