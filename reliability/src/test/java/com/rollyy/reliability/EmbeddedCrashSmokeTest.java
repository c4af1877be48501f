package com.rollyy.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * CI's run of {@code crash-embedded}: the packaged eMSP on its embedded PostgreSQL is killed with
 * kill -9 (its postmaster survives), started again on the same data directory, and must be ready
 * with every acknowledged write intact, no manual step.
 */
class EmbeddedCrashSmokeTest {

    @Test
    void killedOnTheEmbeddedDatabaseItComesBackWithEveryAcknowledgedWrite() {
        Outcome outcome = Smoke.runOnce("crash-embedded");

        assertThat(outcome.figures).anyMatch(f -> f.contains("outlived the kill in 1 of 1 runs"));
    }
}
