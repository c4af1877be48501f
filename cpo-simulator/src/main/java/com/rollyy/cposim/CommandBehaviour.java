package com.rollyy.cposim;

/**
 * How the simulator answers START_SESSION and STOP_SESSION (knob {@code commandBehaviour}).
 * Validation errors, unknown Locations and unknown sessions are answered the same way whatever
 * the behaviour.
 */
public enum CommandBehaviour {
    /** ACCEPTED, then the CommandResult ACCEPTED after {@code resultDelayMillis}, then the session starts (or stops). */
    ACCEPT,
    /** REJECTED with a message; nothing follows. */
    REJECT,
    /** NOT_SUPPORTED; nothing follows. */
    NOT_SUPPORTED,
    /** Sleeps {@code commandResponseDelayMillis} before answering (to make the caller time out), then acts as ACCEPT. */
    SLOW,
    /** ACCEPTED, but no CommandResult is ever posted and nothing starts (or stops). */
    ACCEPT_NO_RESULT,
    /** ACCEPTED, then a CommandResult of type {@code failedResultType}; nothing starts (or stops). */
    ACCEPT_RESULT_FAILED,
    /**
     * ACCEPTED, then the CommandResult ACCEPTED, but nothing starts (or stops): a charger that
     * took the command and never began (no cable plugged, car asleep).
     */
    ACCEPT_RESULT_NO_SESSION,
    /** ACCEPTED, no CommandResult, but the session PUT (for a STOP: the COMPLETED PUT) comes after {@code lateStartDelayMillis}. */
    LATE_START
}
