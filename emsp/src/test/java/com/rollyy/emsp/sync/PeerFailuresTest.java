package com.rollyy.emsp.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.cposim.SenderFault;
import com.rollyy.cposim.SimulatorConfig;
import com.rollyy.cposim.ocpi.RecordedRequest;
import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/**
 * Pulls (and a few commands) against a CPO that fails in every way the simulator's sender-fault
 * knob offers, over real HTTP: the product API answers a clear 422 {@code sync_failed} (never a
 * 500) in bounded time, nothing half-stored corrupts what we hold (a failed full pull retires
 * nothing), the peer's circuit opens while a second CPO is served as usual, and the first pull
 * after the peer recovers brings the data. CPO A is the base class's simulator: 10 Locations
 * (pages of 4, so a pull reads 3 pages) and 3 Tariffs; CPO B is a second simulator on its own
 * port, which {@code PeerCircuits} keys as another peer.
 */
class PeerFailuresTest extends EmspIntegrationTest {

    /** The test profile's read timeout is 5 s: a SLOW answer waits longer. */
    private static final long BEYOND_READ_TIMEOUT_MILLIS = 8_000;

    @Autowired
    SyncService syncService;

    private String connectionA;
    private CpoSimulator cpoB;
    private String connectionB;

    @BeforeEach
    void twoCpos() {
        cpo.knobs().setMaxPageSize(4);
        connectionA = registerWithSimulator();
        cpoB = CpoSimulator.start(SimulatorConfig.defaults().withPartyId("OTH"));
        connectionB = api("POST", "/ocpi/register").json("""
                {"cpo_name":"CPO B","versions_url":"%s","token":"%s"}""".formatted(cpoB.versionsUrl(), cpoB.tokenA()))
                .send().json().get("connection_id").asString();
        cpo.clearRequests();
    }

    @AfterEach
    void stopCpoB() {
        cpoB.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "HTTP_503, 1, HTTP 503",
            "NOT_JSON, 1, not JSON",
            // the HTTP client tries a GET whose connection closed without an answer once more
            "CLOSE_CONNECTION, 2, unreachable",
            "TRUNCATED_CONNECTION, 1, unreachable",
            "TRUNCATED_BODY, 1, not JSON"})
    void aPageThatFailsMidPullFailsThePullCleanlyAndRetiresNothing(SenderFault fault, int times, String said)
            throws Exception {
        assertThat(pull("locations", connectionA, true).status()).isEqualTo(200);
        pushLocationTheCpoNoLongerLists();
        cpo.knobs().setSenderFault(fault, 1, times); // the second page of the next pull

        var failed = pull("locations", connectionA, true);

        assertThat(failed.status()).as(failed.toString()).isEqualTo(422);
        assertThat(failed.json().get("error").asString()).isEqualTo("sync_failed");
        assertThat(failed.json().get("message").asString()).contains(said).contains("offset=4");
        assertThat(activeLocations()).as("a failed full pull retires nothing").isEqualTo(11);
        assertThat(count("evse where listed")).isEqualTo(33);
        assertNotRunningWithError(connectionA, "locations", said);

        var recovered = pull("locations", connectionA, true);
        assertThat(recovered.status()).as(recovered.toString()).isEqualTo(200);
        assertThat(recovered.json().get("synced").asInt()).isEqualTo(10);
        assertThat(activeLocations()).as("the next full pull retires what the CPO dropped").isEqualTo(10);
        assertThat(lastError(connectionA, "locations")).isNull();
    }

    @Test
    void aCpoAnswering503OpensItsCircuitWhileAnotherCpoIsServedAndResyncsWhenBack() {
        assertThat(pull("locations", connectionA, false).status()).isEqualTo(200);
        cpo.knobs().setSenderFault(SenderFault.HTTP_503);

        for (int i = 0; i < 3; i++) { // rollyy.ocpi.circuit.failures in the test profile
            var failed = pull("tariffs", connectionA, false);
            assertThat(failed.status()).isEqualTo(422);
            assertThat(failed.json().get("message").asString()).contains("HTTP 503");
        }
        int calls = cpo.requests().size();
        var open = pull("tariffs", connectionA, false);
        assertThat(open.status()).isEqualTo(422);
        assertThat(open.json().get("message").asString()).contains("circuit open");
        assertThat(cpo.requests()).as("an open circuit does not call the CPO").hasSize(calls);
        assertThat(activeLocations()).as("what we hold is untouched").isEqualTo(10);

        var other = pull("locations", connectionB, false);
        assertThat(other.status()).as("CPO B is served as usual").isEqualTo(200);
        assertThat(other.json().get("synced").asInt()).isEqualTo(10);
        assertThat(other.json().get("duration_ms").asLong()).isLessThan(2_000);

        // while A was down its network changed; once it is back the next pull brings the change
        cpo.setEvseStatus(3, 1, "OUTOFORDER", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        cpo.knobs().setSenderFault(SenderFault.NONE);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> pull("locations", connectionA, false).status() == 200);
        assertThat(evseStatus("SIM", "LOC000003-E1")).isEqualTo("OUTOFORDER");
        assertThat(pull("tariffs", connectionA, false).status()).isEqualTo(200);
        assertThat(count("tariff where party_id = 'SIM'")).isEqualTo(3);
        assertThat(lastError(connectionA, "tariffs")).isNull();
    }

    @Test
    void tooManyRequestsIsHonouredNoCallBeforeRetryAfter() {
        cpo.knobs().setRetryAfterSeconds(2).setSenderFault(SenderFault.TOO_MANY_REQUESTS, 1);

        var throttled = pull("locations", connectionA, false);
        assertThat(throttled.status()).isEqualTo(422);
        assertThat(throttled.json().get("message").asString()).contains("HTTP 429");

        var waiting = pull("locations", connectionA, false);
        assertThat(waiting.status()).isEqualTo(422);
        assertThat(waiting.json().get("message").asString()).contains("Retry-After");
        assertThat(pull("locations", connectionB, false).status()).as("CPO B is not held back").isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> pull("locations", connectionA, false).status() == 200);
        var calls = cpo.requests().stream().filter(r -> r.pathWithoutQuery().equals("/ocpi/2.2.1/locations")).toList();
        assertThat(Duration.between(calls.get(0).receivedAt(), calls.get(1).receivedAt()))
                .as("the first call after the 429 waited for Retry-After").isGreaterThanOrEqualTo(Duration.ofMillis(1_950));
        assertThat(activeLocations()).isEqualTo(10 + 10);
    }

    @Test
    void aStartAnswered429FailsAtOnceAndTheNextWaitsForRetryAfter() throws Exception {
        assertThat(pull("locations", connectionA, false).status()).isEqualTo(200);
        String asset = api("GET", "/v1/charging-assets?limit=1").send().json().get(0).toString();
        cpo.knobs().setRetryAfterSeconds(2).setSenderFault(SenderFault.TOO_MANY_REQUESTS, 1);

        var throttled = start(newJob(), asset);
        assertThat(throttled.status()).as(throttled.toString()).isEqualTo(502);
        assertThat(throttled.json().get("cpo_result").asString()).as("certainly not carried out").isEqualTo("UNREACHABLE");
        var refused = start(newJob(), asset);
        assertThat(refused.status()).isEqualTo(502);
        assertThat(refused.json().get("message").asString()).contains("Retry-After");
        assertThat(cpo.commands()).isEmpty();

        Thread.sleep(2_000);
        var started = start(newJob(), asset);
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        assertThat(started.json().get("cpo_result").asString()).isEqualTo("ACCEPTED");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SenderFault.class, names = {"LINK_TO_SAME_PAGE", "LINK_TO_FIRST_PAGE"})
    void aLinkThatLoopsBackFailsThePullAfterAtMostOneRepeatedPage(SenderFault fault) throws Exception {
        assertThat(pull("locations", connectionA, true).status()).isEqualTo(200);
        pushLocationTheCpoNoLongerLists();
        cpo.knobs().setSenderFault(fault, 1, -1); // from the second page on

        var looped = pull("locations", connectionA, true);

        assertThat(looped.status()).as(looped.toString()).isEqualTo(422);
        assertThat(looped.json().get("message").asString()).contains("Link header points back to a page already read");
        assertThat(listRequests(cpo, "locations")).as("stopped at once").hasSizeLessThanOrEqualTo(3);
        assertThat(activeLocations()).as("nothing retired").isEqualTo(11);
        assertNotRunningWithError(connectionA, "locations", "points back");

        cpo.knobs().setSenderFault(SenderFault.NONE);
        assertThat(pull("locations", connectionA, true).json().get("synced").asInt()).isEqualTo(10);
        assertThat(activeLocations()).isEqualTo(10);
    }

    @Test
    void aLinkPastTheEndStopsOnceTheAnnouncedTotalIsRead() throws Exception {
        pushLocationTheCpoNoLongerLists();
        cpo.knobs().setSenderFault(SenderFault.LINK_PAST_THE_END);

        var result = pull("locations", connectionA, true);

        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        assertThat(result.json().get("synced").asInt()).isEqualTo(10);
        assertThat(listRequests(cpo, "locations")).as("3 pages and one empty one").hasSize(4);
        assertThat(activeLocations()).as("a complete pull: what the CPO dropped is retired").isEqualTo(10);
    }

    @Test
    void emptyPagesThatNeverEndFailThePull() throws Exception {
        assertThat(pull("locations", connectionA, true).status()).isEqualTo(200);
        pushLocationTheCpoNoLongerLists();
        cpo.knobs().setSenderFault(SenderFault.EMPTY_PAGES, 1, -1); // 4 of 10 Locations, then nothing, endlessly

        var result = pull("locations", connectionA, true);

        assertThat(result.status()).as(result.toString()).isEqualTo(422);
        assertThat(result.json().get("message").asString()).contains("empty pages in a row");
        assertThat(listRequests(cpo, "locations")).as("bounded").hasSizeLessThanOrEqualTo(1 + 10 + 1);
        assertThat(activeLocations()).as("nothing retired").isEqualTo(11);
    }

    @Test
    void onePagePerObjectStillPullsEverything() {
        cpo.knobs().setMaxPageSize(1);

        var locations = pull("locations", connectionA, true);
        var tariffs = pull("tariffs", connectionA, true);

        assertThat(locations.json().get("synced").asInt()).isEqualTo(10);
        assertThat(tariffs.json().get("synced").asInt()).isEqualTo(3);
        assertThat(listRequests(cpo, "locations")).hasSize(10);
        assertThat(listRequests(cpo, "tariffs")).hasSize(3);
        assertThat(activeLocations()).isEqualTo(10);
        assertThat(count("evse")).isEqualTo(30);

        cpo.clearRequests();
        cpo.setEvseStatus(7, 2, "CHARGING", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        var incremental = pull("locations", connectionA, false);
        assertThat(incremental.json().get("synced").asInt()).isEqualTo(1);
        assertThat(evseStatus("SIM", "LOC000007-E2")).isEqualTo("CHARGING");
    }

    @Test
    void aHangingCpoHoldsUpNeitherOtherCposPeriodicPullsNorTheirCommands() throws Exception {
        cpo.knobs().setSlowMillis(BEYOND_READ_TIMEOUT_MILLIS).setSenderFaultModules("locations")
                .setSenderFault(SenderFault.SLOW);
        long started = System.nanoTime();

        var periodic = CompletableFuture.supplyAsync(syncService::runDueNow);

        await().atMost(Duration.ofSeconds(3)).until(() -> count("location where party_id = 'OTH'") == 10);
        assertThat(periodic).as("A's pull is still hanging").isNotDone();
        await().atMost(Duration.ofSeconds(2)).until(() -> count("tariff where party_id = 'OTH'") == 3);
        String assetOfB = api("GET", "/v1/charging-assets?limit=1").send().json().get(0).toString();
        var startAtB = start(newJob(), assetOfB);
        assertThat(startAtB.status()).as(startAtB.toString()).isEqualTo(200);
        assertThat(startAtB.json().get("cpo_result").asString()).isEqualTo("ACCEPTED");
        assertThat(cpoB.commands()).hasSize(1);
        assertThat(periodic).as("all this while A hangs").isNotDone();
        assertThat(pull("locations", connectionA, false).json().get("error").asString())
                .as("a manual pull of what is already being pulled").isEqualTo("sync_running");

        assertThat(periodic.get()).as("every pull of B and A's three others").isEqualTo(4 + 3);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(tookMs).as("A's pull ended at our read timeout").isBetween(4_500L, 7_500L);
        assertNotRunningWithError(connectionA, "locations", "unreachable");
        assertThat(count("location where party_id = 'SIM'")).isZero();

        // A recovers; its next periodic pull (due a quarter interval after a failure) brings the data
        cpo.knobs().setSenderFault(SenderFault.NONE);
        assertThat(syncService.runDueNow()).as("not due yet: no hammering of a failed CPO").isZero();
        jdbc.sql("update sync_state set next_run_at = now() where connection_id = ?::uuid and module = 'locations'")
                .param(connectionA).update();
        assertThat(syncService.runDueNow()).isEqualTo(1);
        assertThat(count("location where party_id = 'SIM'")).isEqualTo(10);
        assertThat(lastError(connectionA, "locations")).isNull();
    }

    @Test
    void sessionsAndCdrsPullsFailCleanlyTooAndCatchUpAfterwards() {
        cpo.knobs().setSenderFaultModules("sessions", "cdrs").setSenderFault(SenderFault.TRUNCATED_CONNECTION, 2);

        var sessions = api("GET", "/ocpi/2.2.1/sessions/sync/" + connectionA).send();
        var cdrs = pull("cdrs", connectionA, false);

        assertThat(sessions.status()).as(sessions.toString()).isEqualTo(422);
        assertThat(cdrs.status()).as(cdrs.toString()).isEqualTo(422);
        assertNotRunningWithError(connectionA, "sessions", "unreachable");
        assertNotRunningWithError(connectionA, "cdrs", "unreachable");
        assertThat(api("GET", "/ocpi/2.2.1/sessions/sync/" + connectionA).send().status()).isEqualTo(200);
        assertThat(pull("cdrs", connectionA, false).status()).isEqualTo(200);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private TestHttp.Response pull(String module, String connection, boolean full) {
        return api("POST", "/ocpi/2.2.1/" + module + "/sync/" + connection + (full ? "?full=true" : "")).send();
    }

    /** A Location the CPO pushed once and no longer lists: a complete full pull retires it, a failed one must not. */
    private void pushLocationTheCpoNoLongerLists() throws Exception {
        String extra = cpo.locationJson(1).replace("LOC000001", "LOC999999");
        assertThat(cpo.pushJson("PUT", "locations", "/NL/SIM/LOC999999", extra).status()).isEqualTo(201);
        cpo.clearRequests();
    }

    private String newJob() {
        var created = api("POST", "/v1/robot-jobs").json("""
                {"robot_id":"robot-1","job_type":"charging","vehicle_id":"EV-1"}""").send();
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("rollyy_id").asString();
    }

    private TestHttp.Response start(String jobId, String assetJson) {
        var asset = TestHttp.parse(assetJson);
        return api("POST", "/ocpi/2.2.1/commands/START_SESSION").json("""
                {"robot_job_id":"%s","location_id":"%s","evse_uid":"%s"}""".formatted(jobId,
                asset.get("location").get("id").asString(), asset.get("evse_uid").asString())).send();
    }

    private static java.util.List<RecordedRequest> listRequests(CpoSimulator sim, String module) {
        return sim.requests().stream().filter(r -> r.pathWithoutQuery().equals("/ocpi/2.2.1/" + module)).toList();
    }

    private int activeLocations() {
        return count("location where active");
    }

    private int count(String tableAndCondition) {
        return jdbc.sql("select count(*) from " + tableAndCondition).query(Integer.class).single();
    }

    private String evseStatus(String partyId, String uid) {
        return jdbc.sql("select status from evse where party_id = ? and uid = ?").params(partyId, uid)
                .query(String.class).single();
    }

    private String lastError(String connection, String module) {
        return jdbc.sql("select last_error from sync_state where connection_id = ?::uuid and module = ?")
                .params(connection, module).query(String.class).optional().orElse(null);
    }

    private void assertNotRunningWithError(String connection, String module, String error) {
        var running = jdbc.sql("select running_since is not null from sync_state where connection_id = ?::uuid"
                + " and module = ?").params(connection, module).query(Boolean.class).single();
        assertThat(running).as("sync_state of " + module + " is not left running").isFalse();
        assertThat(lastError(connection, module)).contains(error);
    }
}
