package com.rollyy.emsp.commands;

import java.util.UUID;

/**
 * How sending a command went.
 *
 * @param outcome ACCEPTED/REJECTED/NOT_SUPPORTED/UNKNOWN_SESSION as the CPO answered; TIMEOUT when
 *                the outcome is unknown (no answer in time, or an unusable one: the CPO may have
 *                acted on it); UNREACHABLE when the request certainly never arrived
 * @param message the CPO's message or what went wrong
 * @param resultBefore the CommandResult the CPO posted before its answer was recorded (a callback
 *                     may overtake the answer), as read when the answer was recorded; null if none
 */
public record SentCommand(UUID commandId, Outcome outcome, Integer cpoTimeoutSeconds, String message,
                          CommandResult.Type resultBefore) {

    public SentCommand(UUID commandId, Outcome outcome, Integer cpoTimeoutSeconds, String message) {
        this(commandId, outcome, cpoTimeoutSeconds, message, null);
    }

    public enum Outcome { ACCEPTED, REJECTED, NOT_SUPPORTED, UNKNOWN_SESSION, TIMEOUT, UNREACHABLE }

    /** True when a result may still come and the command may still take effect. */
    public boolean pending() {
        return outcome == Outcome.ACCEPTED || outcome == Outcome.TIMEOUT;
    }
}
