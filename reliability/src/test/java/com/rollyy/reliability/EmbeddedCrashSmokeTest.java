package com.rollyy.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * CI's run of {@code crash-embedded}: the packaged eMSP on its embedded PostgreSQL is killed with
 * kill -9 (its postmaster survives), started again on the same data directory, and must be ready
 * with every acknowledged write intact, no manual step.
 */
class EmbeddedCrashSmokeTest {

    @Test
    void killedOnTheEmbeddedDatabaseItComesBackWithEveryAcknowledgedWrite() {
        var options = Options.parse(new String[] {"--runs=1", "--scenarios=crash-embedded",
                "--emsp-jar=../emsp/target/emsp-0.1.0-SNAPSHOT-exec.jar", "--work-dir=target/work",
                "--report=none", "--seed=" + Long.getLong("rollyy.reliability.seed", 20261207L)});

        List<Outcome> outcomes = ReliabilityMain.runAll(options);

        assertThat(outcomes).hasSize(1);
        Outcome outcome = outcomes.get(0);
        assertThat(outcome.runs).as(outcome.what).isEqualTo(1);
        assertThat(outcome.failures).isEmpty();
        assertThat(outcome.failedRuns).isZero();
        assertThat(outcome.dataLost).isZero();
        assertThat(outcome.figures).anyMatch(f -> f.contains("outlived the kill in 1 of 1 runs"));
    }
}
