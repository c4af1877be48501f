package com.rollyy.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * CI's run of {@code graceful-stop}: the packaged eMSP on its embedded PostgreSQL gets SIGTERM while
 * a webhook delivery hangs for 90 s; it must be gone within the documented bound, PostgreSQL with it,
 * and deliver the event again after the restart.
 */
class GracefulStopSmokeTest {

    @Test
    void aStopWaitsForHangingBackgroundWorkOnlyAsLongAsDocumented() {
        Outcome outcome = Smoke.runOnce("graceful-stop");

        assertThat(outcome.figures).anyMatch(f -> f.startsWith("a graceful stop with a webhook delivery hanging"));
    }
}
