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

    public boolean exists(UUID connectionId) {
        return repository.find(connectionId).isPresent();
    }

    private PeerLink link(Connection c) {
        var parties = c.roles().stream().map(CredentialsRole::party).toList();
        var to = c.countryCode() == null ? null : new OcpiParty(c.countryCode(), c.partyId(), null);
        var peer = OcpiPeer.withToken(c.peerToken(), c.rawTokenAuth()).routedAs(OcpiRoutingHeaders.between(us, to));
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
