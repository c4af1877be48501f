package com.rollyy.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The fast subset of the reliability suite that CI runs: one kill -9 in the CDR → payment path,
 * one round with two instances on one database, one PostgreSQL restart under load, against the
 * eMSP jar this build just packaged. The full suite (50 runs per crash scenario) is the separate
 * command in reliability/README.md.
 */
class ReliabilitySmokeTest {

    @Test
    void oneRunOfEachKindKeepsEveryInvariant() {
        var options = Options.parse(new String[] {"--runs=1",
                "--scenarios=crash-cdr-payment,two-instances,database-restart",
                "--emsp-jar=../emsp/target/emsp-0.1.0-SNAPSHOT-exec.jar", "--work-dir=target/work",
                "--report=none", "--seed=" + Long.getLong("rollyy.reliability.seed", 20261124L)});

        List<Outcome> outcomes = ReliabilityMain.runAll(options);

        assertThat(outcomes).hasSize(3);
        for (Outcome outcome : outcomes) {
            assertThat(outcome.runs).as(outcome.scenario + ": " + outcome.what).isPositive();
            assertThat(outcome.failures).as(outcome.scenario).isEmpty();
            assertThat(outcome.failedRuns).as(outcome.scenario).isZero();
            assertThat(outcome.dataLost).as(outcome.scenario).isZero();
        }
    }
}
