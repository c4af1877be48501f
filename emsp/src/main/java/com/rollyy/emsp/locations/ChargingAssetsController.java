package com.rollyy.emsp.locations;

import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.connections.Peers;

/**
 * Product view for operators (X-API-Key): where the robots can charge. Lists show the assets of
 * active connections; {@code include_inactive=true} adds those of connections no longer
 * registered (status UNKNOWN, not startable).
 */
@RestController
class ChargingAssetsController {

    private static final int MAX_LIMIT = 500;

    private final ChargingAssetRepository assets;
    private final Peers peers;

    ChargingAssetsController(ChargingAssetRepository assets, Peers peers) {
        this.assets = assets;
        this.peers = peers;
    }

    @GetMapping("/v1/charging-assets")
    List<ChargingAsset> search(@RequestParam(required = false) String near,
                               @RequestParam(name = "radius_km", defaultValue = "10") double radiusKm,
                               @RequestParam(defaultValue = "false") boolean available,
                               @RequestParam(name = "include_inactive", defaultValue = "false") boolean includeInactive,
                               @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("Parameter 'limit' must be between 1 and " + MAX_LIMIT);
        }
        var owners = peers.summaries();
        // an unregistered connection's EVSEs have no known status: never "available"
        var scope = new ChargingAssetRepository.Scope(owners, includeInactive && !available ? null
                : owners.values().stream().filter(Peers.Summary::active).map(Peers.Summary::id)
                .collect(java.util.stream.Collectors.toSet()));
        if (near == null || near.isBlank()) {
            return assets.all(available, scope, limit);
        }
        String[] parts = near.split(",");
        double lat;
        double lon;
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            lat = Double.parseDouble(parts[0].strip());
            lon = Double.parseDouble(parts[1].strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Parameter 'near' must be 'latitude,longitude' in decimal degrees");
        }
        if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
            throw ApiException.badRequest("Parameter 'near' is outside the range of latitudes and longitudes");
        }
        if (!(radiusKm > 0) || radiusKm > 1000) {
            throw ApiException.badRequest("Parameter 'radius_km' must be more than 0 and at most 1000");
        }
        return assets.near(lat, lon, radiusKm, available, scope, limit);
    }

    /** Any asset we ever knew, also of an unregistered connection (then UNKNOWN and not startable). */
    @GetMapping("/v1/charging-assets/{assetId}")
    ChargingAsset one(@PathVariable UUID assetId) {
        return assets.find(assetId, peers.summaries())
                .orElseThrow(() -> ApiException.notFound("No charging asset " + assetId));
    }
}
