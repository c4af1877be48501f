package com.rollyy.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.cposim.SenderFault;
import com.rollyy.cposim.SimulatorConfig;
import com.rollyy.emsp.support.TestHttp;

/**
 * One eMSP, two CPOs. CPO A's Locations Sender fails in one way per run (every {@link SenderFault})
 * while its data changes; meanwhile CPO B is pulled and must be served as usual. Checked: A's
 * pull answers cleanly (200, or 422 {@code sync_failed}; never a 500, never longer than the
 * timeouts allow), B's pull succeeds in the same moment, nothing of A's stored data is lost, and
 * once A recovers a pull brings every change made while it failed (resync).
 */
final class PeerFailuresScenario {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(3);

    private final World world;
    private final Random random;
    private final Outcome outcome = new Outcome("peer-failures", "CPO A's Locations pulls fail in each way"
            + " (503, 429 + Retry-After, not JSON, connection closed, slower than our timeout, truncated, Links"
            + " that loop or never end) while CPO B is pulled; then A recovers");

    PeerFailuresScenario(World world, Random random) {
        this.world = world;
        this.random = random;
    }

    Outcome run(int runsPerFault) {
        world.env("ROLLYY_OCPI_READ_TIMEOUT", READ_TIMEOUT.toSeconds() + "s")
                .env("ROLLYY_OCPI_CIRCUIT_FAILURES", "3")
                .env("ROLLYY_OCPI_CIRCUIT_OPEN_FOR", "2s")
                .env("ROLLYY_SYNC_ENABLED", "false");
        var emsp = world.newInstance("a", null);
        emsp.start();
        world.connect(emsp);
        String a = world.connectionId;
        world.sim.knobs().setMaxPageSize(5).setRetryAfterSeconds(1).setSlowMillis(READ_TIMEOUT.toMillis() * 2);
        try (CpoSimulator other = CpoSimulator.start(SimulatorConfig.defaults().withPartyId("OTH")
                .withLocationCount(30).withEvsesPerLocation(2))) {
            var registered = world.api(emsp, "POST", "/ocpi/register", """
                    {"cpo_name":"Other CPO","versions_url":"%s","token":"%s"}"""
                    .formatted(other.versionsUrl(), other.tokenA()));
            World.require(registered.status() == 201, "second CPO: " + registered);
            String b = registered.json().get("connection_id").asString();
            other.knobs().setMaxPageSize(5);
            long slowestB = 0;
            long slowestA = 0;
            int cleanFailures = 0;
            int absorbed = 0;
            List<Long> resync = new ArrayList<>();
            for (SenderFault fault : SenderFault.values()) {
                if (fault == SenderFault.NONE) {
                    continue;
                }
                for (int run = 0; run < runsPerFault; run++) {
                    List<String> violations = new ArrayList<>();
                    long lost = 0;
                    // A changes while it fails: these must arrive once it recovers
                    int location = 1 + random.nextInt(10);
                    String status = random.nextBoolean() ? "BLOCKED" : "OUTOFORDER";
                    world.sim.setEvseStatus(location, 1, status, Instant.now());
                    world.sim.knobs().setSenderFault(fault, random.nextInt(2), -1)
                            .setSenderFaultModules("locations");
                    Instant began = Instant.now();
                    var pullA = CompletableFuture.supplyAsync(() ->
                            world.tryApi(emsp, "POST", "/ocpi/2.2.1/locations/sync/" + a + "?full=true", null));
                    EmspProcess.sleep(100);
                    Instant bBegan = Instant.now();
                    var pullB = world.tryApi(emsp, "POST", "/ocpi/2.2.1/locations/sync/" + b, null);
                    long bMillis = Duration.between(bBegan, Instant.now()).toMillis();
                    slowestB = Math.max(slowestB, bMillis);
                    if (pullB.isEmpty() || pullB.get().status() != 200) {
                        violations.add("CPO B not served while A fails with " + fault + ": " + pullB);
                    }
                    var answerA = pullA.join();
                    long aMillis = Duration.between(began, Instant.now()).toMillis();
                    slowestA = Math.max(slowestA, aMillis);
                    if (answerA.isEmpty()) {
                        violations.add(fault + ": no answer to the pull of A");
                    } else if (answerA.get().status() == 200) {
                        absorbed++;
                    } else if (answerA.get().status() == 422 && answerA.get().body().contains("sync_failed")) {
                        cleanFailures++;
                    } else {
                        violations.add(fault + ": pull of A answered " + answerA.get());
                    }
                    // a pull waits at most the timeouts of the pages it reads (12 pages of 5 here)
                    if (aMillis > READ_TIMEOUT.toMillis() * 3 + 5000) {
                        violations.add(fault + ": pull of A took " + aMillis + " ms");
                    }
                    world.sim.knobs().setSenderFault(SenderFault.NONE);
                    Instant recovered = Instant.now();
                    boolean resynced = false;
                    while (Instant.now().isBefore(recovered.plusSeconds(20))) {
                        var again = world.tryApi(emsp, "POST", "/ocpi/2.2.1/locations/sync/" + a, null);
                        if (again.isPresent() && again.get().status() == 200) {
                            resynced = true;
                            break;
                        }
                        EmspProcess.sleep(250);
                    }
                    resync.add(Duration.between(recovered, Instant.now()).toMillis());
                    String uid = "LOC%06d-E1".formatted(location);
                    var stored = world.db.rows("select e.status from evse e join location l on l.country_code ="
                            + " e.country_code and l.party_id = e.party_id and l.id = e.location_id"
                            + " where e.uid = ? and l.party_id = 'SIM'", uid);
                    if (!resynced) {
                        violations.add(fault + ": A's pulls still fail 20 s after it recovered");
                    } else if (stored.isEmpty() || !status.equals(stored.get(0).get("status"))) {
                        violations.add(fault + ": the change made while A failed did not arrive (" + uid + " "
                                + stored + ", expected " + status + ")");
                        lost++;
                    }
                    long active = world.db.count("select count(*) from location where party_id = 'SIM' and active");
                    if (active != 10) {
                        violations.add(fault + ": " + active + " of A's 10 Locations active after the resync");
                        lost += Math.abs(10 - active);
                    }
                    outcome.run(violations, lost);
                }
                System.out.printf("  peer-failures %s: %d failed so far%n", fault, outcome.failedRuns);
            }
            outcome.figure(runsPerFault + " runs for each of " + (SenderFault.values().length - 1) + " failures: "
                    + cleanFailures + " pulls of A failed cleanly (422 sync_failed), " + absorbed
                    + " succeeded despite the failure (Links past the end, or the fault hit after the last page)");
            outcome.figure("slowest pull of A " + slowestA + " ms (read timeout " + READ_TIMEOUT.toMillis()
                    + " ms); slowest pull of B meanwhile " + slowestB + " ms; resync after recovery: median "
                    + CrashScenario.median(resync) + " ms, max " + resync.stream().mapToLong(Long::longValue).max()
                    .orElse(0) + " ms (circuit open-for 2 s, Retry-After 1 s)");
        }
        return outcome;
    }
}
