package com.rollyy.emsp.connections;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

import com.rollyy.emsp.config.RollyyProperties;
import com.rollyy.emsp.ocpi.OcpiParty;
import com.rollyy.emsp.ocpi.OcpiPeer;
import com.rollyy.emsp.ocpi.OcpiRoutingHeaders;

/** The public way for other packages to reach active peers. */
@Service
public class Peers {

    private final ConnectionRepository repository;
    private final HubClientInfoRepository clientInfos;
    private final HubsProperties hubs;
    private final OcpiParty us;

    Peers(ConnectionRepository repository, HubClientInfoRepository clientInfos, HubsProperties hubs,
          RollyyProperties properties) {
        this.repository = repository;
        this.clientInfos = clientInfos;
        this.hubs = hubs;
        this.us = new OcpiParty(properties.countryCode(), properties.partyId(), "EMSP");
    }

    public Optional<PeerLink> active(UUID connectionId) {
        return repository.find(connectionId).filter(c -> c.status() == ConnectionStatus.ACTIVE && c.peerToken() != null)
                .map(this::link);
    }

    public List<PeerLink> allActive() {
        return repository.findVisible().stream()
                .filter(c -> c.status() == ConnectionStatus.ACTIVE && c.peerToken() != null)
                .map(this::link).toList();
    }

    /**
     * What the product shows of a connection next to the objects it owns: its name and main party,
     * whether it is active, whether it can take commands (a commands Receiver endpoint) and,
     * for a hub, the status it reported of each party ("CC/PID" to status) and whether it
     * supports HubClientInfo at all.
     */
    public record Summary(UUID id, String name, String status, String countryCode, String partyId, boolean active,
                          boolean commands, Map<String, ClientInfo.Status> hubParties, boolean checksClientInfo) {

        /**
         * Whether a START for an EVSE of this party could be sent over this connection now: the
         * rule of {@link PeerLink#routedTo}: a reported party must be CONNECTED; one never
         * reported only passes a hub without HubClientInfo.
         */
        public boolean reaches(String countryCode, String partyId) {
            if (hubParties == null) {
                return true;
            }
            ClientInfo.Status status = hubParties.get(countryCode.toUpperCase(java.util.Locale.ROOT) + "/"
                    + partyId.toUpperCase(java.util.Locale.ROOT));
            return status == null ? !checksClientInfo : status == ClientInfo.Status.CONNECTED;
        }
    }

    /** Every connection that may own objects (all but unfinished registrations), by id. */
    public Map<UUID, Summary> summaries() {
        var all = new java.util.LinkedHashMap<UUID, Summary>();
        for (Connection c : repository.findVisible()) {
            boolean active = c.status() == ConnectionStatus.ACTIVE && c.peerToken() != null;
            boolean commands = c.endpoints().stream().anyMatch(e -> "commands".equals(e.identifier())
                    && (e.role() == null || e.role() == com.rollyy.emsp.ocpi.InterfaceRole.RECEIVER));
            Map<String, ClientInfo.Status> hubParties = null;
            boolean checks = c.isHub() && (hubs.settings(c.hub()) == null || hubs.settings(c.hub()).supportsHubClientInfo());
            if (c.isHub()) {
                var clients = new java.util.HashMap<String, ClientInfo.Status>();
                clientInfos.all(c.id()).forEach(i -> clients.put(i.key(), i.status()));
                hubParties = Map.copyOf(clients);
            }
            all.put(c.id(), new Summary(c.id(), c.cpoName(), c.status().name().toLowerCase(java.util.Locale.ROOT),
                    c.countryCode(), c.partyId(), active, commands, hubParties, checks));
        }
        return all;
    }

    /** "name (status)" of a connection, for messages naming the owner of an object. */
    public Optional<String> describe(UUID connectionId) {
        return repository.find(connectionId).map(c -> c.cpoName() + ", " + c.status().name().toLowerCase(
                java.util.Locale.ROOT) + (c.countryCode() == null ? "" : ", party " + c.countryCode() + "/"
                + c.partyId()));
    }

    public boolean exists(UUID connectionId) {
        return repository.find(connectionId).isPresent();
    }

    private PeerLink link(Connection c) {
        var parties = c.roles().stream().map(CredentialsRole::party).toList();
        var to = c.countryCode() == null ? null : new OcpiParty(c.countryCode(), c.partyId(), null);
        var version = com.rollyy.emsp.ocpi.OcpiVersion.of(c.version()).orElse(null);
        // 2.1.1 has no routing headers
        var peer = OcpiPeer.withToken(c.peerToken(), c.rawTokenAuth())
                .routedAs(version == com.rollyy.emsp.ocpi.OcpiVersion.V2_1_1 ? null : OcpiRoutingHeaders.between(us, to))
                .forConnection(c.id()).speaking(version).withQuirks(c.quirks(), c.versionsUrl()).as(to);
        return new PeerLink(c.id(), c.cpoName(), parties, peer, c.endpoints(), c.isHub() ? hubRoute(c) : null);
    }

    private PeerLink.HubRoute hubRoute(Connection c) {
        var settings = c.hub() == null ? null : hubs.settings(c.hub());
        OcpiParty hubParty = settings != null && settings.countryCode() != null && settings.partyId() != null
                ? new OcpiParty(settings.countryCode(), settings.partyId(), "HUB")
                : new OcpiParty(c.countryCode(), c.partyId(), "HUB");
        var clients = new java.util.HashMap<String, ClientInfo.Status>();
        clientInfos.all(c.id()).forEach(i -> clients.put(i.key(), i.status()));
        return new PeerLink.HubRoute(c.hub() == null ? c.cpoName() : c.hub(), hubParty,
                settings == null ? HubsProperties.ToHeaderPolicy.TARGET_PARTY : settings.toHeaderPolicy(),
                settings == null || settings.supportsHubClientInfo(), Map.copyOf(clients),
                repository.partiesClaimedOutside(c.id(), us.countryCode() + "/" + us.partyId()));
    }
}
