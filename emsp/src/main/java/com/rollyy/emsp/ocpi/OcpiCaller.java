package com.rollyy.emsp.ocpi;

import java.util.List;
import java.util.UUID;

/**
 * The authenticated peer platform behind an OCPI request: which connection its token belongs
 * to, whether that token is a one-time registration token (token A), and the parties the peer
 * registered. The presented token is kept so GET credentials can answer with it (we store only
 * hashes); it never appears in {@link #toString()}.
 */
public record OcpiCaller(UUID connectionId, boolean registrationToken, boolean registered,
                         List<OcpiParty> parties, String presentedToken) {

    public static final String ATTRIBUTE = "com.rollyy.emsp.ocpi.caller";

    /**
     * The ownership rule: a peer may only read or write objects of a party it registered
     * (authenticate platforms, authorise parties). When routing headers name a sender, it must
     * be that same party. Otherwise 404 with 2001, as the spec allows, and nothing changes.
     */
    public void requireParty(String countryCode, String partyId, OcpiRoutingHeaders routing) {
        if (parties.stream().noneMatch(p -> p.is(countryCode, partyId))) {
            throw new OcpiException(OcpiStatus.INVALID_PARAMETERS, org.springframework.http.HttpStatus.NOT_FOUND,
                    "Party " + countryCode + "/" + partyId + " is not a party of this connection");
        }
        if (routing != null && routing.from() != null && !routing.from().is(countryCode, partyId)) {
            throw OcpiException.invalidParameter("OCPI-from-country-code/party-id (" + routing.fromCountryCode()
                    + "/" + routing.fromPartyId() + ") do not match the object's party " + countryCode + "/" + partyId);
        }
    }

    /** The party a request speaks for when the URL does not say: the sole role, or the routing header's. */
    public OcpiParty soleParty(OcpiRoutingHeaders routing) {
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
                + ", registered=" + registered + ", parties=" + parties + "]";
    }
}
