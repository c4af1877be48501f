package com.rollyy.emsp.locations;

import java.util.List;
import java.util.UUID;

/**
 * An EVSE as a START_SESSION needs it: the connection that owns its Location, the ids in the
 * CPO's own spelling, and what the EVSE can do.
 */
public record ChargeTarget(UUID connectionId, String countryCode, String partyId, String locationId, String evseUid,
                           UUID assetId, Evse.Status status, List<Evse.Capability> capabilities,
                           List<String> connectorIds, List<List<String>> connectorTariffIds) {

    /**
     * The tariff_ids the named connector lists (case-insensitive), or with none named those of all
     * its connectors, each once: what a START records as the tariffs in force.
     */
    public List<String> tariffIds(String connectorId) {
        var ids = new java.util.LinkedHashSet<String>();
        for (int i = 0; i < connectorIds.size(); i++) {
            if (connectorId == null || connectorIds.get(i).equalsIgnoreCase(connectorId)) {
                ids.addAll(connectorTariffIds.get(i));
            }
        }
        return List.copyOf(ids);
    }

    public boolean requiresConnector() {
        return capabilities.contains(Evse.Capability.START_SESSION_CONNECTOR_REQUIRED);
    }

    /** EVSEs that list capabilities but not remote start cannot be started by a command. */
    public boolean remoteStartable() {
        return capabilities.isEmpty() || capabilities.contains(Evse.Capability.REMOTE_START_STOP_CAPABLE);
    }
}
