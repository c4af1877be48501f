package com.rollyy.emsp.ocpi;

/**
 * The key of a client-owned object: country_code, party_id and id, all CiStrings, upper-cased
 * so that {@code nl/sim/loc1} and {@code NL/SIM/LOC1} are the same object.
 */
public record ObjectKey(String countryCode, String partyId, String id) {

    public ObjectKey {
        countryCode = CiString.key(countryCode);
        partyId = CiString.key(partyId);
        id = CiString.key(id);
    }
}
