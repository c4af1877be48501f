package com.rollyy.emsp.connections;

import java.util.Optional;

import org.springframework.stereotype.Component;

import com.rollyy.emsp.ocpi.OcpiCaller;
import com.rollyy.emsp.ocpi.OcpiTokenAuthenticator;

/**
 * Resolves a presented token to its connection. A token of a connection that is not active yet
 * (token A, or our token B while we are registering) is treated as a registration token:
 * versions, details and credentials only.
 */
@Component
class ConnectionTokenAuthenticator implements OcpiTokenAuthenticator {

    private final ConnectionRepository repository;
    private final HubClientInfoRepository clientInfos;
    private final HubsProperties hubs;
    private final String us;

    ConnectionTokenAuthenticator(ConnectionRepository repository, HubClientInfoRepository clientInfos,
                                 HubsProperties hubs, com.rollyy.emsp.config.RollyyProperties properties) {
        this.us = properties.countryCode().toUpperCase(java.util.Locale.ROOT) + "/"
                + properties.partyId().toUpperCase(java.util.Locale.ROOT);
        this.repository = repository;
        this.clientInfos = clientInfos;
        this.hubs = hubs;
    }

    /** Read on every request of a hub connection (not cached), so a ClientInfo change counts at once. */
    private OcpiCaller.HubView hubView(ConnectionRepository.TokenOwner owner) {
        var settings = owner.hub() == null ? null : hubs.settings(owner.hub());
        boolean checks = settings == null || settings.supportsHubClientInfo();
        var clients = new java.util.HashMap<String, String>();
        if (checks) {
            clientInfos.all(owner.connectionId()).forEach(i -> clients.put(i.key(), i.status().name()));
        }
        return new OcpiCaller.HubView(checks, java.util.Map.copyOf(clients),
                repository.partiesClaimedOutside(owner.connectionId(), us));
    }

    @Override
    public Optional<OcpiCaller> authenticate(String token) {
        return repository.findTokenOwner(token).map(owner -> {
            boolean active = owner.status() == ConnectionStatus.ACTIVE;
            boolean registration = owner.kind() == ConnectionRepository.TokenKind.REGISTRATION || !active;
            return new OcpiCaller(owner.connectionId(), registration, active,
                    owner.roles().stream().map(CredentialsRole::party).toList(), token,
                    owner.isHub() ? hubView(owner) : null, null, owner.tolerateNewerEnums());
        });
    }
}
