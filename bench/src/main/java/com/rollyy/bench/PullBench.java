package com.rollyy.bench;

import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The pull benchmark: {@code POST /ocpi/2.2.1/locations/sync/{connection_id}} makes the eMSP page
 * through the simulator's Locations Sender interface and store every Location and EVSE.
 */
final class PullBench {

    /** A pull of 100,000 Locations should take seconds; this only stops a hung run. */
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private PullBench() {
    }

    /** How often the live heap is probed during a pull (a full GC each time). */
    static final Duration LIVE_PROBE_PERIOD = Duration.ofSeconds(10);

    /**
     * @param liveDuring the highest live heap (after a full GC) of the probes taken every
     *                   {@link #LIVE_PROBE_PERIOD} while the pull ran, 0 if it was shorter
     */
    record Result(double seconds, JsonNode answer, HeapSampler.Peaks heap, ResourceSnapshot.Delta resources,
                  Map<String, Long> pg, PgStats.ActivitySampler activity, long liveDuring) {

        int synced() {
            return answer.path("synced").asInt(-1);
        }
    }

    static Result run(BenchContext b, boolean full) throws Exception {
        var pgBefore = b.pg().counters();
        b.heap().reset();
        var before = b.resources();
        long t0 = System.nanoTime();
        ProductApi.Answer answer;
        var liveDuring = new java.util.concurrent.atomic.AtomicLong();
        // a pull has no latency target: a full GC every 10 s (about 1 % of its time, at any size) shows
        // whether it holds anything per pulled object while it runs
        Thread probe = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(LIVE_PROBE_PERIOD.toMillis());
                    System.gc(); // one full, compacting collection: what is left is reachable
                    liveDuring.accumulateAndGet(java.lang.management.ManagementFactory.getMemoryMXBean()
                            .getHeapMemoryUsage().getUsed(), Math::max);
                }
            } catch (InterruptedException e) {
                // the pull has answered
            }
        }, "bench-live-probe");
        probe.setDaemon(true);
        try (var activity = b.activitySampler()) {
            probe.start();
            try {
                answer = b.api().post("/ocpi/2.2.1/locations/sync/" + b.connectionId() + (full ? "?full=true" : ""),
                        null, TIMEOUT);
            } finally {
                probe.interrupt();
                probe.join();
            }
            long t1 = System.nanoTime();
            var resources = b.resources().since(before);
            var peaks = b.heap().peaks();
            if (answer.status() != 200 || answer.json() == null) {
                throw new IllegalStateException("sync answered HTTP " + answer.status() + ": " + answer.body());
            }
            Thread.sleep(1500); // let the backends flush their statistics
            var pg = PgStats.minus(b.pg().counters(), pgBefore);
            return new Result((t1 - t0) / 1e9, answer.json(), peaks, resources, pg, activity, liveDuring.get());
        }
    }
}
