package com.rollyy.cposim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.rollyy.cposim.ocpi.SimResponse;
import com.rollyy.cposim.sessions.CdrSnapshot;
import com.rollyy.cposim.sessions.CdrToken;
import com.rollyy.cposim.sessions.SessionSnapshot;

/** A session from its PUT through updates and its end to the CDR, as the eMSP receives them. */
class SessionLifecycleTest extends CycleTestSupport {

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    private static BigDecimal d(Object json) {
        return new BigDecimal(json.toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        return TestHttp.JSON.readValue(text, Map.class);
    }

    @Test
    void theSessionPutCarriesWhatTheStartSessionSaid() {
        Place place = ac();
        Instant before = Instant.now().minusMillis(1);

        String sessionId = startSession(place, "AUTH-1");

        Map<String, Object> session = emsp.sessions.get(sessionId);
        assertThat(session).containsEntry("country_code", "NL").containsEntry("party_id", "SIM")
                .containsEntry("id", sessionId).containsEntry("kwh", 0).containsEntry("auth_method", "COMMAND")
                .containsEntry("authorization_reference", "AUTH-1").containsEntry("location_id", place.locationId())
                .containsEntry("evse_uid", place.evseUid()).containsEntry("connector_id", place.connectorId())
                .containsEntry("currency", "EUR").containsEntry("status", "ACTIVE")
                .containsEntry("charging_periods", List.of())
                .containsEntry("cdr_token", Map.of("country_code", "DE", "party_id", "RLY", "uid", "ROBOT-0001",
                        "type", "APP_USER", "contract_id", "DE-RLY-C00000001-5"))
                .doesNotContainKeys("end_date_time", "total_cost");
        Instant start = Instant.parse((String) session.get("start_date_time"));
        assertThat(start).isBetween(before, Instant.now());
        assertThat((String) session.get("start_date_time")).endsWith("Z");
        assertThat(session.get("last_updated")).isEqualTo(session.get("start_date_time"));
        assertThat(TestHttp.JSON.readTree(sim.session(sessionId).orElseThrow().json()))
                .isEqualTo((JsonNode) TestHttp.JSON.valueToTree(session));
        assertThat(sim.session(sessionId).orElseThrow().tariffId()).isEqualTo(place.tariffId());
    }

    @Test
    @SuppressWarnings("unchecked")
    void advanceSendsAPatchWithTheNewPeriodsOnly() {
        String sessionId = startSession(dc(), "AUTH-1");
        String firstUpdate = (String) emsp.sessions.get(sessionId).get("last_updated");

        sim.advanceSession(sessionId, d("10"), Duration.ofMinutes(30));
        SessionSnapshot snapshot = sim.advanceSession(sessionId, d("20"), Duration.ofMinutes(15));

        List<FakeEmsp.Seen> calls = emsp.sessionCalls();
        assertThat(calls).extracting(FakeEmsp.Seen::method).containsExactly("PUT", "PATCH", "PATCH");
        Map<String, Object> patch = json(calls.get(2).body());
        assertThat(patch).containsOnlyKeys("kwh", "charging_periods", "total_cost", "last_updated");
        assertThat(patch).containsEntry("kwh", 30);
        List<Map<String, Object>> periods = (List<Map<String, Object>>) patch.get("charging_periods");
        assertThat(periods).hasSize(1);
        assertThat(periods.get(0)).containsEntry("tariff_id", dc().tariffId())
                .containsEntry("dimensions", List.of(Map.of("type", "ENERGY", "volume", 20),
                        Map.of("type", "TIME", "volume", 0.25), Map.of("type", "MIN_POWER", "volume", 80),
                        Map.of("type", "MAX_POWER", "volume", 80)));
        Instant start = Instant.parse((String) emsp.sessions.get(sessionId).get("start_date_time"));
        assertThat(Instant.parse((String) periods.get(0).get("start_date_time"))).isEqualTo(start.plusSeconds(1800));
        assertThat(Instant.parse((String) patch.get("last_updated"))).isAfter(Instant.parse(firstUpdate));
        // the eMSP appends: it now holds both periods, as the simulator does
        assertThat((List<Object>) emsp.sessions.get(sessionId).get("charging_periods")).hasSize(2);
        assertThat(snapshot.chargingPeriods()).isEqualTo(2);
        assertThat(snapshot.kwh()).isEqualByComparingTo("30");
        assertThat(json(snapshot.json()).get("charging_periods")).isEqualTo(emsp.sessions.get(sessionId).get("charging_periods"));
        assertThat(json(snapshot.json()).get("total_cost")).isEqualTo(patch.get("total_cost"));
    }

    @Test
    void putOnlySendsEveryUpdateAsAFullSession() {
        sim.knobs().setSessionUpdates(SessionUpdates.PUT_ONLY).setSendLiveCost(false);
        String sessionId = startSession(ac(), "AUTH-1");

        SessionSnapshot snapshot = sim.advanceSession(sessionId, d("1.5"), Duration.ofMinutes(10));

        List<FakeEmsp.Seen> calls = emsp.sessionCalls();
        assertThat(calls).extracting(FakeEmsp.Seen::method).containsExactly("PUT", "PUT");
        assertThat(calls.get(1).body()).isEqualTo(snapshot.json()).doesNotContain("total_cost");
        assertThat(json(calls.get(1).body())).containsEntry("kwh", 1.5).containsEntry("status", "ACTIVE");
    }

    @Test
    void aPendingSessionGoesActiveAtItsFirstUpdate() {
        sim.knobs().setStartStatus("PENDING");
        String sessionId = startSession(ac(), "AUTH-1");
        assertThat(emsp.sessions.get(sessionId)).containsEntry("status", "PENDING");

        sim.advanceSession(sessionId, d("1"), Duration.ofMinutes(5));

        Map<String, Object> patch = json(emsp.sessionCalls().get(1).body());
        assertThat(patch).containsEntry("status", "ACTIVE").containsKey("start_date_time");
        assertThat(sim.session(sessionId).orElseThrow().startDateTime())
                .isEqualTo(Instant.parse((String) patch.get("start_date_time")));
        assertThatThrownBy(() -> sim.knobs().setStartStatus("RESERVATION")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void stopCompletesTheSessionAndTheCdrChargesWhatTheTariffSays() throws Exception {
        Place place = dc();
        String sessionId = startSession(place, "AUTH-1");
        sim.advanceSession(sessionId, d("10"), Duration.ofMinutes(30));   // 20 kW
        sim.advanceSession(sessionId, d("20"), Duration.ofMinutes(15));   // 80 kW
        sim.advanceSession(sessionId, d("5"), Duration.ofMinutes(40));    // 7.5 kW, crosses the first hour

        assertThat(sim.awaitIdle(Duration.ofSeconds(5))).isTrue();
        command("STOP_SESSION", stopBody(sessionId, "STOP-1"));
        FakeEmsp.await("the CDR", () -> emsp.cdrsReceived.size() == 1);

        // the session: COMPLETED by PUT, after the result
        Map<String, Object> session = emsp.sessions.get(sessionId);
        assertThat(session).containsEntry("status", "COMPLETED").containsKey("end_date_time");
        Instant start = Instant.parse((String) session.get("start_date_time"));
        Instant end = Instant.parse((String) session.get("end_date_time"));
        assertThat(end).isEqualTo(start.plus(Duration.ofMinutes(85)));
        assertThat(emsp.moduleCalls()).extracting(FakeEmsp.Seen::method).endsWith("POST", "PUT", "POST");

        // the CDR's price, worked out by hand from the tariff the simulator serves for this connector:
        // ENERGY at p1 below 50 kW, else p2; TIME 6.00/h once the session is an hour old, in 60 s steps
        Map<String, Object> tariff = json(sim.tariffJson(Integer.parseInt(place.tariffId().substring(6))));
        List<Map<String, Object>> elements = (List<Map<String, Object>>) tariff.get("elements");
        BigDecimal p1 = d(((List<Map<String, Object>>) elements.get(0).get("price_components")).get(0).get("price"));
        BigDecimal p2 = d(((List<Map<String, Object>>) elements.get(1).get("price_components")).get(0).get("price"));
        assertThat(elements.get(0).get("restrictions")).isEqualTo(Map.of("max_power", 50.00));
        assertThat(elements.get(2)).isEqualTo(Map.of("price_components", List.of(Map.of("type", "TIME", "price", 6.00,
                "vat", 21.0, "step_size", 60)), "restrictions", Map.of("min_duration", 3600)));
        BigDecimal energy = p1.multiply(d("15")).add(p2.multiply(d("20")));
        BigDecimal time = d("2.60");   // 25 min = 0.4167 h = 1500.12 s -> 1560 s at 6.00/h
        BigDecimal excl = energy.add(time);
        BigDecimal incl = excl.multiply(d("1.21")).setScale(2, RoundingMode.HALF_UP);

        Map<String, Object> cdr = json(emsp.cdrsReceived.get(0));
        assertThat(cdr.get("total_cost")).isEqualTo(Map.of("excl_vat", excl.doubleValue(), "incl_vat", incl.doubleValue()));
        assertThat(cdr.get("total_energy_cost")).isEqualTo(Map.of("excl_vat", energy.doubleValue(),
                "incl_vat", energy.multiply(d("1.21")).setScale(2, RoundingMode.HALF_UP).doubleValue()));
        assertThat(cdr.get("total_time_cost")).isEqualTo(Map.of("excl_vat", 2.6, "incl_vat", 3.15));
        assertThat(cdr).containsEntry("id", "SIM-C-1").containsEntry("country_code", "NL").containsEntry("party_id", "SIM")
                .containsEntry("session_id", sessionId).containsEntry("auth_method", "COMMAND")
                .containsEntry("authorization_reference", "AUTH-1").containsEntry("currency", "EUR")
                .containsEntry("cdr_token", session.get("cdr_token"))
                .containsEntry("start_date_time", session.get("start_date_time"))
                .containsEntry("end_date_time", session.get("end_date_time"))
                .containsEntry("total_energy", 35).containsEntry("total_time", 1.4167)
                .containsEntry("total_parking_time", 0)
                .containsEntry("tariffs", List.of(tariff))
                .containsEntry("charging_periods", session.get("charging_periods"))
                .containsKey("last_updated");
        assertThat((List<Object>) cdr.get("charging_periods")).hasSize(4);
        Map<String, Object> location = (Map<String, Object>) cdr.get("cdr_location");
        Map<String, Object> served = json(sim.locationJson(Integer.parseInt(place.locationId().substring(3))));
        assertThat(location).containsEntry("id", place.locationId()).containsEntry("evse_uid", place.evseUid())
                .containsEntry("connector_id", place.connectorId()).containsEntry("connector_standard", "IEC_62196_T2_COMBO")
                .containsEntry("connector_format", "CABLE").containsEntry("connector_power_type", "DC")
                .containsEntry("address", served.get("address")).containsEntry("city", served.get("city"))
                .containsEntry("country", "NLD").containsEntry("coordinates", served.get("coordinates"))
                .containsKeys("evse_id", "name", "postal_code");
        // the session's final total_cost is the same
        assertThat(session.get("total_cost")).isEqualTo(cdr.get("total_cost"));

        CdrSnapshot snapshot = sim.cdrs().get(0);
        assertThat(snapshot.id()).isEqualTo("SIM-C-1");
        assertThat(snapshot.sessionId()).isEqualTo(sessionId);
        assertThat(snapshot.totalCostExclVat()).isEqualByComparingTo(excl);
        assertThat(snapshot.totalCostInclVat()).isEqualByComparingTo(incl);
        assertThat(snapshot.json()).isEqualTo(emsp.cdrsReceived.get(0));
        assertThat(sim.session(sessionId).orElseThrow().cdrId()).isEqualTo("SIM-C-1");
        FakeEmsp.await("the Location header", () -> sim.cdrs().get(0).emspLocation() != null);
        assertThat(sim.cdrs().get(0).emspLocation()).isEqualTo(emsp.url("/emsp/2.2.1/cdrs/SIM-C-1"));
    }

    @Test
    void duplicateCdrAndCostFactor() throws Exception {
        sim.knobs().setDuplicateCdr(true).setCdrCostFactor(d("1.1"));
        String sessionId = startSession(dc(), "AUTH-1");
        sim.advanceSession(sessionId, d("10"), Duration.ofMinutes(30));
        String liveCost = json(sim.session(sessionId).orElseThrow().json()).get("total_cost").toString();

        sim.stopSession(sessionId);

        assertThat(emsp.cdrsReceived).hasSize(2);
        assertThat(emsp.cdrsReceived.get(0)).isEqualTo(emsp.cdrsReceived.get(1));
        Map<String, Object> cdr = json(emsp.cdrsReceived.get(0));
        Map<?, ?> session = (Map<?, ?>) emsp.sessions.get(sessionId).get("total_cost");
        assertThat(session.toString()).isEqualTo(liveCost);
        BigDecimal excl = d(session.get("excl_vat"));
        BigDecimal incl = d(session.get("incl_vat"));
        assertThat(cdr.get("total_cost")).isEqualTo(Map.of(
                "excl_vat", excl.multiply(d("1.1")).setScale(2, RoundingMode.HALF_UP).doubleValue(),
                "incl_vat", incl.multiply(d("1.1")).setScale(2, RoundingMode.HALF_UP).doubleValue()));
        // the parts stay as the tariff has them
        assertThat(cdr.get("total_energy_cost")).isEqualTo(session);
        assertThatThrownBy(() -> sim.knobs().setCdrCostFactor(d("-1"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutCdrOnStopTheCdrIsSentOnDemandAndAgain() throws Exception {
        sim.knobs().setSendCdrOnStop(false);
        String sessionId = startSession(ac(), "AUTH-1");
        assertThatThrownBy(() -> sim.sendCdr(sessionId)).isInstanceOf(IllegalStateException.class);
        sim.advanceSession(sessionId, d("3"), Duration.ofMinutes(20));
        sim.stopSession(sessionId);
        assertThat(emsp.cdrsReceived).isEmpty();
        assertThat(sim.cdrs()).isEmpty();

        SimResponse first = sim.sendCdr(sessionId);
        SimResponse again = sim.sendCdr(sessionId);
        SimResponse resent = sim.resendCdr("sim-c-1");

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Location")).isEqualTo(emsp.url("/emsp/2.2.1/cdrs/SIM-C-1"));
        assertThat(again.status()).isEqualTo(201);
        assertThat(resent.status()).isEqualTo(201);
        assertThat(emsp.cdrsReceived).hasSize(3).containsOnly(sim.cdrs().get(0).json());
        assertThat(sim.cdrs()).hasSize(1);
        assertThatThrownBy(() -> sim.resendCdr("SIM-C-9")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSessionWithoutChargingStillGetsACdr() {
        String sessionId = startSession(ac(), "AUTH-1");

        sim.stopSession(sessionId);

        Map<String, Object> cdr = json(emsp.cdrsReceived.get(0));
        assertThat(cdr.get("charging_periods")).asList().hasSize(1);
        assertThat(cdr).containsEntry("total_energy", 0)
                .containsEntry("total_cost", Map.of("excl_vat", 0.0, "incl_vat", 0.0));
    }

    @Test
    void withoutSessionPushesTheEmspMustPull() throws Exception {
        sim.knobs().setPushSessions(false);
        command("START_SESSION", startBody(ac(), "AUTH-1"));
        awaitIdle();
        assertThat(sim.sessions()).hasSize(1);
        String sessionId = sim.sessions().get(0).id();
        sim.advanceSession(sessionId, d("1"), Duration.ofMinutes(5));
        sim.stopSession(sessionId);

        assertThat(emsp.sessionCalls()).isEmpty();
        assertThat(emsp.commandResults).hasSize(1);
        assertThat(emsp.cdrsReceived).hasSize(1);
    }

    @Test
    void aSessionStartedWithoutCommandIsNotPushedButItsUpdatesAre() {
        CdrToken token = new CdrToken("DE", "RLY", "RFID-1", "RFID", "DE-RLY-C00000002-3");
        Place place = ac();

        SessionSnapshot started = sim.startSessionWithoutCommand(token, "WHITELIST", null, place.locationId(), null, null);

        assertThat(started.status()).isEqualTo("ACTIVE");
        assertThat(started.evseUid()).isEqualTo(place.locationId() + "-E1");
        assertThat(started.connectorId()).isEqualTo("1");
        assertThat(started.json()).contains("\"auth_method\":\"WHITELIST\"").doesNotContain("authorization_reference");
        assertThat(emsp.moduleCalls()).isEmpty();

        sim.advanceSession(started.id(), d("2"), Duration.ofMinutes(10));
        // the eMSP never saw the PUT, so its PATCH finds no session
        assertThat(emsp.sessionCalls()).extracting(FakeEmsp.Seen::method).containsExactly("PATCH");
        assertThat(sim.pushes()).singleElement().satisfies(push -> {
            assertThat(push.what()).isEqualTo("SESSION_PATCH");
            assertThat(push.httpStatus()).isEqualTo(404);
            assertThat(push.succeeded()).isFalse();
        });
        assertThatThrownBy(() -> sim.startSessionWithoutCommand(token, "WHITELIST", null, "LOC999999", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown Location");
    }

    @Test
    void misuseOfTheJavaApi() {
        String sessionId = startSession(ac(), "AUTH-1");
        assertThatThrownBy(() -> sim.advanceSession("SIM-S-99", d("1"), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sim.advanceSession(sessionId, d("-1"), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sim.advanceSession(sessionId, d("1"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        sim.stopSession(sessionId);
        assertThatThrownBy(() -> sim.advanceSession(sessionId, d("1"), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalStateException.class);
        // stopping again changes nothing
        sim.stopSession(sessionId);
        assertThat(emsp.cdrsReceived).hasSize(1);
    }

    @Test
    void manySessionsAtOnceKeepTheirOrder() throws Exception {
        int sessions = 24;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                String reference = "AUTH-" + i;
                work.add(pool.submit(() -> {
                    command("START_SESSION", startBody(i(reference) % 2 == 0 ? ac() : dc(), reference));
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
            FakeEmsp.await("every session PUT", () -> emsp.sessions.size() == sessions);
            work.clear();
            for (SessionSnapshot session : sim.sessions()) {
                work.add(pool.submit(() -> {
                    for (int k = 0; k < 3; k++) {
                        sim.advanceSession(session.id(), d("1.25"), Duration.ofMinutes(7));
                    }
                    command("STOP_SESSION", stopBody(session.id(), "STOP-" + session.id()));
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        awaitIdle();
        assertThat(emsp.cdrsReceived).hasSize(sessions);
        // results, PUT, 3 PATCHes, PUT and CDR per session; every PATCH found its session, so each
        // session's messages left in order
        assertThat(sim.pushes().size()).isEqualTo(sessions * 8);
        assertThat(sim.pushes().stream().filter(push -> !push.succeeded()).toList()).isEmpty();
        assertThat(emsp.sessions.values()).allSatisfy(session -> {
            assertThat(session).containsEntry("status", "COMPLETED").containsEntry("kwh", 3.75);
            assertThat(session.get("charging_periods")).asList().hasSizeGreaterThanOrEqualTo(3);
        });
    }

    private static int i(String reference) {
        return Integer.parseInt(reference.substring(5));
    }
}
