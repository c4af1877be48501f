package com.rollyy.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The last hour of a connection's calls, as differences of the meter's own counts. */
class PeerCallHistoryTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final UUID peer = UUID.randomUUID();
    private Instant now = Instant.parse("2026-12-07T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private void calls(UUID connection, String outcome, int n) {
        for (int i = 0; i < n; i++) {
            Timer.builder(OcpiClientMeters.NAME).tag("connection", connection.toString()).tag("module", "locations")
                    .tag("method", "GET").tag("outcome", outcome).register(registry).record(Duration.ofMillis(5));
        }
    }

    @Test
    void countsSinceStartUpUntilAnHourOfSnapshotsThenOnlyTheLastHour() {
        var history = new PeerCallHistory(registry, clock);
        calls(peer, "OK", 3);
        calls(peer, "REJECTED", 1);
        calls(peer, "TIMEOUT", 1);
        calls(UUID.randomUUID(), "OK", 7); // another connection

        var first = history.lastHour(peer);
        assertThat(first.calls()).isEqualTo(5);
        assertThat(first.rejected()).isEqualTo(1);
        assertThat(first.failed()).isEqualTo(1);
        assertThat(first.errorRate()).isEqualTo(0.4);
        assertThat(first.since()).isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));

        // a snapshot every minute for 70 minutes; 2 more calls at minute 30
        for (int minute = 1; minute <= 70; minute++) {
            now = now.plus(Duration.ofMinutes(1));
            if (minute == 30) {
                calls(peer, "OK", 2);
            }
            history.snapshot();
        }
        var later = history.lastHour(peer);
        assertThat(later.calls()).as("only the two calls of the last hour").isEqualTo(2);
        assertThat(later.errorRate()).isZero();
        assertThat(later.since()).isEqualTo(Instant.parse("2026-12-07T10:10:00Z"));
        assertThat(history.lastHour(UUID.randomUUID()).calls()).isZero();
    }
}
