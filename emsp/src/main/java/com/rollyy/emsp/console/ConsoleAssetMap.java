package com.rollyy.emsp.console;

import java.util.List;
import java.util.Locale;

import com.rollyy.emsp.locations.AssetQuery;

/**
 * The assets map without tiles: a Web-Mercator projection of a bounding box onto an SVG
 * viewport of {@value #WIDTH} × {@value #HEIGHT}, the markers of the Locations (or grid cells)
 * in it, and the boxes the zoom and pan links lead to. Pure arithmetic, no Spring.
 */
final class ConsoleAssetMap {

    static final int WIDTH = 800;
    static final int HEIGHT = 500;
    /** Web Mercator's limit: beyond it the projection runs off to infinity. */
    static final double MAX_LATITUDE = 85.05112878;
    /** The smallest span shown, in degrees (about 100 m): a single Location still gets a view around it. */
    static final double MIN_SPAN = 0.001;

    /** A marker in SVG coordinates; {@code zoomTo} is the box a grouped cell's link opens (null for a Location). */
    record Marker(double x, double y, double r, String cssClass, String label, long count, String zoomTo) {
    }

    private final AssetQuery.Box box;

    /** The view of {@code box}. */
    ConsoleAssetMap(AssetQuery.Box box) {
        this.box = box;
    }

    /** The view around the extent of the data: a 5 % margin, at least {@link #MIN_SPAN}, within the world. */
    static AssetQuery.Box around(AssetQuery.Box extent) {
        double latSpan = Math.max(extent.north() - extent.south(), MIN_SPAN);
        double lonSpan = Math.max(extent.east() - extent.west(), MIN_SPAN);
        double midLat = (extent.north() + extent.south()) / 2;
        double midLon = (extent.east() + extent.west()) / 2;
        return clamp(midLat - latSpan * 0.55, midLon - lonSpan * 0.55, midLat + latSpan * 0.55, midLon + lonSpan * 0.55);
    }

    /**
     * {@code south,west,north,east} in decimal degrees.
     *
     * @throws IllegalArgumentException with a message naming the field when it is not a box
     */
    static AssetQuery.Box parse(String bbox) {
        String[] parts = bbox.split(",");
        if (parts.length != 4) {
            throw new IllegalArgumentException("Bounding box (bbox) must be south,west,north,east in decimal degrees");
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Bounding box (bbox) must be south,west,north,east in decimal degrees");
            }
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("Bounding box (bbox) must be south,west,north,east in decimal degrees");
            }
        }
        if (v[0] < -90 || v[2] > 90 || v[1] < -180 || v[3] > 180 || v[0] >= v[2] || v[1] >= v[3]) {
            throw new IllegalArgumentException("Bounding box (bbox) must have south < north within ±90 and"
                    + " west < east within ±180");
        }
        return new AssetQuery.Box(v[0], v[1], v[2], v[3]);
    }

    static String format(AssetQuery.Box b) {
        return String.format(Locale.ROOT, "%.5f,%.5f,%.5f,%.5f", b.south(), b.west(), b.north(), b.east());
    }

    AssetQuery.Box box() {
        return box;
    }

    /** Half the span around the same centre. */
    AssetQuery.Box zoomIn() {
        return scaled(0.5);
    }

    /** Twice the span around the same centre, within the world. */
    AssetQuery.Box zoomOut() {
        return scaled(2);
    }

    /** Moved by half the span: {@code north} +1 north, -1 south; {@code east} +1 east, -1 west. */
    AssetQuery.Box pan(int north, int east) {
        double latShift = (box.north() - box.south()) / 2 * north;
        double lonShift = (box.east() - box.west()) / 2 * east;
        double south = box.south() + latShift;
        double northEdge = box.north() + latShift;
        double west = box.west() + lonShift;
        double eastEdge = box.east() + lonShift;
        // keep the span when a move hits the edge of the world
        if (south < -90) { northEdge -= south + 90; south = -90; }
        if (northEdge > 90) { south -= northEdge - 90; northEdge = 90; }
        if (west < -180) { eastEdge -= west + 180; west = -180; }
        if (eastEdge > 180) { west -= eastEdge - 180; eastEdge = 180; }
        return clamp(south, west, northEdge, eastEdge);
    }

    private AssetQuery.Box scaled(double factor) {
        double latHalf = Math.max((box.north() - box.south()) * factor, MIN_SPAN) / 2;
        double lonHalf = Math.max((box.east() - box.west()) * factor, MIN_SPAN) / 2;
        double midLat = (box.north() + box.south()) / 2;
        double midLon = (box.east() + box.west()) / 2;
        return clamp(midLat - latHalf, midLon - lonHalf, midLat + latHalf, midLon + lonHalf);
    }

    private static AssetQuery.Box clamp(double south, double west, double north, double east) {
        return new AssetQuery.Box(Math.max(-90, south), Math.max(-180, west), Math.min(90, north), Math.min(180, east));
    }

    /** x of a longitude: linear in Web Mercator. */
    double x(double longitude) {
        return (longitude - box.west()) / (box.east() - box.west()) * WIDTH;
    }

    /** y of a latitude: Web Mercator's stretched latitudes, north at the top. */
    double y(double latitude) {
        double top = mercator(box.north());
        double bottom = mercator(box.south());
        return (top - mercator(latitude)) / (top - bottom) * HEIGHT;
    }

    static double mercator(double latitude) {
        double clamped = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, latitude));
        return Math.log(Math.tan(Math.PI / 4 + Math.toRadians(clamped) / 2));
    }

    /**
     * The markers of the points: a Location as a small dot classed by its status
     * ({@code pt status-available}), a grid cell as a circle growing with the log of its count
     * ({@code pt cell}) that links to a box around it, {@code cellLat}/{@code cellLon} degrees wide.
     */
    List<Marker> markers(List<AssetQuery.MapPoint> points, double cellLat, double cellLon) {
        return points.stream().map(p -> {
            double px = round(x(p.longitude()));
            double py = round(y(p.latitude()));
            if (p.status() != null) {
                return new Marker(px, py, 6, "pt status-" + p.status().name().toLowerCase(Locale.ROOT),
                        p.label() + ": " + p.status().name().toLowerCase(Locale.ROOT) + ", " + p.count()
                                + (p.count() == 1 ? " EVSE" : " EVSEs"), p.count(), null);
            }
            double r = Math.min(28, 9 + 4 * Math.log10(Math.max(1, p.count())) * 2);
            String to = format(clamp(p.latitude() - cellLat, p.longitude() - cellLon, p.latitude() + cellLat,
                    p.longitude() + cellLon));
            return new Marker(px, py, round(r), "pt cell", p.count() + " locations here: zoom in", p.count(), to);
        }).toList();
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
