package com.rollyy.emsp.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.cposim.SimulatorConfig;
import com.rollyy.cposim.ocpi.RecordedRequest;
import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/** Pulls from the simulator's Sender interfaces (12 Locations × 3 EVSEs, pages of 5) and pushes from it. */
class PullSyncTest extends EmspIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    SyncService syncService;

    @org.springframework.beans.factory.annotation.Autowired
    SyncStateRepository syncState;

    private CpoSimulator network;
    private String connectionId;

    @BeforeEach
    void registeredNetwork() throws Exception {
        network = CpoSimulator.start(SimulatorConfig.defaults().withLocationCount(12).withEvsesPerLocation(3)
                .withTariffCount(4));
        network.knobs().setMaxPageSize(5);
        var response = api("POST", "/ocpi/register").json("""
                {"cpo_name":"Network","versions_url":"%s","token":"%s"}"""
                .formatted(network.versionsUrl(), network.tokenA())).send();
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("modules").toString()).contains("locations").contains("tariffs");
        connectionId = response.json().get("connection_id").asString();
        network.clearRequests();
    }

    @AfterEach
    void stopNetwork() {
        network.close();
    }

    @Test
    void fullPullFollowsEveryPageAndStoresEverything() {
        var result = api("POST", "/ocpi/2.2.1/locations/sync/" + connectionId).send();

        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        assertThat(result.json().get("synced").asInt()).isEqualTo(12);
        assertThat(result.json().get("full").asBoolean()).isTrue();
        assertThat(count("location")).isEqualTo(12);
        assertThat(count("evse")).isEqualTo(36);
        var pages = network.requests().stream().filter(r -> r.pathWithoutQuery().equals("/ocpi/2.2.1/locations"))
                .toList();
        assertThat(pages).hasSize(3);
        assertThat(pages.get(0).path()).contains("limit=").doesNotContain("date_from");
        assertThat(pages.get(0).header("Authorization")).isEqualTo(TestHttp.tokenHeader(network.tokenIssuedToEmsp()));
        assertThat(pages.get(0).header("OCPI-to-party-id")).isEqualTo("SIM");
        assertThat(pages.get(0).header("OCPI-from-party-id")).isEqualTo("RYY");

        // what we stored is what the CPO serves
        var sent = TestHttp.parse(network.locationJson(5));
        var stored = TestHttp.request("GET", url("/ocpi/2.2.1/locations/NL/SIM/" + sent.get("id").asString()))
                .token(network.tokenForEmsp()).send().json().get("data");
        assertThat(stored.get("evses")).isEqualTo(sent.get("evses"));
        assertThat(stored.get("coordinates")).isEqualTo(sent.get("coordinates"));
        assertThat(stored.get("last_updated")).isEqualTo(sent.get("last_updated"));
    }

    @Test
    void laterPullsAreIncremental() {
        api("POST", "/ocpi/2.2.1/locations/sync/" + connectionId).send();
        network.clearRequests();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        network.setEvseStatus(3, 2, "OUTOFORDER", now);

        var result = api("POST", "/ocpi/2.2.1/locations/sync/" + connectionId).send();

        assertThat(result.json().get("full").asBoolean()).isFalse();
        assertThat(result.json().get("synced").asInt()).isEqualTo(1);
        RecordedRequest first = network.requests().get(0);
        assertThat(first.path()).contains("date_from=");
        String status = jdbc.sql("select status from evse where uid = 'LOC000003-E2'").query(String.class).single();
        assertThat(status).isEqualTo("OUTOFORDER");
    }

    @Test
    void aFullPullRetiresWhatTheCpoNoLongerReturns() throws Exception {
        // a Location pushed once, then gone from the CPO's list
        String extra = network.locationJson(1).replace("LOC000001", "LOC999999");
        assertThat(network.pushJson("PUT", "locations", "/NL/SIM/LOC999999", extra).status()).isEqualTo(201);

        api("POST", "/ocpi/2.2.1/locations/sync/" + connectionId + "?full=true").send();

        assertThat(jdbc.sql("select active from location where id = 'LOC999999'").query(Boolean.class).single())
                .isFalse();
        assertThat(jdbc.sql("select count(*) from location where active").query(Integer.class).single())
                .isEqualTo(12);
        assertThat(api("GET", "/ocpi/2.2.1/locations?limit=5").send().header("X-Total-Count")).isEqualTo("12");
    }

    @Test
    void pushedObjectsNewerThanThePullSurvive() throws Exception {
        Instant future = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        network.pushLocation(2);
        assertThat(network.patchEvseStatus(2, 1, "CHARGING", future).status()).isEqualTo(200);

        var result = api("POST", "/ocpi/2.2.1/locations/sync/" + connectionId).send();

        assertThat(result.json().get("unchanged").asInt()).isEqualTo(1);
        String status = jdbc.sql("select status from evse where uid = 'LOC000002-E1'").query(String.class).single();
        assertThat(status).isEqualTo("CHARGING");
    }

    @Test
    void tariffsArePulledToo() {
        var result = api("POST", "/ocpi/2.2.1/tariffs/sync/" + connectionId).send();
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        assertThat(result.json().get("synced").asInt()).isEqualTo(4);
        var sent = TestHttp.parse(network.tariffJson(2));
        var stored = TestHttp.request("GET", url("/ocpi/2.2.1/tariffs/NL/SIM/" + sent.get("id").asString()))
                .token(network.tokenForEmsp()).send().json().get("data");
        assertThat(stored.get("elements").toString()).isEqualTo(sent.get("elements").toString());
    }

    @Test
    void pushesFromTheSimulatorLand() throws Exception {
        assertThat(network.pushTariff(1).status()).isEqualTo(201);
        assertThat(network.pushLocation(4).status()).isEqualTo(201);
        assertThat(network.pushEvse(4, 2).status()).isEqualTo(200);
        var patched = network.patchEvseStatus(4, 2, "BLOCKED", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.header("OCPI-to-party-id")).isEqualTo("SIM");
        assertThat(jdbc.sql("select status from evse where uid = 'LOC000004-E2'").query(String.class).single())
                .isEqualTo("BLOCKED");
    }

    @Test
    void periodicPullsRunWhenDueAndThenWait() {
        assertThat(syncService.runDueNow()).as("locations, tariffs, sessions and cdrs").isEqualTo(4);
        assertThat(count("location")).isEqualTo(12);
        assertThat(count("tariff")).isEqualTo(4);
        var next = jdbc.sql("select min(next_run_at) > now() + interval '5 hours' from sync_state")
                .query(Boolean.class).single();
        assertThat(next).isTrue();
        assertThat(syncService.runDueNow()).isZero();
    }

    @Test
    void aFailedPeriodicPullIsTriedAgainWithinMinutesNotHours() {
        network.knobs().setSenderFault(com.rollyy.cposim.SenderFault.HTTP_503).setSenderFaultModules("locations");

        assertThat(syncService.runDueNow()).as("tariffs, sessions and cdrs succeed").isEqualTo(3);

        var failed = jdbc.sql("select next_run_at between now() + interval '4 minutes' and now() + interval '6 minutes',"
                + " last_error from sync_state where module = 'locations'").query((rs, n) -> java.util.List.of(
                rs.getBoolean(1), rs.getString(2))).single();
        assertThat(failed.get(0)).as("retried in about 5 min").isEqualTo(true);
        assertThat((String) failed.get(1)).contains("503");
        assertThat(jdbc.sql("select next_run_at > now() + interval '5 hours' from sync_state where module = 'tariffs'")
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void anInstanceThatSawAPullDueDoesNotRunItAgainOnceAnotherInstanceRanIt() {
        var id = java.util.UUID.fromString(connectionId);
        var due = java.time.Duration.ofMinutes(15);
        // instance 1 and 2 both read "due"; instance 1 claims and finishes first
        assertThat(syncState.claim(id, "locations", due, true)).isPresent();
        syncState.succeeded(id, "locations", Instant.now(), true, 12, Instant.now().plusSeconds(3600));
        // instance 2 now tries to claim the pull it saw due a moment ago
        assertThat(syncState.claim(id, "locations", due, true)).as("already run by the other instance").isEmpty();
        assertThat(syncState.claim(id, "locations", due, false)).as("an on-demand pull still may").isPresent();
    }

    @Test
    void aPullLeftRunningByADeadInstanceIsTakenOverOnceItsHeartbeatIsStale() {
        var id = java.util.UUID.fromString(connectionId);
        // another instance claims the pull and keeps beating (its claim is fresh)
        assertThat(syncState.claim(id, "tariffs", java.time.Duration.ofMinutes(1), false)).isPresent();
        var busy = api("POST", "/ocpi/2.2.1/tariffs/sync/" + connectionId).send();
        assertThat(busy.status()).as("still running (its instance is alive)").isEqualTo(409);
        // it dies: no heartbeat for longer than the claim timeout (5 s here)
        jdbc.sql("update sync_state set running_since = now() - interval '6 seconds' where module = 'tariffs'")
                .update();
        var taken = api("POST", "/ocpi/2.2.1/tariffs/sync/" + connectionId).send();
        assertThat(taken.status()).as(taken.toString()).isEqualTo(200);
        assertThat(count("tariff")).isEqualTo(4);
    }

    @Test
    void aLongPullKeepsItsClaimFreshSoNoOtherInstanceTakesItOver() throws Exception {
        var id = java.util.UUID.fromString(connectionId);
        network.knobs().setLatencyMillis(1500);
        var pull = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                api("POST", "/ocpi/2.2.1/locations/sync/" + connectionId).send());
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> jdbc.sql(
                    "select count(*) from sync_state where module = 'locations' and running_since is not null")
                    .query(Integer.class).single() == 1);
            jdbc.sql("update sync_state set running_since = now() - interval '1 hour' where module = 'locations'")
                    .update();
            // the heartbeat (every quarter of the claim timeout) makes the claim fresh again
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> jdbc.sql(
                    "select running_since > now() - interval '5 seconds' from sync_state where module = 'locations'")
                    .query(Boolean.class).single());
            assertThat(syncState.claim(id, "locations", java.time.Duration.ofSeconds(5), false))
                    .as("another instance may not take it").isEmpty();
        } finally {
            network.knobs().setLatencyMillis(0);
        }
        assertThat(pull.get().status()).isEqualTo(200);
    }

    @Test
    void syncNeedsTheApiKeyAndAnActiveConnection() {
        assertThat(TestHttp.request("POST", url("/ocpi/2.2.1/locations/sync/" + connectionId))
                .token(network.tokenForEmsp()).send().status()).isEqualTo(401);
        var unknown = api("POST", "/ocpi/2.2.1/locations/sync/00000000-0000-0000-0000-000000000000").send();
        assertThat(unknown.status()).isEqualTo(404);
        api("DELETE", "/ocpi/connections/" + connectionId).send();
        var inactive = api("POST", "/ocpi/2.2.1/locations/sync/" + connectionId).send();
        assertThat(inactive.status()).isEqualTo(409);
    }

    @Test
    void aFailingCpoIsReportedAndTheNextPullStillWorks() {
        network.knobs().setLatencyMillis(6_000); // longer than the test profile's 5 s read timeout
        var failed = api("POST", "/ocpi/2.2.1/tariffs/sync/" + connectionId).send();
        assertThat(failed.status()).isEqualTo(422);
        assertThat(failed.json().get("error").asString()).isEqualTo("sync_failed");
        network.knobs().setLatencyMillis(0);
        assertThat(api("POST", "/ocpi/2.2.1/tariffs/sync/" + connectionId).send().status()).isEqualTo(200);
    }

    private int count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Integer.class).single();
    }
}
