package com.rollyy.cposim.credentials;

import java.util.LinkedHashMap;
import java.util.Map;

import com.rollyy.cposim.ocpi.Inbound;

/**
 * OCPI-from/to headers of the functional modules. The headers name parties, not platforms: the
 * simulated CPO on one side, the eMSP's role on the other.
 */
public final class RoutingHeaders {

    private RoutingHeaders() {
    }

    /** On a request the simulator sends: FROM the CPO, TO the eMSP's EMSP role (or its first one). */
    static Map<String, String> forRequest(CpoIdentity identity, EmspPeer peer) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("OCPI-from-country-code", identity.countryCode());
        headers.put("OCPI-from-party-id", identity.partyId());
        peer.emspRole().ifPresent(role -> {
            if (role.get("country_code") instanceof String cc && role.get("party_id") instanceof String pid) {
                headers.put("OCPI-to-country-code", cc);
                headers.put("OCPI-to-party-id", pid);
            }
        });
        return headers;
    }

    /**
     * On a response: FROM is the simulated CPO, TO is the requester (its OCPI-from headers, else
     * the registered eMSP's role).
     */
    public static Map<String, String> forResponse(Inbound request, CpoIdentity identity, RegistrationState state) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("OCPI-from-country-code", identity.countryCode());
        headers.put("OCPI-from-party-id", identity.partyId());
        String toCountry = request.header("OCPI-from-country-code");
        String toParty = request.header("OCPI-from-party-id");
        if (toCountry == null || toParty == null) {
            Map<String, Object> role = state.peer().flatMap(EmspPeer::emspRole).orElse(Map.of());
            toCountry = role.get("country_code") instanceof String cc ? cc : null;
            toParty = role.get("party_id") instanceof String pid ? pid : null;
        }
        if (toCountry != null && toParty != null) {
            headers.put("OCPI-to-country-code", toCountry);
            headers.put("OCPI-to-party-id", toParty);
        }
        return headers;
    }
}
