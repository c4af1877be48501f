package com.rollyy.emsp.robotjobs;

import java.util.UUID;

/**
 * A robot's charging session as other packages may read it: our reference ({@code sessionId},
 * what START_SESSION returned), the CPO's session id in its own spelling (null until the CPO
 * reported it), the connection it runs on, the fleet of its job ({@code default} when the job has
 * none) and the EVSE.
 */
public record RobotSession(String sessionId, String ocpiSessionId, UUID connectionId, UUID robotJobId, String fleetId,
                           SessionStatus status, UUID assetId, String locationId, String evseUid,
                           String cpoCountryCode, String cpoPartyId) {

    public static final String DEFAULT_FLEET = "default";
}
