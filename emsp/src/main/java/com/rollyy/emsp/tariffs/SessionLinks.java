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

    /**
     * Our session: its id (what START_SESSION answered), the CPO's session, its CDR once linked,
     * and the tariff_ids its connector listed when START was sent (empty when unknown).
     */
    record Linked(String sessionId, String ocpiSessionId, UUID connectionId, String cpoCountryCode,
                  String cpoPartyId, ObjectKey cdr, java.util.List<String> tariffIdsAtStart) {
    }

    /** By our session id only, never by the CPO's. */
    Optional<Linked> byReference(String sessionId);

    /** Our session id of the session a CDR is linked to, if it is one of ours. */
    Optional<String> referenceOfCdr(ObjectKey cdr);
}
