package com.rollyy.emsp.locations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.rollyy.emsp.connections.Peers;

/**
 * An EVSE as the product sees it: a charging asset with a stable id, where it is, what it
 * offers, which connection (CPO) owns it and whether a START can be sent for it now.
 * {@code distanceKm} is set when the query had a position. {@code status} is the CPO's last
 * report while its connection is active, UNKNOWN once it is not: nobody reports it any more.
 * {@code startBlockers} lists why {@code startable} is false, in the error codes a START would
 * answer (empty when startable).
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
        Instant lastUpdated,
        UUID connectionId,
        String connectionStatus,
        String cpoName,
        String cpoCountryCode,
        String cpoPartyId,
        boolean startable,
        List<String> startBlockers) {

    public record Place(String countryCode, String partyId, String id, String name, String address, String city,
                        double latitude, double longitude, String timeZone) {
    }

    public record ConnectorView(String id, Connector.ConnectorType standard, Connector.ConnectorFormat format,
                                Connector.PowerType powerType, double maxPowerKw, List<String> tariffIds) {
    }

    /** Why a START could not be sent now; the codes match the START's own refusals where there is one. */
    static final String CONNECTION_INACTIVE = "connection_inactive";
    static final String COMMANDS_NOT_SUPPORTED = "commands_not_supported";
    static final String NOT_REMOTE_STARTABLE = "not_remote_startable";
    static final String PARTY_NOT_CONNECTED = "party_not_connected";
    static final String NOT_CURRENT = "unknown_evse";
    static final String NOT_AVAILABLE = "evse_not_available";

    /**
     * @param current the Location is still served by the CPO and lists this EVSE (not REMOVED)
     * @param owner the connection owning the Location, null if unknown
     */
    static ChargingAsset of(UUID assetId, UUID connectionId, Place place, Evse evse, boolean current,
                            Peers.Summary owner, Double distanceKm) {
        var connectors = evse.connectors().stream()
                .map(c -> new ConnectorView(c.id(), c.standard(), c.format(), c.powerType(), c.maxPowerKw(),
                        c.tariffIds() == null ? List.of() : c.tariffIds()))
                .toList();
        boolean active = owner != null && owner.active();
        Evse.Status status = active ? evse.status() : Evse.Status.UNKNOWN;
        List<Evse.Capability> capabilities = evse.capabilities() == null ? List.of() : evse.capabilities();
        var blockers = new ArrayList<String>();
        if (!active) {
            blockers.add(CONNECTION_INACTIVE);
        } else {
            if (!owner.commands()) {
                blockers.add(COMMANDS_NOT_SUPPORTED);
            }
            if (!owner.reaches(place.countryCode(), place.partyId())) {
                blockers.add(PARTY_NOT_CONNECTED);
            }
        }
        if (!current) {
            blockers.add(NOT_CURRENT);
        }
        if (!capabilities.isEmpty() && !capabilities.contains(Evse.Capability.REMOTE_START_STOP_CAPABLE)) {
            blockers.add(NOT_REMOTE_STARTABLE);
        }
        if (status != Evse.Status.AVAILABLE && active && current) {
            blockers.add(NOT_AVAILABLE);
        }
        return new ChargingAsset(assetId, place, evse.uid(), evse.evseId(), status,
                connectors.stream().mapToDouble(ConnectorView::maxPowerKw).max().orElse(0),
                connectors.stream().map(c -> c.standard().name()).distinct().toList(),
                connectors.stream().flatMap(c -> c.tariffIds().stream()).distinct().toList(),
                capabilities, connectors, distanceKm, evse.lastUpdated(), connectionId,
                owner == null ? null : owner.status(), owner == null ? null : owner.name(), place.countryCode(),
                place.partyId(), blockers.isEmpty(), List.copyOf(blockers));
    }
}
