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

    ConnectionTokenAuthenticator(ConnectionRepository repository) {
        this.repository = repository;
    }

    @Override
    public Optional<OcpiCaller> authenticate(String token) {
        return repository.findTokenOwner(token).map(owner -> {
            boolean active = owner.status() == ConnectionStatus.ACTIVE;
            boolean registration = owner.kind() == ConnectionRepository.TokenKind.REGISTRATION || !active;
            return new OcpiCaller(owner.connectionId(), registration, active,
                    owner.roles().stream().map(CredentialsRole::party).toList(), token);
        });
    }
}
