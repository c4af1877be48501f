package com.rollyy.emsp.robotjobs;

import java.time.Instant;
import java.util.UUID;

import com.rollyy.emsp.ocpi.ObjectKey;

/**
 * Our side of one charging session of a job. {@code id} is our reference: it is the
 * authorization_reference of the START_SESSION and the uid of the job's token, so the CPO's
 * Session and CDR can be matched back to it. {@code ocpiSessionId} is the CPO's session id in its
 * own spelling (what STOP_SESSION must send); {@code ocpiSession} the normalised key.
 */
record JobSession(String id, UUID robotJobId, UUID connectionId, String cpoCountryCode, String cpoPartyId,
                  String locationId, String evseUid, String connectorId, UUID assetId, String tokenUid,
                  SessionStatus status, String failureReason, String startResult, boolean abandoned,
                  ObjectKey ocpiSession, String ocpiSessionId, ObjectKey cdr, boolean stoppedReported, Instant createdAt,
                  Instant updatedAt, Instant endedAt) {
}
