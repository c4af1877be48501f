package com.rollyy.emsp.chargingprofiles;

import java.util.UUID;

/**
 * A robot's charging session as smart charging reads it (from {@link RobotSessionLookup}): our
 * reference ({@code sessionId}, what START_SESSION returned), the CPO's session id in its own
 * spelling (null until the CPO reported it), the connection it runs on, the fleet of its job
 * ({@code default} when the job has none), its status as the product API spells it
 * ({@code pending}, {@code active}, ...; {@code live} while a profile can still apply) and the EVSE.
 */
public record RobotSession(String sessionId, String ocpiSessionId, UUID connectionId, UUID robotJobId, String fleetId,
                           String status, boolean live, UUID assetId, String locationId, String evseUid,
                           String cpoCountryCode, String cpoPartyId) {

    public static final String DEFAULT_FLEET = "default";
}
