package com.rollyy.emsp.ocpi;

import java.util.Locale;

/** A party in OCPI: country_code + party_id (CiString, compared case-insensitively) and its role. */
public record OcpiParty(String countryCode, String partyId, String role) {

    public OcpiParty {
        countryCode = countryCode == null ? null : countryCode.toUpperCase(Locale.ROOT);
        partyId = partyId == null ? null : partyId.toUpperCase(Locale.ROOT);
    }

    public boolean is(String countryCode, String partyId) {
        return this.countryCode != null && this.countryCode.equalsIgnoreCase(countryCode)
                && this.partyId != null && this.partyId.equalsIgnoreCase(partyId);
    }
}
