package com.rollyy.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

import com.rollyy.cposim.CommandBehaviour;

/**
 * The robot charging cycle through the product API, against the simulator:
 * <ol>
 *   <li><b>START overhead</b>: one thread sends START_SESSION after START_SESSION (a new job each
 *   time) while the simulator delays every answer by a fixed latency and sends nothing after
 *   it; the overhead is our round trip minus that latency;</li>
 *   <li><b>cycles</b>: T threads each run full cycles as fast as they can: create job → START →
 *   (result, session PUT) active → one PATCH of charging → STOP → (result, COMPLETED PUT, CDR)
 *   → job completed and the payment recorded.</li>
 * </ol>
 */
final class CycleBench {

    private static final long MAX_MICROS = 60_000_000L;

    private final BenchContext b;
    private final List<String[]> targets;

    CycleBench(BenchContext b) throws Exception {
        this.b = b;
        var assets = b.api().get("/v1/charging-assets?limit=200", Duration.ofSeconds(30)).json();
        this.targets = new ArrayList<>();
        for (JsonNode a : assets) {
            targets.add(new String[] {a.get("location").get("id").asString(), a.get("evse_uid").asString()});
        }
        if (targets.isEmpty()) {
            throw new IllegalStateException("no charging assets: pull the Locations first");
        }
    }

    record Result(double seconds, long count, long errors, Histogram micros, List<String> errorSamples) {

        double perSecond() {
            return count / seconds;
        }

        double millisAt(double percentile) {
            return micros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** Sequential STARTs; the simulator answers after {@code latencyMillis} and does nothing else. */
    Result startRoundTrips(int warmup, int measured, long latencyMillis) throws Exception {
        b.sim().knobs().setCommandBehaviour(CommandBehaviour.ACCEPT_NO_RESULT).setCommandTimeoutSeconds(600)
                .setLatencyMillis(latencyMillis);
        try {
            // jobs are created beforehand: only the START itself is timed
            var jobs = new ArrayList<String>();
            for (int i = 0; i < warmup + measured; i++) {
                jobs.add(newJob());
            }
            run(1, warmup, n -> startOnce(jobs.get(n), n));
            return run(1, measured, n -> startOnce(jobs.get(warmup + n), n));
        } finally {
            b.sim().knobs().setCommandBehaviour(CommandBehaviour.ACCEPT).setCommandTimeoutSeconds(30)
                    .setLatencyMillis(0);
        }
    }

    /**
     * The floor of the START round trip: the same StartSession body POSTed straight to the
     * simulator's Commands Receiver from a plain JDK client (what the CPO alone costs).
     */
    Result directRoundTrips(int warmup, int measured, long latencyMillis) throws Exception {
        b.sim().knobs().setCommandBehaviour(CommandBehaviour.ACCEPT_NO_RESULT).setCommandTimeoutSeconds(600)
                .setLatencyMillis(latencyMillis);
        var http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        String auth = "Token " + java.util.Base64.getEncoder().encodeToString(
                b.sim().tokenIssuedToEmsp().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Step direct = n -> {
            String[] t = targets.get(n % targets.size());
            String body = """
                    {"response_url":"http://127.0.0.1:1/none","location_id":"%s","evse_uid":"%s",
                     "authorization_reference":"direct-%d","token":{"country_code":"NL","party_id":"RYY",
                     "uid":"direct-%d","type":"AD_HOC_USER","contract_id":"NL-RYY-DIRECT","issuer":"bench",
                     "valid":true,"whitelist":"NEVER","last_updated":"2026-01-01T00:00:00Z"}}"""
                    .formatted(t[0], t[1], n, n);
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(b.sim().commandsUrl()
                            + "/START_SESSION")).header("Authorization", auth).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
            var answer = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 && answer.body().contains("ACCEPTED") ? null
                    : "HTTP " + answer.statusCode() + " " + answer.body();
        };
        try {
            run(1, warmup, direct);
            return run(1, measured, direct);
        } finally {
            b.sim().knobs().setCommandBehaviour(CommandBehaviour.ACCEPT).setCommandTimeoutSeconds(30)
                    .setLatencyMillis(0);
        }
    }

    /** Full cycles from {@code threads} threads until {@code seconds} have passed. */
    Result cycles(int threads, int seconds) throws Exception {
        b.sim().knobs().setCommandBehaviour(CommandBehaviour.ACCEPT).setResultDelayMillis(0);
        return runFor(threads, seconds, this::cycleOnce);
    }

    private String startOnce(String job, int n) throws Exception {
        String[] t = targets.get(n % targets.size());
        var started = b.api().post("/ocpi/2.2.1/commands/START_SESSION", "{\"robot_job_id\":\"" + job
                + "\",\"location_id\":\"" + t[0] + "\",\"evse_uid\":\"" + t[1] + "\"}", Duration.ofSeconds(60));
        return started.status() == 200 ? null : "START HTTP " + started.status() + " " + started.body();
    }

    private String cycleOnce(int n) throws Exception {
        String job = newJob();
        String[] t = targets.get(n % targets.size());
        var started = b.api().post("/ocpi/2.2.1/commands/START_SESSION", "{\"robot_job_id\":\"" + job
                + "\",\"location_id\":\"" + t[0] + "\",\"evse_uid\":\"" + t[1] + "\"}", Duration.ofSeconds(60));
        if (started.status() != 200) {
            return "START HTTP " + started.status() + " " + started.body();
        }
        JsonNode view = await(job, v -> "active".equals(v.path("status").asString()));
        if (view == null) {
            return "session of job " + job + " never active";
        }
        String ocpiId = view.get("ocpi_session_id").asString();
        b.sim().advanceSession(ocpiId, new BigDecimal("12.5"), Duration.ofMinutes(45));
        // the robot stops by our session id, as START answered it: in the 10x pass a second CPO (the
        // second simulator) reuses the first one's session ids, and the CPO's id is then refused
        // as ambiguous (409), by design
        String ourId = view.get("session_id").asString();
        var stopped = b.api().post("/ocpi/2.2.1/commands/STOP_SESSION", "{\"session_id\":\"" + ourId + "\"}",
                Duration.ofSeconds(60));
        if (stopped.status() != 200) {
            return "STOP HTTP " + stopped.status() + " " + stopped.body();
        }
        JsonNode done = await(job, v -> "completed".equals(v.path("status").asString()) && v.hasNonNull("cdr_id"));
        if (done == null) {
            return "job " + job + " never completed with its CDR";
        }
        var payments = b.api().get("/v1/payments?robot_job_id=" + job, Duration.ofSeconds(30)).json();
        return payments != null && payments.size() == 1 ? null : "job " + job + ": " + payments;
    }

    private String newJob() throws Exception {
        var created = b.api().post("/v1/robot-jobs", "{\"robot_id\":\"bench\",\"job_type\":\"charging\"}",
                Duration.ofSeconds(30));
        if (created.status() != 201) {
            throw new IllegalStateException("POST /v1/robot-jobs answered " + created.status() + ": " + created.body());
        }
        return created.json().get("rollyy_id").asString();
    }

    private JsonNode await(String job, java.util.function.Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            var view = b.api().get("/ocpi/2.2.1/sessions/job/" + job, Duration.ofSeconds(30));
            if (view.status() == 200 && view.json() != null && condition.test(view.json())) {
                return view.json();
            }
            Thread.sleep(5);
        }
        return null;
    }

    interface Step {
        /** @return null when it worked, else what went wrong */
        String run(int n) throws Exception;
    }

    private static Result run(int threads, int total, Step step) throws Exception {
        var counter = new AtomicLong();
        return drive(threads, () -> counter.getAndIncrement() < total, step);
    }

    private static Result runFor(int threads, int seconds, Step step) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        return drive(threads, () -> System.nanoTime() < end, step);
    }

    private static Result drive(int threads, java.util.function.BooleanSupplier more, Step step) throws Exception {
        var histogram = new Histogram(MAX_MICROS, 3);
        var errors = new AtomicLong();
        var count = new AtomicLong();
        var samples = new ConcurrentLinkedQueue<String>();
        var sequence = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        var futures = new ArrayList<Future<?>>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(() -> {
                while (more.getAsBoolean()) {
                    int n = (int) sequence.getAndIncrement();
                    long t0 = System.nanoTime();
                    String error;
                    try {
                        error = step.run(n);
                    } catch (Exception e) {
                        error = e.toString();
                    }
                    long micros = (System.nanoTime() - t0) / 1000;
                    if (error == null) {
                        count.incrementAndGet();
                        synchronized (histogram) {
                            histogram.recordValue(Math.min(micros, MAX_MICROS));
                        }
                    } else {
                        errors.incrementAndGet();
                        if (samples.size() < 5) {
                            samples.add(error.length() > 300 ? error.substring(0, 300) : error);
                        }
                    }
                }
                return null;
            }));
        }
        for (var f : futures) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(seconds, count.get(), errors.get(), histogram, List.copyOf(samples));
    }
}
