package com.rollyy.emsp.robotjobs;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A robot job's status. For charging it follows the job's session: queued → starting (START sent)
 * → charging (the CPO's session is ACTIVE) → stopping (STOP sent) → completed (session COMPLETED or
 * CDR received) | failed (start refused or timed out, session INVALID). docs/robot-jobs.md has the
 * full table.
 */
public enum JobStatus {
    QUEUED, STARTING, CHARGING, STOPPING, COMPLETED, FAILED;

    @JsonValue
    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED;
    }

    public static JobStatus parse(String value) {
        for (JobStatus s : values()) {
            if (s.value().equals(value)) {
                return s;
            }
        }
        return null;
    }
}
