package com.rollyy.emsp.locations;

import java.util.List;
import java.util.UUID;

/** What the operator console asks of charging assets: a filtered page, and a map of a bounding box. */
public final class AssetQuery {

    private AssetQuery() {
    }

    /**
     * Which assets: of one status, country, connection (each null = any). Without a connection,
     * those of active connections only, like GET /v1/charging-assets.
     */
    public record Filter(Evse.Status status, String countryCode, UUID connectionId) {
    }

    /** A bounding box in degrees: south ≤ latitude ≤ north, west ≤ longitude ≤ east. */
    public record Box(double south, double west, double north, double east) {

        public Box {
            if (!(south <= north) || !(west <= east) || south < -90 || north > 90 || west < -180 || east > 180) {
                throw new IllegalArgumentException("not a bounding box: " + south + "," + west + "," + north + "," + east);
            }
        }
    }

    /**
     * A point of the map: one Location ({@code count} its EVSEs, {@code status} the best of
     * theirs: AVAILABLE before CHARGING before the rest) or, when grouped, a grid cell
     * ({@code count} its Locations at their mean position, {@code status} null).
     */
    public record MapPoint(double latitude, double longitude, String label, Evse.Status status, long count) {
    }

    /**
     * The map of a box: Locations one by one, or counted into grid cells when there are more than
     * the limit. {@code countedAt}: when the counts (and the choice between the two) were taken.
     */
    public record MapData(Box box, boolean grouped, List<MapPoint> points, java.time.Instant countedAt) {
    }

    /**
     * Where a page of the asset table starts: after this EVSE in the evse primary key's order
     * (keyset paging: a deep page costs what the first does, unlike OFFSET). Null: the first page.
     */
    public record After(String countryCode, String partyId, String locationId, String evseUid) {

        public static After of(ChargingAsset asset) {
            return new After(asset.location().countryCode(), asset.location().partyId(), asset.location().id(),
                    asset.evseUid());
        }
    }
}
