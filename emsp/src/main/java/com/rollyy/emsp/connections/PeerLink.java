package com.rollyy.emsp.connections;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.ocpi.InterfaceRole;
import com.rollyy.emsp.ocpi.OcpiParty;
import com.rollyy.emsp.ocpi.OcpiPeer;
import com.rollyy.emsp.ocpi.OcpiRoutingHeaders;

/**
 * What another package needs to call an active peer: how to authenticate (with routing headers
 * from our party to the peer's main party), its parties and its endpoints. Over a hub,
 * {@link #routedTo(String, String)} addresses one CPO party behind it.
 */
public record PeerLink(UUID connectionId, String name, List<OcpiParty> parties, OcpiPeer peer,
                       List<VersionInfo.Endpoint> endpoints, HubRoute hub) {

    public PeerLink(UUID connectionId, String name, List<OcpiParty> parties, OcpiPeer peer,
                    List<VersionInfo.Endpoint> endpoints) {
        this(connectionId, name, parties, peer, endpoints, null);
    }

    /**
     * How to address parties behind a hub: its own party, the OCPI-to policy, and the ClientInfo
     * statuses ("CC/PID" to status) when the hub reports them ({@code checksClientInfo}).
     */
    public record HubRoute(String hubName, OcpiParty hubParty, HubsProperties.ToHeaderPolicy policy,
                           boolean checksClientInfo, Map<String, ClientInfo.Status> clients,
                           java.util.Set<String> claimedElsewhere) {
    }

    public Optional<String> endpoint(String identifier, InterfaceRole role) {
        return endpoints.stream()
                .filter(e -> e.identifier().equals(identifier) && (e.role() == null || e.role() == role))
                .map(VersionInfo.Endpoint::url)
                .findFirst();
    }

    /**
     * Whether objects of this party may come over this link (pulled lists). Direct: one of the
     * peer's roles. Over a hub, objects belong to the CPO party named inside them: not one the
     * hub reported SUSPENDED; a party never reported only when the hub offers no HubClientInfo.
     */
    public boolean owns(String countryCode, String partyId) {
        if (parties.stream().anyMatch(p -> p.is(countryCode, partyId))) {
            return true;
        }
        if (hub == null) {
            return false;
        }
        OcpiParty party = new OcpiParty(countryCode, partyId, null);
        if (hub.claimedElsewhere().contains(party.countryCode() + "/" + party.partyId())) {
            return false; // ours, or a direct CPO's: never taken from a hub's list
        }
        ClientInfo.Status status = hub.clients().get(party.countryCode() + "/" + party.partyId());
        // what the hub reported counts whatever supports-hubclientinfo says; that setting only
        // decides about parties it never reported
        return status == null ? !hub.checksClientInfo() : status != ClientInfo.Status.SUSPENDED;
    }

    /**
     * This link addressed to the party that owns the object at hand. Direct: OCPI-to names that
     * party when it is one of the peer's roles. Over a hub: OCPI-to names the party (policy
     * TARGET_PARTY) or the hub (HUB_PARTY); a party the hub reported as not CONNECTED (or, when
     * the hub supports HubClientInfo, never reported) is refused here with 409
     * {@code party_not_connected}, before anything is sent (spec: do not send, do not queue).
     */
    public PeerLink routedTo(String countryCode, String partyId) {
        OcpiRoutingHeaders current = peer.routing();
        OcpiParty from = current == null ? null : current.from();
        if (from == null) {
            return this;
        }
        OcpiParty target = new OcpiParty(countryCode, partyId, null);
        if (hub == null) {
            return owns(countryCode, partyId) ? withTo(from, target) : this;
        }
        ClientInfo.Status status = hub.clients().get(target.countryCode() + "/" + target.partyId());
        // a party the hub reported OFFLINE gets nothing, even from a hub configured without HubClientInfo
        // (Gireve): a report is a fact; the setting only decides about parties never reported
        if (status != null || hub.checksClientInfo()) {
            if (status != ClientInfo.Status.CONNECTED) {
                throw new ApiException(HttpStatus.CONFLICT, "party_not_connected", "Hub " + hub.hubName()
                        + " reports party " + target.countryCode() + "/" + target.partyId() + " as "
                        + (status == null ? "unknown (no ClientInfo)" : status.name())
                        + ": nothing was sent; retry once it is CONNECTED");
            }
        }
        return withTo(from, hub.policy() == HubsProperties.ToHeaderPolicy.HUB_PARTY ? hub.hubParty() : target);
    }

    private PeerLink withTo(OcpiParty from, OcpiParty to) {
        return new PeerLink(connectionId, name, parties, peer.routedAs(OcpiRoutingHeaders.between(from, to)),
                endpoints, hub);
    }

    @Override
    public String toString() {
        return "PeerLink[" + connectionId + " " + name + (hub == null ? "" : " via hub " + hub.hubName()) + "]";
    }
}
