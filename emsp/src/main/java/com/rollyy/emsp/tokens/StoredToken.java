package com.rollyy.emsp.tokens;

import java.time.Instant;
import java.util.List;

/**
 * A token as we hold it: the OCPI fields plus what only the product knows (which fleet and robot
 * own it, where it may charge, until when). The product API shows all of it; CPOs see
 * {@link #toOcpi()} only.
 */
public record StoredToken(
        String countryCode,
        String partyId,
        String uid,
        Token.Type type,
        String contractId,
        String visualNumber,
        String issuer,
        String groupId,
        boolean valid,
        Token.Whitelist whitelist,
        String language,
        Token.ProfileType defaultProfileType,
        Token.EnergyContract energyContract,
        String fleetId,
        String robotId,
        List<String> allowedLocationIds,
        Instant expiresAt,
        Instant lastUpdated) {

    public Token toOcpi() {
        return new Token(countryCode, partyId, uid, type, contractId, visualNumber, issuer, groupId, valid, whitelist,
                language, defaultProfileType, energyContract, lastUpdated);
    }

    public TokenKey key() {
        return TokenKey.of(uid, type);
    }
}
