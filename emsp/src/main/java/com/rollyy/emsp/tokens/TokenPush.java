package com.rollyy.emsp.tokens;

import java.time.Instant;
import java.util.UUID;

/**
 * One push of a token change to one CPO and how it went (table token_push): {@code version} is
 * the token's {@code last_updated} the push carries; {@code outcome} one of {@link Outcome}.
 */
public record TokenPush(UUID connectionId, Instant version, String method, Instant scheduledAt, Outcome outcome,
                        int attempts, String lastError, Instant finishedAt) {

    public enum Outcome {
        /** Scheduled, not tried yet. */
        PENDING,
        /** Tried and failed; tried again with backoff ({@code lastError} says why). */
        RETRYING,
        /** The CPO took it. */
        DELIVERED,
        /** A newer change of the token was pushed instead. */
        SUPERSEDED,
        /** The connection no longer is active with a tokens RECEIVER. */
        DROPPED,
        /** Still failing after rollyy.tokens.push-max-age: not tried again. */
        GAVE_UP
    }
}
