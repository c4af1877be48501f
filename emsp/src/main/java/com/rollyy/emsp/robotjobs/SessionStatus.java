package com.rollyy.emsp.robotjobs;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Our view of a robot's charging session: pending (START sent, waiting for the CPO), active (the
 * CPO's session is ACTIVE), stopping (STOP sent), completed (COMPLETED or CDR received), failed
 * (refused, INVALID, or start timed out).
 */
public enum SessionStatus {
    PENDING, ACTIVE, STOPPING, COMPLETED, FAILED;

    @JsonValue
    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isLive() {
        return this == PENDING || this == ACTIVE || this == STOPPING;
    }

    /** The job status a job has while this is its current session. */
    JobStatus jobStatus() {
        return switch (this) {
            case PENDING -> JobStatus.STARTING;
            case ACTIVE -> JobStatus.CHARGING;
            case STOPPING -> JobStatus.STOPPING;
            case COMPLETED -> JobStatus.COMPLETED;
            case FAILED -> JobStatus.FAILED;
        };
    }
}
