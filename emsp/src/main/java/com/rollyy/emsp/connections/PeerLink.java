package com.rollyy.emsp.connections;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.rollyy.emsp.ocpi.InterfaceRole;
import com.rollyy.emsp.ocpi.OcpiParty;
import com.rollyy.emsp.ocpi.OcpiPeer;

/**
 * What another package needs to call an active peer: how to authenticate (with routing headers
 * from our party to the peer's main party), its parties and its endpoints.
 */
public record PeerLink(UUID connectionId, String name, List<OcpiParty> parties, OcpiPeer peer,
                       List<VersionInfo.Endpoint> endpoints) {

    public Optional<String> endpoint(String identifier, InterfaceRole role) {
        return endpoints.stream()
                .filter(e -> e.identifier().equals(identifier) && (e.role() == null || e.role() == role))
                .map(VersionInfo.Endpoint::url)
                .findFirst();
    }

    public boolean owns(String countryCode, String partyId) {
        return parties.stream().anyMatch(p -> p.is(countryCode, partyId));
    }

    @Override
    public String toString() {
        return "PeerLink[" + connectionId + " " + name + "]";
    }
}
