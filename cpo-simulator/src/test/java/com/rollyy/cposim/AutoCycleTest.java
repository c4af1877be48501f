package com.rollyy.cposim;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.rollyy.cposim.sessions.SessionSnapshot;

/** The scripted cycle: updates on their own, then a STOP from the eMSP or the simulator's own stop. */
class AutoCycleTest extends CycleTestSupport {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        return TestHttp.JSON.readValue(text, Map.class);
    }

    @Test
    void updatesThenWaitsForTheStop() throws Exception {
        sim.knobs().setAutoCycle(true).setAutoUpdates(2).setUpdateIntervalMillis(30)
                .setAutoPowerKw(BigDecimal.valueOf(3600));
        String sessionId = startSession(ac(), "AUTH-1");

        awaitIdle();
        assertThat(emsp.sessionCalls()).extracting(FakeEmsp.Seen::method).containsExactly("PUT", "PATCH", "PATCH");
        SessionSnapshot running = sim.session(sessionId).orElseThrow();
        assertThat(running.status()).isEqualTo("ACTIVE");
        assertThat(running.chargingPeriods()).isGreaterThanOrEqualTo(2);
        // the session kept pace with the wall clock: 3600 kW is 1 kWh a second
        Duration charged = Duration.between(running.startDateTime(), running.lastUpdated());
        assertThat(running.kwh().doubleValue()).isCloseTo(charged.toMillis() / 1000.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(running.lastUpdated()).isBeforeOrEqualTo(Instant.now());

        command("STOP_SESSION", stopBody(sessionId, "STOP-1"));
        FakeEmsp.await("the CDR", () -> emsp.cdrsReceived.size() == 1);
        assertThat(emsp.sessions.get(sessionId)).containsEntry("status", "COMPLETED");
        assertThat(json(emsp.cdrsReceived.get(0)).get("total_energy")).isEqualTo(json(running.json()).get("kwh"));
    }

    @Test
    void theSimulatorStopsBYItselfWhenNoStopComes() throws Exception {
        sim.knobs().setAutoCycle(true).setAutoUpdates(1).setUpdateIntervalMillis(20).setAutoStopAfterMillis(120);
        String sessionId = startSession(dc(), "AUTH-1");

        awaitIdle();

        assertThat(emsp.sessionCalls()).extracting(FakeEmsp.Seen::method).containsExactly("PUT", "PATCH", "PUT");
        assertThat(emsp.sessions.get(sessionId)).containsEntry("status", "COMPLETED");
        assertThat(emsp.cdrsReceived).hasSize(1);
        assertThat(emsp.commandResults).hasSize(1);
        Map<String, Object> cdr = json(emsp.cdrsReceived.get(0));
        Instant start = Instant.parse((String) cdr.get("start_date_time"));
        Instant end = Instant.parse((String) cdr.get("end_date_time"));
        assertThat(Duration.between(start, end).toMillis()).isBetween(120L, 2_000L);
    }

    @Test
    void aPendingSessionGoesActiveFirst() throws Exception {
        sim.knobs().setAutoCycle(true).setStartStatus("PENDING").setAutoUpdates(1).setUpdateIntervalMillis(20);
        String sessionId = startSession(ac(), "AUTH-1");

        awaitIdle();

        List<FakeEmsp.Seen> calls = emsp.sessionCalls();
        assertThat(calls).extracting(FakeEmsp.Seen::method).containsExactly("PUT", "PATCH", "PATCH");
        assertThat(json(calls.get(0).body())).containsEntry("status", "PENDING");
        assertThat(json(calls.get(1).body())).containsEntry("status", "ACTIVE").doesNotContainKey("charging_periods");
        assertThat(json(calls.get(2).body())).containsKey("charging_periods");
        assertThat(sim.session(sessionId).orElseThrow().status()).isEqualTo("ACTIVE");
    }
}
