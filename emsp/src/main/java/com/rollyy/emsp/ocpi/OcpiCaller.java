package com.rollyy.emsp.ocpi;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The authenticated peer platform behind an OCPI request: which connection its token belongs
 * to, whether that token is a one-time registration token (token A), and the parties the peer
 * registered. The presented token is kept so GET credentials can answer with it (we store only
 * hashes); it never appears in {@link #toString()}. {@code tolerateNewerEnums}: the connection's
 * quirk of that name, applied to the bodies it pushes ({@link TolerantPushes}).
 */
public record OcpiCaller(UUID connectionId, boolean registrationToken, boolean registered,
                         List<OcpiParty> parties, String presentedToken, HubView hub, OcpiRoutingHeaders routing,
                         boolean tolerateNewerEnums) {

    public static final String ATTRIBUTE = "com.rollyy.emsp.ocpi.caller";

    /** A direct peer (no hub), before routing headers are read. */
    public OcpiCaller(UUID connectionId, boolean registrationToken, boolean registered, List<OcpiParty> parties,
                      String presentedToken) {
        this(connectionId, registrationToken, registered, parties, presentedToken, null, null);
    }

    public OcpiCaller(UUID connectionId, boolean registrationToken, boolean registered, List<OcpiParty> parties,
                      String presentedToken, HubView hub, OcpiRoutingHeaders routing) {
        this(connectionId, registrationToken, registered, parties, presentedToken, hub, routing, false);
    }

    /**
     * What a hub connection knows of the parties behind the hub: when the hub supports
     * HubClientInfo, only parties it reported (and not SUSPENDED) may write; {@code clients} maps
     * "CC/PID" to the reported status.
     */
    public record HubView(boolean checksClientInfo, Map<String, String> clients, java.util.Set<String> claimedElsewhere) {

        /**
         * A party a hub may speak for: never one that is ours or a role of another connection (a
         * hub cannot take over a direct CPO's objects); then one the hub reported and has not
         * SUSPENDED; a party it never reported only when the hub offers no HubClientInfo.
         */
        public boolean admits(String countryCode, String partyId) {
            String key = countryCode.toUpperCase(java.util.Locale.ROOT) + "/" + partyId.toUpperCase(java.util.Locale.ROOT);
            if (claimedElsewhere.contains(key)) {
                return false;
            }
            String status = clients.get(key);
            // a report counts whatever the hub's setting; the setting decides about unreported parties
            return status == null ? !checksClientInfo : !"SUSPENDED".equals(status);
        }
    }

    public boolean isHub() {
        return hub != null;
    }

    /** The same caller with the request's routing headers, which decide ownership on a hub connection. */
    public OcpiCaller withRouting(OcpiRoutingHeaders routing) {
        return new OcpiCaller(connectionId, registrationToken, registered, parties, presentedToken, hub, routing,
                tolerateNewerEnums);
    }

    /**
     * The ownership rule: a peer may only read or write objects of a party it registered
     * (authenticate platforms, authorise parties). When routing headers name a sender, it must
     * be that same party. Otherwise 404 with 2001, as the spec allows, and nothing changes.
     */
    public void requireParty(String countryCode, String partyId, OcpiRoutingHeaders routing) {
        if (hub != null) {
            requireHubParty(countryCode, partyId, routing != null ? routing : this.routing);
            return;
        }
        if (parties.stream().noneMatch(p -> p.is(countryCode, partyId))) {
            throw new OcpiException(OcpiStatus.INVALID_PARAMETERS, org.springframework.http.HttpStatus.NOT_FOUND,
                    "Party " + countryCode + "/" + partyId + " is not a party of this connection");
        }
        if (routing != null && routing.from() != null && !routing.from().is(countryCode, partyId)) {
            throw OcpiException.invalidParameter("OCPI-from-country-code/party-id (" + routing.fromCountryCode()
                    + "/" + routing.fromPartyId() + ") do not match the object's party " + countryCode + "/" + partyId);
        }
    }

    /**
     * Over a hub the objects belong to the CPO party that sent them (OCPI-from-*), not to the hub:
     * the party in the URL or body must be that sender, and, when the hub reports its clients, a
     * client it reported that is not SUSPENDED. So two CPOs behind one hub cannot touch each
     * other's objects, whose keys all start with their own country_code/party_id.
     */
    private void requireHubParty(String countryCode, String partyId, OcpiRoutingHeaders routing) {
        if (routing == null || routing.from() == null) {
            throw OcpiException.invalidParameter("Requests through a hub must carry " + OcpiRoutingHeaders.FROM_COUNTRY_CODE
                    + " and " + OcpiRoutingHeaders.FROM_PARTY_ID);
        }
        if (!routing.from().is(countryCode, partyId)) {
            throw new OcpiException(OcpiStatus.INVALID_PARAMETERS, org.springframework.http.HttpStatus.NOT_FOUND,
                    "Party " + countryCode + "/" + partyId + " is not the sender of this request (OCPI-from "
                            + routing.fromCountryCode() + "/" + routing.fromPartyId() + ")");
        }
        if (!hub.admits(countryCode, partyId)) {
            throw new OcpiException(OcpiStatus.INVALID_PARAMETERS, org.springframework.http.HttpStatus.NOT_FOUND,
                    "Party " + countryCode + "/" + partyId + " is not a client this hub reported (HubClientInfo),"
                            + " or it is SUSPENDED");
        }
    }

    /** The party a request speaks for when the URL does not say: the sole role, or the routing header's. */
    public OcpiParty soleParty(OcpiRoutingHeaders routing) {
        if (hub != null) {
            OcpiRoutingHeaders r = routing != null ? routing : this.routing;
            if (r == null || r.from() == null) {
                throw OcpiException.invalidParameter("Requests through a hub must carry "
                        + OcpiRoutingHeaders.FROM_COUNTRY_CODE + " and " + OcpiRoutingHeaders.FROM_PARTY_ID);
            }
            requireHubParty(r.fromCountryCode(), r.fromPartyId(), r);
            return r.from();
        }
        if (routing != null && routing.from() != null) {
            requireParty(routing.fromCountryCode(), routing.fromPartyId(), null);
            return routing.from();
        }
        if (parties.size() != 1) {
            throw OcpiException.invalidParameter("This connection has " + parties.size()
                    + " parties: send OCPI-from-country-code and OCPI-from-party-id, or use the full path");
        }
        return parties.get(0);
    }

    @Override
    public String toString() {
        return "OcpiCaller[connection=" + connectionId + ", registrationToken=" + registrationToken
                + ", registered=" + registered + ", parties=" + parties + (hub == null ? "" : ", hub") + "]";
    }
}
