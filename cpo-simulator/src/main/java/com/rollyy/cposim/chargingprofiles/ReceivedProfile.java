package com.rollyy.cposim.chargingprofiles;

import java.time.Instant;

/**
 * A request the eMSP sent to the ChargingProfiles Receiver ({@code /ocpi/2.2.1/chargingprofiles/{session_id}}).
 *
 * @param method      PUT (SetChargingProfile), GET (active profile) or DELETE (clear)
 * @param sessionId   the session id of the path, decoded
 * @param body        the request body (empty for GET and DELETE)
 * @param responseUrl where the result goes (body field for PUT, query parameter otherwise), or null
 * @param result      the ChargingProfileResponse result the simulator answered, or null for a malformed request
 * @param receivedAt  when it arrived
 */
public record ReceivedProfile(String method, String sessionId, String body, String responseUrl, String result,
                              Instant receivedAt) {
}
