package com.rollyy.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** One run of one scenario against the packaged jar, as CI's smoke tests run them. */
final class Smoke {

    private Smoke() {
    }

    /** Runs {@code scenario} once and asserts it completed with no failure and nothing lost. */
    static Outcome runOnce(String scenario) {
        var options = Options.parse(new String[] {"--runs=1", "--scenarios=" + scenario,
                "--emsp-jar=../emsp/target/emsp-0.1.0-SNAPSHOT-exec.jar", "--work-dir=target/work",
                "--report=none", "--seed=" + Long.getLong("rollyy.reliability.seed", 20261207L)});

        List<Outcome> outcomes = ReliabilityMain.runAll(options);

        assertThat(outcomes).hasSize(1);
        Outcome outcome = outcomes.get(0);
        assertThat(outcome.runs).as(outcome.what).isEqualTo(1);
        assertThat(outcome.failures).isEmpty();
        assertThat(outcome.failedRuns).isZero();
        assertThat(outcome.dataLost).isZero();
        return outcome;
    }
}
