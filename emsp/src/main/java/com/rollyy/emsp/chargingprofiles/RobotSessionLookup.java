package com.rollyy.emsp.chargingprofiles;

import java.util.Optional;
import java.util.UUID;

import com.rollyy.emsp.ocpi.OcpiParty;

/**
 * Where smart charging finds the robot sessions it acts on. Robot jobs own the sessions and
 * implement this (robotjobs.RobotSessions), so this package never depends on robotjobs: the
 * dependency points from robot jobs (which show a session's profile state) to smart charging.
 */
public interface RobotSessionLookup {

    /** By our reference; else by the CPO's session id when exactly one session (or one live one) has it. */
    Lookup find(String sessionIdOrOcpiId);

    /**
     * The session of a connection with this CPO session id, owned by {@code party} when given:
     * over a hub, parties share one connection and may use the same session ids.
     */
    Optional<RobotSession> byOcpiSessionId(UUID connectionId, String ocpiSessionId, OcpiParty party);

    /** A lookup's outcome: the session, or none; {@code ambiguous} when several sessions share the CPO id. */
    record Lookup(Optional<RobotSession> session, boolean ambiguous) {
    }
}
