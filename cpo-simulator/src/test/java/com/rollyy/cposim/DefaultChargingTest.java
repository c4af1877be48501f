package com.rollyy.cposim;

import static com.rollyy.cposim.TestHttp.base64;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.rollyy.cposim.sessions.SessionSnapshot;

/**
 * A simulator left at its defaults (no knob touched) charges the sessions the eMSP starts: the
 * pushed updates and the Sessions Sender report rising kWh until the STOP, and the CDR bills energy.
 */
class DefaultChargingTest extends CycleTestSupport {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        return TestHttp.JSON.readValue(text, Map.class);
    }

    private static BigDecimal decimal(Object value) {
        return new BigDecimal(String.valueOf(value));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStartedSessionChargesUntilItsStopAndItsCdrBillsTheEnergy() throws Exception {
        sim.knobs().reset();  // the defaults, as `java -jar` or CpoSimulator.start() give them
        String sessionId = startSession(dc(), "AUTH-1");

        // an update about every second, each with more energy and its cost so far
        List<BigDecimal> reported = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            int calls = n + 1;  // the PUT, then n PATCHes
            FakeEmsp.await("update " + n, () -> emsp.sessionCalls().size() >= calls);
            Map<String, Object> patch = json(emsp.sessionCalls().get(n).body());
            assertThat(emsp.sessionCalls().get(n).method()).isEqualTo("PATCH");
            assertThat(patch).containsKeys("kwh", "charging_periods", "total_cost", "last_updated");
            reported.add(decimal(patch.get("kwh")));
        }
        assertThat(reported.get(0)).isPositive();
        for (int i = 1; i < reported.size(); i++) {
            assertThat(reported.get(i)).as("kWh rise with every update").isGreaterThan(reported.get(i - 1));
        }
        // 11 kW is 0.0030556 kWh a second
        assertThat(reported.get(3).doubleValue()).isBetween(3.5 * 0.0030556, 8 * 0.0030556);

        // the pull sees the same rising session
        HttpResponse<String> pulled = TestHttp.send("GET", sim.sessionsUrl() + "?date_from=2020-01-01T00:00:00Z",
                base64(token), null);
        Map<String, Object> listed = ((List<Map<String, Object>>) TestHttp.envelope(pulled).get("data")).get(0);
        assertThat(listed).containsEntry("id", sessionId).containsEntry("status", "ACTIVE");
        assertThat(decimal(listed.get("kwh"))).isGreaterThanOrEqualTo(reported.get(3));
        assertThat(sim.awaitIdle(Duration.ofSeconds(2))).as("a charging session waits between updates: idle")
                .isTrue();

        command("STOP_SESSION", stopBody(sessionId, "STOP-1"));
        FakeEmsp.await("the CDR", () -> emsp.cdrsReceived.size() == 1);
        Map<String, Object> cdr = json(emsp.cdrsReceived.get(0));
        BigDecimal energy = decimal(cdr.get("total_energy"));
        assertThat(energy).isGreaterThanOrEqualTo(reported.get(3));
        assertThat(energy).isEqualByComparingTo(decimal(emsp.sessions.get(sessionId).get("kwh")));
        Map<String, Object> cost = (Map<String, Object>) cdr.get("total_cost");
        assertThat(decimal(cost.get("excl_vat"))).as("energy is billed").isPositive();
        assertThat(decimal(cost.get("incl_vat"))).isGreaterThanOrEqualTo(decimal(cost.get("excl_vat")));
        assertThat(emsp.sessions.get(sessionId)).containsEntry("status", "COMPLETED");

        // and the updates end with the session
        int after = emsp.sessionCalls().size();
        Thread.sleep(1_300);
        assertThat(emsp.sessionCalls()).hasSize(after);
        assertThat(emsp.sessionCalls().get(after - 1).method()).isEqualTo("PUT");
    }

    @Test
    void aSessionChargedAheadOfTheWallClockGetsNoEmptyUpdates() throws Exception {
        sim.knobs().reset().setUpdateIntervalMillis(50);
        String sessionId = startSession(ac(), "AUTH-1");
        // a test that charges a session an hour ahead of the wall clock: nothing to add until then
        SessionSnapshot advanced = sim.advanceSession(sessionId, new BigDecimal("7.5"), Duration.ofHours(1));
        int calls = emsp.sessionCalls().size();
        Thread.sleep(300);

        assertThat(emsp.sessionCalls()).hasSize(calls);
        assertThat(sim.session(sessionId).orElseThrow().kwh()).isEqualByComparingTo(advanced.kwh());
    }
}
