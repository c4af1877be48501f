package com.rollyy.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The eMSP on its embedded default is stopped gracefully (SIGTERM, what an orchestrator sends)
 * while a webhook delivery hangs on a robot backend that takes the event but answers only after
 * {@link #HANG}. The stop must not wait for it longer than the documented bound (db-scheduler's
 * shutdown-max-wait, 15 s, twice at most: 30 s), must keep the embedded PostgreSQL up until nothing
 * uses it any more (no connection cut by a PostgreSQL shutting down) and then take it down with it,
 * and the delivery that was cut off must be made again after the restart (at least once: the
 * robot backend de-duplicates by event id).
 */
final class GracefulStopScenario {

    /** What docs/configuration.md promises for running background tasks (2 x 15 s). */
    static final Duration PROMISED = Duration.ofSeconds(30);
    /** Slack for what comes after the tasks: Tomcat, the pool, the embedded PostgreSQL, the JVM. */
    private static final Duration SLACK = Duration.ofSeconds(10);
    /** Longer than the bound: a stop that waited for the delivery would take this long. */
    private static final Duration HANG = Duration.ofSeconds(90);

    private final World world;
    private final Outcome outcome = new Outcome("graceful-stop", "SIGTERM of the eMSP on its embedded PostgreSQL"
            + " while a webhook delivery hangs on the robot backend (answer after " + HANG.toSeconds() + " s);"
            + " restart on the same data directory");

    GracefulStopScenario(World world) {
        this.world = world;
    }

    Outcome run(int runs) {
        // the delivery must hang on the robot backend, not end at the world's short webhook timeout
        var emsp = world.newInstance("graceful", null, Map.of("ROLLYY_WEBHOOK_TIMEOUT", "10m"));
        try {
            return runs(emsp, runs);
        } finally {
            world.robot.delay(Duration.ZERO);
            emsp.stop();
            EmbeddedCrashScenario.postmasterPid(emsp.dataDir()).flatMap(ProcessHandle::of)
                    .ifPresent(ProcessHandle::destroy);
        }
    }

    private Outcome runs(EmspProcess emsp, int runs) {
        emsp.start();
        world.connect(emsp);
        var driver = new CycleDriver(world, () -> emsp);
        long slowestStop = 0;
        long slowestRedelivery = 0;
        for (int run = 1; run <= runs; run++) {
            List<String> violations = new ArrayList<>();
            long lost = 0;
            world.robot.reset();
            world.robot.delay(HANG);
            driver.startAll(driver.newJobs(1, "graceful" + run));
            String eventId = awaitDelivery(null, Duration.ofSeconds(60));
            if (eventId == null) {
                violations.add("no webhook delivery began within 60 s");
                outcome.run(violations, 0);
                continue;
            }
            long postmaster = EmbeddedCrashScenario.postmasterPid(emsp.dataDir()).orElse(-1L);

            Instant stopping = Instant.now();
            emsp.stop();
            long stopMillis = Duration.between(stopping, Instant.now()).toMillis();
            slowestStop = Math.max(slowestStop, stopMillis);
            if (stopMillis > PROMISED.plus(SLACK).toMillis()) {
                violations.add("the graceful stop took " + stopMillis + " ms with a delivery hanging (promised: "
                        + PROMISED.toSeconds() + " s for background tasks)");
            }
            String stopLog = lastStart(emsp);
            if (stopLog.contains("terminating connection due to administrator command")) {
                violations.add("the embedded PostgreSQL went down while the service was still stopping (requests in"
                        + " flight and background tasks lost their connections; see " + emsp.log() + ")");
            }
            // pg_ctl stop returns once the postmaster removed its pid file; it exits (and its
            // parent, init, reaps it) a moment later
            Instant gone = Instant.now().plusSeconds(5);
            while (ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)
                    && Instant.now().isBefore(gone)) {
                EmspProcess.sleep(100);
            }
            if (ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)) {
                violations.add("the embedded PostgreSQL (pid " + postmaster + ") outlived the graceful stop");
            }

            world.robot.delay(Duration.ZERO);
            Instant restarted = Instant.now();
            emsp.start();
            if (awaitDelivery(eventId, Duration.ofSeconds(150)) == null) {
                violations.add("event " + eventId + ", cut off by the stop, was not delivered again after the restart");
                lost++;
            } else {
                slowestRedelivery = Math.max(slowestRedelivery, Duration.between(restarted, Instant.now()).toMillis());
            }
            outcome.run(violations, lost);
            System.out.printf("  graceful-stop %d/%d: stopped in %d ms with a delivery hanging, event %s delivered"
                    + " again %s; %d failed so far%n", run, runs, stopMillis, eventId,
                    lost == 0 ? "after the restart" : "NEVER", outcome.failedRuns);
        }
        outcome.figure("a graceful stop with a webhook delivery hanging took at most " + slowestStop + " ms (promised: "
                + PROMISED.toSeconds() + " s for background tasks, then the pool, PostgreSQL and the JVM)");
        outcome.figure("the delivery cut off by the stop was made again at most " + slowestRedelivery
                + " ms after the restart began");
        return outcome;
    }

    /** What the instance logged since it was last started. */
    private static String lastStart(EmspProcess emsp) {
        try {
            String log = java.nio.file.Files.readString(emsp.log());
            return log.substring(Math.max(0, log.lastIndexOf("==== start ")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The id of the first delivery the robot backend took ({@code eventId} null), or {@code eventId}
     * once it was taken a second time (the first, cut off, is still on the list); null when the time
     * runs out.
     */
    private String awaitDelivery(String eventId, Duration timeout) {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            var deliveries = world.robot.deliveries();
            if (eventId == null && !deliveries.isEmpty()) {
                return deliveries.get(0).eventId();
            }
            if (eventId != null && deliveries.stream().filter(d -> eventId.equals(d.eventId())).count() >= 2) {
                return eventId;
            }
            EmspProcess.sleep(200);
        }
        return null;
    }
}
