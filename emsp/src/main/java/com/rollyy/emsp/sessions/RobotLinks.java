package com.rollyy.emsp.sessions;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.rollyy.emsp.ocpi.ObjectKey;

/**
 * How our robot sessions are linked to the CPOs' Sessions and CDRs, for the product reads of
 * both. Implemented by robotjobs (which follows Sessions and CDRs), so neither sessions nor cdrs
 * depends on robotjobs.
 */
public interface RobotLinks {

    /**
     * One of our robot sessions: our reference (what START answered), its job, the CPO's Session
     * and CDR once matched (null until then).
     */
    record Link(String sessionId, UUID robotJobId, ObjectKey ocpiSession, ObjectKey cdr) {
    }

    /** Our session with this reference. */
    Optional<Link> link(String sessionId);

    /** Every session of a robot job, newest first. */
    List<Link> linksOfJob(UUID robotJobId);

    /** Our session linked to each of these CDRs (keys without a linked session are absent). */
    Map<ObjectKey, Link> linksByCdr(Collection<ObjectKey> cdrs);

    /** Our session linked to each of these CPO Sessions (keys without one are absent). */
    Map<ObjectKey, Link> linksByOcpiSession(Collection<ObjectKey> ocpiSessions);
}
