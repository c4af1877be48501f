package com.rollyy.emsp.console;

import java.util.List;

import com.rollyy.emsp.connections.ClientInfo;
import com.rollyy.emsp.connections.Connection;
import com.rollyy.emsp.connections.ConnectionStatus;
import com.rollyy.emsp.connections.RoamingHubs;

/**
 * A roaming hub on the Connections page (GET /v1/roaming/status): its settings, its connection if
 * any, and the parties it reported by HubClientInfo.
 */
record ConsoleConnectionHub(RoamingHubs.HubView hub, Connection connection, List<ClientInfo> parties) {

    /** Connect is offered when the hub is fully configured and not connected or invited already. */
    public boolean connectable() {
        return hub.missing() == null && (connection == null || connection.status() == ConnectionStatus.UNREGISTERED);
    }

    public String status() {
        return connection == null ? "not connected" : connection.status().name().toLowerCase(java.util.Locale.ROOT);
    }
}
