package com.rollyy.cposim.sessions;

import java.time.Instant;

import com.rollyy.cposim.SimulatorException;
import com.rollyy.cposim.ocpi.OcpiEnvelope;

/**
 * One message of the charging cycle the simulator sent on its own (CommandResult, Session
 * PUT/PATCH, CDR POST) and what came back. Failed pushes are not retried: OCPI leaves recovery to
 * the receiver's pull.
 *
 * @param what           {@code COMMAND_RESULT}, {@code SESSION_PUT}, {@code SESSION_PATCH} or {@code CDR_POST}
 * @param method         HTTP method
 * @param url            where it went (null when it could not be sent: not registered, no endpoint)
 * @param objectId       the session or CDR id, or the command name for a result
 * @param httpStatus     the eMSP's HTTP status, or {@link SimulatorException#NO_HTTP_RESPONSE}
 * @param ocpiStatusCode the envelope's status_code, or null
 * @param error          why nothing came back, or null
 * @param sentAt         when it was sent
 */
public record OutboundPush(String what, String method, String url, String objectId, int httpStatus,
                           Integer ocpiStatusCode, String error, Instant sentAt) {

    /** HTTP 2xx with status_code 1000. */
    public boolean succeeded() {
        return httpStatus >= 200 && httpStatus < 300 && Integer.valueOf(OcpiEnvelope.SUCCESS).equals(ocpiStatusCode);
    }
}
