package com.rollyy.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.rollyy.cposim.ocpi.SimResponse;

/**
 * The eMSP on its embedded default (no SPRING_DATASOURCE_URL: the PostgreSQL it starts itself in
 * its data directory) is killed with {@code kill -9} while the CPO sends EVSE status PATCHes; its
 * postmaster survives the kill. The same jar is started again on the same data directory: it must
 * become ready with no manual step (the orphaned postmaster taken down and its own started), and
 * every PATCH that was acknowledged with OCPI 1000 must be in the database (or superseded by a
 * later PATCH of the same EVSE that was in flight at the kill).
 */
final class EmbeddedCrashScenario {

    private static final int THREADS = 4;
    private static final int EVSES_PER_THREAD = 8;
    private static final String[] STATUSES = {"AVAILABLE", "CHARGING", "BLOCKED", "OUTOFORDER", "RESERVED"};

    private final World world;
    private final Random random;
    private final Outcome outcome = new Outcome("crash-embedded", "kill -9 of the eMSP running on its embedded"
            + " PostgreSQL (the postmaster survives) while CPO PATCHes are acknowledged; restart on the same data"
            + " directory");

    EmbeddedCrashScenario(World world, Random random) {
        this.world = world;
        this.random = random;
    }

    private record Acked(String status, Instant lastUpdated) {
    }

    Outcome run(int runs) {
        var emsp = world.newInstance("embedded", null);
        try {
            return runs(emsp, runs);
        } finally {
            // the harness leaves no PostgreSQL behind: a graceful stop takes the embedded one down
            emsp.stop();
            postmasterPid(emsp.dataDir()).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroy);
        }
    }

    private Outcome runs(EmspProcess emsp, int runs) {
        emsp.start();
        world.connect(emsp);
        long slowestRestart = 0;
        long totalAcked = 0;
        int orphans = 0;
        for (int run = 1; run <= runs; run++) {
            List<String> violations = new ArrayList<>();
            Map<String, Acked> acked = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong ok = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                pool.submit(() -> patch(thread, acked, stop, ok));
            }
            EmspProcess.sleep(1000 + random.nextInt(2000));
            long postmasterBefore = postmasterPid(emsp.dataDir()).orElse(-1L);
            emsp.kill();
            stop.set(true);
            pool.shutdown();
            try {
                pool.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            boolean orphaned = ProcessHandle.of(postmasterBefore).map(ProcessHandle::isAlive).orElse(false);
            if (orphaned) {
                orphans++;
            } else {
                violations.add("the embedded postmaster " + postmasterBefore + " did not outlive the kill: the"
                        + " scenario tested nothing");
            }
            long restartMillis;
            try {
                emsp.start();
                restartMillis = emsp.lastStartMillis();
            } catch (IllegalStateException e) {
                violations.add("restart failed: " + e.getMessage());
                outcome.run(violations, acked.size());
                break;
            }
            slowestRestart = Math.max(slowestRestart, restartMillis);
            if (ProcessHandle.of(postmasterBefore).map(ProcessHandle::isAlive).orElse(false)) {
                violations.add("the old postmaster " + postmasterBefore + " still runs after the restart");
            }
            long lost = 0;
            String jdbcUrl = jdbcUrl(emsp.dataDir());
            for (var entry : acked.entrySet()) {
                // a later PATCH that was in flight at the kill may have been committed without an
                // answer: it supersedes the acknowledged one, which then must not be newer than it
                var rows = Database.query(jdbcUrl, "select status, last_updated from evse where uid = ?",
                        entry.getKey());
                Instant stored = rows.isEmpty() ? null
                        : ((java.sql.Timestamp) rows.get(0).get("last_updated")).toInstant();
                Acked ack = entry.getValue();
                boolean kept = stored != null && (stored.isAfter(ack.lastUpdated())
                        || stored.equals(ack.lastUpdated()) && ack.status().equals(rows.get(0).get("status")));
                if (!kept) {
                    violations.add("EVSE " + entry.getKey() + " acknowledged " + entry.getValue() + ", stored " + rows);
                    lost++;
                }
            }
            var health = world.api(emsp, "GET", "/v1/robot-jobs?limit=1", null);
            if (health.status() != 200) {
                violations.add("product API after the restart: " + health.status());
            }
            totalAcked += ok.get();
            outcome.run(violations, lost);
            System.out.printf("  crash-embedded %d/%d: %d PATCHes acknowledged, orphan %s, ready again in %d ms;"
                    + " %d failed so far%n", run, runs, ok.get(), orphaned ? postmasterBefore + " taken down" : "none",
                    restartMillis, outcome.failedRuns);
        }
        outcome.figure(totalAcked + " EVSE PATCHes acknowledged before the kills; the postmaster outlived the kill in "
                + orphans + " of " + outcome.runs + " runs");
        outcome.figure("ready again at most " + slowestRestart + " ms after the restart began (JVM start, orphan"
                + " shut down, PostgreSQL started and recovered), with no manual step");
        return outcome;
    }

    private void patch(int thread, Map<String, Acked> acked, AtomicBoolean stop, AtomicLong ok) {
        Random r = new Random(thread);
        while (!stop.get()) {
            int evse = thread * EVSES_PER_THREAD + r.nextInt(EVSES_PER_THREAD);
            int location = evse / 4 + 1;
            int number = evse % 4 + 1;
            String uid = "LOC%06d-E%d".formatted(location, number);
            String status = STATUSES[r.nextInt(STATUSES.length)];
            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            try {
                SimResponse answer = world.sim.patchEvseStatus(location, number, status, at);
                if (answer.status() == 200 && Integer.valueOf(1000).equals(answer.ocpiStatusCode())) {
                    ok.incrementAndGet();
                    acked.merge(uid, new Acked(status, at),
                            (old, neu) -> neu.lastUpdated().isAfter(old.lastUpdated()) ? neu : old);
                }
            } catch (RuntimeException | com.rollyy.cposim.SimulatorException e) {
                // the kill: no answer, nothing acknowledged
            }
        }
    }

    /** The postmaster's pid, from the first line of postmaster.pid in the embedded cluster. */
    static Optional<Long> postmasterPid(Path dataDir) {
        return pidFileLine(dataDir, 0).map(Long::parseLong);
    }

    /** The embedded PostgreSQL's port is in line 4 of its postmaster.pid (zonky picks a free one per start). */
    private static String jdbcUrl(Path dataDir) {
        String port = pidFileLine(dataDir, 3).orElseThrow(() -> new IllegalStateException("no postmaster.pid"));
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private static Optional<String> pidFileLine(Path dataDir, int line) {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
            return lines.size() > line ? Optional.of(lines.get(line).trim()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
