package com.rollyy.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * CI's run of {@code graceful-stop}: the packaged eMSP on its embedded PostgreSQL gets SIGTERM while
 * a webhook delivery hangs for 90 s; it must be gone within the documented bound, PostgreSQL with it,
 * and deliver the event again after the restart.
 */
class GracefulStopSmokeTest {

    @Test
    void aStopWaitsForHangingBackgroundWorkOnlyAsLongAsDocumented() {
        var options = Options.parse(new String[] {"--runs=1", "--scenarios=graceful-stop",
                "--emsp-jar=../emsp/target/emsp-0.1.0-SNAPSHOT-exec.jar", "--work-dir=target/work",
                "--report=none", "--seed=" + Long.getLong("rollyy.reliability.seed", 20261207L)});

        List<Outcome> outcomes = ReliabilityMain.runAll(options);

        assertThat(outcomes).hasSize(1);
        Outcome outcome = outcomes.get(0);
        assertThat(outcome.runs).as(outcome.what).isEqualTo(1);
        assertThat(outcome.failures).isEmpty();
        assertThat(outcome.failedRuns).isZero();
        assertThat(outcome.dataLost).isZero();
        assertThat(outcome.figures).anyMatch(f -> f.startsWith("a graceful stop with a webhook delivery hanging"));
    }
}
