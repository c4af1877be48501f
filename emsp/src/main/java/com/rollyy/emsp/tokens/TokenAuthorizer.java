package com.rollyy.emsp.tokens;

import java.time.Instant;
import java.util.UUID;

import com.rollyy.emsp.ocpi.CiString;
import com.rollyy.emsp.ocpi.OcpiException;
import com.rollyy.emsp.ocpi.OcpiStatus;
import com.rollyy.emsp.ocpi.types.DisplayText;

/**
 * The authorization rules (docs/tokens.md), in order: blocked (valid=false), expired, then the
 * location restriction. Pure: no I/O, so it costs nothing on the hot path. The spec forbids
 * deciding on opening hours or EVSE status, so neither is looked at.
 */
final class TokenAuthorizer {

    private TokenAuthorizer() {
    }

    static AuthorizationInfo decide(StoredToken stored, LocationReferences location, Instant now) {
        Token token = stored.toOcpi();
        if (!stored.valid()) {
            return refuse(AuthorizationInfo.Allowed.BLOCKED, token, "This token is blocked");
        }
        if (stored.expiresAt() != null && !now.isBefore(stored.expiresAt())) {
            return refuse(AuthorizationInfo.Allowed.EXPIRED, token, "This token has expired");
        }
        if (!stored.allowedLocationIds().isEmpty()) {
            if (location == null) {
                throw new OcpiException(OcpiStatus.NOT_ENOUGH_INFORMATION, org.springframework.http.HttpStatus.OK,
                        "This token may charge at some locations only: send LocationReferences");
            }
            if (!stored.allowedLocationIds().contains(CiString.key(location.locationId()))) {
                return refuse(AuthorizationInfo.Allowed.NOT_ALLOWED, token, "This token may not charge at this location");
            }
        }
        return new AuthorizationInfo(AuthorizationInfo.Allowed.ALLOWED, token, location, newReference(), null);
    }

    /**
     * UUID-shaped: exactly 36 characters, the CiString(36) limit. It only has to be unique, not
     * secret, so it comes from the per-thread generator rather than the contended SecureRandom.
     */
    static String newReference() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static AuthorizationInfo refuse(AuthorizationInfo.Allowed allowed, Token token, String why) {
        return new AuthorizationInfo(allowed, token, null, null, new DisplayText("en", why));
    }
}
