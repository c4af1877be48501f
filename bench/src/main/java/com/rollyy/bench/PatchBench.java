package com.rollyy.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.cposim.ocpi.SimResponse;

/**
 * The PATCH benchmark: a fixed number of threads call {@link CpoSimulator#patchEvseStatus} as
 * fast as they can, so the simulator pushes {@code PATCH {locations}/NL/SIM/{loc}/{evse}} with
 * {@code {"status","last_updated"}} to the eMSP. Request number {@code k} (a global sequence)
 * goes to EVSE {@code k mod 3N}, walking every Location before it comes back to one (so two
 * requests in flight never lock the same Location row). Its {@code last_updated} is
 * {@code base + k ms}: later than anything stored and than every earlier request, so no PATCH is
 * stale and, as with real status changes, every PATCH also moves its Location's
 * {@code last_updated}. The status alternates CHARGING/AVAILABLE with each round over the EVSEs.
 * What each EVSE was last sent follows from the sequence alone, so the bench keeps no state per
 * EVSE: its own heap does not grow with the dataset (the scaling pass compares heaps).
 */
final class PatchBench {

    /** Latencies are recorded in microseconds, up to one minute, with 3 significant digits. */
    private static final long MAX_MICROS = 60_000_000L;
    /** A hard cap on requests per phase, far above what 2 cores can do; time is the real limit. */
    private static final long MAX_REQUESTS_PER_SECOND = 100_000L;
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private final BenchContext b;
    private final int locations;
    private final int evses;
    private final AtomicLong sequence = new AtomicLong();
    private final Instant base;

    PatchBench(BenchContext b, int locations) {
        this.b = b;
        this.locations = locations;
        this.evses = locations * 3;
        // newer than every generated last_updated (2026-01-01 + index minutes) and than now
        Instant afterDataset = Instant.parse("2026-01-01T00:00:00Z").plus(locations + 1L, ChronoUnit.MINUTES);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        this.base = (now.isAfter(afterDataset) ? now : afterDataset).plus(1, ChronoUnit.HOURS);
    }

    Instant base() {
        return base;
    }

    /**
     * @param senderCpuNanos CPU time of the sender threads (they run the simulator's client code);
     *                       measured by each thread itself because the threads end with the phase
     */
    record Phase(double seconds, long requests, long errors, long stale, Histogram latencyMicros,
                 List<String> errorSamples, long senderCpuNanos) {

        double perSecond() {
            return requests / seconds;
        }

        double millisAt(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** One request of a load run: null when it succeeded, {@link #STALE}, or what went wrong. */
    interface Request {
        String send() throws Exception;
    }

    static final String STALE = "stale";

    /** Runs {@code threads} senders for {@code seconds} PATCHing EVSEs; requests in flight at the end are counted. */
    Phase run(int threads, int seconds, String name) throws InterruptedException {
        return load(threads, seconds, "patch-" + name, () -> {
            long k = sequence.getAndIncrement();
            int e = (int) (k % evses);
            int location = e % locations + 1;    // consecutive requests: different Locations
            int evse = e / locations + 1;
            String status = status(k / evses + 1);
            SimResponse r = b.sim().patchEvseStatus(location, evse, status, base.plusMillis(k));
            Integer code = r.ocpiStatusCode();
            if (r.status() != 200 || code == null || code != 1000) {
                return "HTTP " + r.status() + " " + r.body();
            }
            return r.body().contains("Ignored") ? STALE : null;
        });
    }

    /**
     * Runs {@code threads} threads that send {@code request} back to back for {@code seconds}
     * (and at most {@link #MAX_REQUESTS_PER_SECOND} × seconds requests), timing each call.
     */
    static Phase load(int threads, int seconds, String name, Request request) throws InterruptedException {
        long maxRequests = MAX_REQUESTS_PER_SECOND * seconds;
        AtomicLong issued = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong stale = new AtomicLong();
        AtomicLong senderCpu = new AtomicLong();
        var errorSamples = new ConcurrentLinkedQueue<String>();
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bench-" + name + "-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<Histogram>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(() -> {
                Histogram h = new Histogram(MAX_MICROS, 3);
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                while (System.nanoTime() < deadline && issued.incrementAndGet() <= maxRequests) {
                    long t0 = System.nanoTime();
                    String problem;
                    try {
                        problem = request.send();
                    } catch (Exception ex) {
                        problem = ex.toString();
                    }
                    long micros = (System.nanoTime() - t0) / 1000;
                    h.recordValue(Math.min(Math.max(micros, 1), MAX_MICROS));
                    if (STALE.equals(problem)) {
                        stale.incrementAndGet();
                    } else if (problem != null && errors.incrementAndGet() <= 5) {
                        errorSamples.add(problem.length() > 300 ? problem.substring(0, 300) : problem);
                    }
                }
                senderCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu0);
                return h;
            }));
        }
        pool.shutdown();
        // every request has the simulator's 10 s outbound timeout: a minute of slack is plenty
        if (!pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            throw new IllegalStateException("senders did not stop within " + (seconds + 60) + " s");
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Histogram all = new Histogram(MAX_MICROS, 3);
        for (Future<Histogram> f : futures) {
            try {
                all.add(f.get());
            } catch (java.util.concurrent.ExecutionException ex) {
                throw new IllegalStateException("sender failed", ex.getCause());
            }
        }
        return new Phase(elapsed, all.getTotalCount(), errors.get(), stale.get(), all, List.copyOf(errorSamples),
                senderCpu.get());
    }

    /** The status of an EVSE's {@code version}-th PATCH (1-based). */
    private static String status(long version) {
        return version % 2 == 1 ? "CHARGING" : "AVAILABLE";
    }

    /** How many EVSEs got at least one PATCH: every request number was sent, from 0 on. */
    int patchedEvses() {
        return (int) Math.min(evses, sequence.get());
    }

    /** The number of the last request sent to EVSE {@code e}, or -1 if none was. */
    private long lastRequest(int e) {
        long sent = sequence.get();
        return e >= sent ? -1 : e + (long) evses * ((sent - 1 - e) / evses);
    }

    /**
     * Compares the stored rows with the last PATCH sent to up to {@code max} EVSEs (spread over
     * the sequence): status and last_updated must match. Returns the mismatches found.
     */
    List<String> verifySample(int max) {
        var problems = new ArrayList<String>();
        int patched = (int) Math.min(evses, sequence.get());
        int step = Math.max(1, patched / max);
        var party = b.sim().config();
        for (int e = 0; e < patched && problems.size() < 10; e += step) {
            long last = lastRequest(e);
            if (last < 0) {
                continue;
            }
            int location = e % locations + 1;
            int evse = e / locations + 1;
            String locationId = String.format("LOC%06d", location);
            String uid = locationId + "-E" + evse;
            String expectedStatus = status(last / evses + 1);
            Instant expectedUpdated = base.plusMillis(last);
            var row = b.jdbc().sql("select status, last_updated from evse where country_code = ?"
                            + " and party_id = ? and location_id = ? and uid = ?")
                    .params(party.countryCode(), party.partyId(), locationId, uid)
                    .query((rs, n) -> Map.entry(rs.getString(1), rs.getTimestamp(2).toInstant()))
                    .optional();
            if (row.isEmpty()) {
                problems.add(uid + " missing");
            } else if (!row.get().getKey().equals(expectedStatus) || !row.get().getValue().equals(expectedUpdated)) {
                problems.add(uid + " holds " + row.get().getKey() + "@" + row.get().getValue() + ", expected "
                        + expectedStatus + "@" + expectedUpdated);
            }
        }
        return problems;
    }
}
