package com.rollyy.emsp.locations;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An EVSE as the product sees it: a charging asset with a stable id, where it is, and what it
 * offers. {@code distanceKm} is set when the query had a position.
 */
public record ChargingAsset(
        UUID assetId,
        Place location,
        String evseUid,
        String evseId,
        Evse.Status status,
        double maxPowerKw,
        List<String> connectorTypes,
        List<String> tariffIds,
        List<Evse.Capability> capabilities,
        List<ConnectorView> connectors,
        Double distanceKm,
        Instant lastUpdated) {

    public record Place(String countryCode, String partyId, String id, String name, String address, String city,
                        double latitude, double longitude, String timeZone) {
    }

    public record ConnectorView(String id, Connector.ConnectorType standard, Connector.ConnectorFormat format,
                                Connector.PowerType powerType, double maxPowerKw, List<String> tariffIds) {
    }

    static ChargingAsset of(UUID assetId, Place place, Evse evse, Double distanceKm) {
        var connectors = evse.connectors().stream()
                .map(c -> new ConnectorView(c.id(), c.standard(), c.format(), c.powerType(), c.maxPowerKw(),
                        c.tariffIds() == null ? List.of() : c.tariffIds()))
                .toList();
        return new ChargingAsset(assetId, place, evse.uid(), evse.evseId(), evse.status(),
                connectors.stream().mapToDouble(ConnectorView::maxPowerKw).max().orElse(0),
                connectors.stream().map(c -> c.standard().name()).distinct().toList(),
                connectors.stream().flatMap(c -> c.tariffIds().stream()).distinct().toList(),
                evse.capabilities() == null ? List.of() : evse.capabilities(),
                connectors, distanceKm, evse.lastUpdated());
    }
}
