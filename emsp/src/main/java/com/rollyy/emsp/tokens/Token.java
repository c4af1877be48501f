package com.rollyy.emsp.tokens;

import java.time.Instant;

/** The OCPI 2.2.1 Token object, exactly as we send it to CPOs. */
public record Token(
        String countryCode,
        String partyId,
        String uid,
        Type type,
        String contractId,
        String visualNumber,
        String issuer,
        String groupId,
        boolean valid,
        Whitelist whitelist,
        String language,
        ProfileType defaultProfileType,
        EnergyContract energyContract,
        Instant lastUpdated) {

    public enum Type { AD_HOC_USER, APP_USER, OTHER, RFID }

    public enum Whitelist { ALWAYS, ALLOWED, ALLOWED_OFFLINE, NEVER }

    public enum ProfileType { CHEAP, FAST, GREEN, REGULAR }

    public record EnergyContract(String supplierName, String contractId) {
    }
}
