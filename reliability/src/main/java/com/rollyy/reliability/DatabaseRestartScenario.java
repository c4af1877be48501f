package com.rollyy.reliability;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.rollyy.cposim.ocpi.SimResponse;

/**
 * PostgreSQL is stopped and started again under load (CPO status PATCHes and robot API reads from
 * eight threads), with the eMSP running throughout. While it is down every answer must be 503 with
 * OCPI status 3000 (product API: {@code storage_unavailable}), never another error or a hang; after
 * it is back, requests must succeed again without restarting the service; and every PATCH that was
 * acknowledged with 1000 must be in the database.
 */
final class DatabaseRestartScenario {

    private static final int THREADS = 8;
    private static final int EVSES_PER_THREAD = 5;
    private static final String[] STATUSES = {"AVAILABLE", "CHARGING", "BLOCKED", "OUTOFORDER", "RESERVED"};

    private final World world;
    private final Random random;
    private final Outcome outcome = new Outcome("database-restart", "PostgreSQL stopped for 3-6 s and started"
            + " again under load (8 threads: CPO PATCHes, robot API reads); the eMSP keeps running");

    DatabaseRestartScenario(World world, Random random) {
        this.world = world;
        this.random = random;
    }

    private record Acked(String status, Instant lastUpdated) {
    }

    Outcome run(int restarts) {
        var emsp = world.newInstance("a", null);
        emsp.start();
        world.connect(emsp);
        long maxRecoveryMillis = 0;
        long totalOk = 0;
        long totalRefused = 0;
        long maxLatency = 0;
        for (int run = 1; run <= restarts; run++) {
            List<String> violations = new CopyOnWriteArrayList<>();
            Map<String, Acked> acked = new ConcurrentHashMap<>();
            AtomicBoolean down = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong ok = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            AtomicLong slowest = new AtomicLong();
            AtomicLong lastOk = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                pool.submit(() -> load(emsp, thread, acked, down, stop, ok, refused, slowest, lastOk, violations));
            }
            EmspProcess.sleep(1500);
            long downMillis = 3000 + random.nextInt(3000);
            down.set(true);
            world.db.stop();
            EmspProcess.sleep(downMillis);
            world.db.start();
            Instant back = Instant.now();
            down.set(false);
            // recovered: a request that started after the database came back succeeded
            Instant until = back.plusSeconds(30);
            while (Instant.now().isBefore(until) && lastOk.get() < back.toEpochMilli()) {
                EmspProcess.sleep(50);
            }
            long recovery = Math.max(0, lastOk.get() - back.toEpochMilli());
            if (lastOk.get() < back.toEpochMilli()) {
                violations.add("no request succeeded within 30 s after the database came back");
            }
            EmspProcess.sleep(2000);
            stop.set(true);
            pool.shutdown();
            try {
                pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long lost = 0;
            for (var entry : acked.entrySet()) {
                var rows = world.db.rows("select status, last_updated from evse where uid = ?", entry.getKey());
                if (rows.isEmpty() || !entry.getValue().status().equals(rows.get(0).get("status"))) {
                    violations.add("EVSE " + entry.getKey() + " acknowledged " + entry.getValue() + ", stored " + rows);
                    lost++;
                }
            }
            maxRecoveryMillis = Math.max(maxRecoveryMillis, recovery);
            totalOk += ok.get();
            totalRefused += refused.get();
            maxLatency = Math.max(maxLatency, slowest.get());
            outcome.run(List.copyOf(violations), lost);
            System.out.printf("  database-restart %d/%d: down %d ms, back in %d ms, %d ok, %d refused with 503;"
                    + " %d failed so far%n", run, restarts, downMillis, recovery, ok.get(), refused.get(),
                    outcome.failedRuns);
        }
        outcome.figure(totalOk + " requests succeeded, " + totalRefused + " answered 503 (OCPI 3000 /"
                + " storage_unavailable) while the database was down; slowest answer " + maxLatency + " ms");
        outcome.figure("requests succeeded again at most " + maxRecoveryMillis + " ms after PostgreSQL was back"
                + " (no service restart)");
        return outcome;
    }

    private void load(EmspProcess emsp, int thread, Map<String, Acked> acked, AtomicBoolean down, AtomicBoolean stop,
                      AtomicLong ok, AtomicLong refused, AtomicLong slowest, AtomicLong lastOk, List<String> violations) {
        Random r = new Random(thread);
        int n = 0;
        while (!stop.get()) {
            n++;
            Instant began = Instant.now();
            int evse = thread * EVSES_PER_THREAD + r.nextInt(EVSES_PER_THREAD);
            int location = evse / 4 + 1;
            int number = evse % 4 + 1;
            String uid = "LOC%06d-E%d".formatted(location, number);
            try {
                if (n % 4 == 0) {
                    var answer = world.api(emsp, "GET", "/v1/robot-jobs?limit=5", null);
                    classify(answer.status(), answer.status() == 200 ? 1000 : null, answer.body(), began, down, ok,
                            refused, slowest, lastOk, violations, "GET /v1/robot-jobs");
                } else {
                    String status = STATUSES[r.nextInt(STATUSES.length)];
                    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                    SimResponse answer = world.sim.patchEvseStatus(location, number, status, at);
                    boolean success = classify(answer.status(), answer.ocpiStatusCode(), answer.body(), began, down,
                            ok, refused, slowest, lastOk, violations, "PATCH EVSE " + uid);
                    if (success) {
                        acked.merge(uid, new Acked(status, at),
                                (old, neu) -> neu.lastUpdated().isAfter(old.lastUpdated()) ? neu : old);
                    }
                }
            } catch (RuntimeException | com.rollyy.cposim.SimulatorException e) {
                violations.add("no answer: " + e.getMessage());
            }
        }
    }

    private static boolean classify(int http, Integer ocpi, String body, Instant began, AtomicBoolean down,
                                    AtomicLong ok, AtomicLong refused, AtomicLong slowest, AtomicLong lastOk,
                                    List<String> violations, String what) {
        long millis = Duration.between(began, Instant.now()).toMillis();
        slowest.accumulateAndGet(millis, Math::max);
        if (http == 200 && Integer.valueOf(1000).equals(ocpi)) {
            ok.incrementAndGet();
            lastOk.accumulateAndGet(began.toEpochMilli(), Math::max);
            return true;
        }
        boolean storage = http == 503 && (Integer.valueOf(3000).equals(ocpi) || body.contains("storage_unavailable"));
        if (storage) {
            refused.incrementAndGet();
        } else if (violations.size() < 50) {
            violations.add(what + " answered HTTP " + http + " / " + ocpi + ": "
                    + body.substring(0, Math.min(200, body.length())));
        }
        return false;
    }
}
