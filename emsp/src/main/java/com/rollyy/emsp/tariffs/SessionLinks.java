package com.rollyy.emsp.tariffs;

import java.util.Optional;
import java.util.UUID;

import com.rollyy.emsp.ocpi.ObjectKey;

/**
 * What reconcile needs to know of our robot sessions: which CPO session and CDR our session id
 * stands for, and back. Implemented by robotjobs (which prices with this package), so tariffs
 * does not depend on robotjobs.
 */
public interface SessionLinks {

    /** Our session: its id (what START_SESSION answered), the CPO's session, and its CDR once linked. */
    record Linked(String sessionId, String ocpiSessionId, UUID connectionId, String cpoCountryCode,
                  String cpoPartyId, ObjectKey cdr) {
    }

    /** By our session id only, never by the CPO's. */
    Optional<Linked> byReference(String sessionId);

    /** Our session id of the session a CDR is linked to, if it is one of ours. */
    Optional<String> referenceOfCdr(ObjectKey cdr);
}
