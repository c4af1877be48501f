package com.rollyy.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import com.rollyy.cposim.CommandBehaviour;
import com.rollyy.cposim.ocpi.RecordedRequest;

/**
 * Two eMSP instances on one database behind a round-robin load balancer: robot calls, CPO pushes
 * and callbacks land on either. Each round drives robot jobs through the whole cycle with Stripe
 * and the robot backend failing at first (so payments and deliveries are retried), lets one START
 * go unanswered (so a command deadline fires), creates a token (pushed to the CPO), while periodic
 * pulls run every few seconds. Checked: every payment, webhook delivery, command deadline, token
 * push and periodic pull happened exactly once across both instances.
 */
final class TwoInstancesScenario {

    private static final int JOBS_PER_ROUND = 4;
    private static final Duration PULL_INTERVAL = Duration.ofSeconds(4);
    /** A second product API key with a small shared rate limit: burst 10, a token back every 100 s. */
    private static final String LIMITED_KEY = "reliability-limited-key";
    private static final int LIMITED_BURST = 10;

    private final World world;
    private final Random random;
    private final Outcome outcome = new Outcome("two-instances", "two instances on one database behind a"
            + " round-robin load balancer; payments and webhooks retried, command deadlines, token pushes,"
            + " periodic pulls");

    TwoInstancesScenario(World world, Random random) {
        this.world = world;
        this.random = random;
    }

    Outcome run(int rounds) {
        List<EmspProcess> instances = new ArrayList<>();
        // rate limits on: unlimited in practice for everything the rounds do, small for LIMITED_KEY
        String limited = "ROLLYY_RATELIMIT_APIKEYS_" + keyId(LIMITED_KEY).toUpperCase(java.util.Locale.ROOT);
        world.env("ROLLYY_RATE_LIMIT_ENABLED", "true")
                .env("ROLLYY_RATE_LIMIT_OCPI_PER_SECOND", "1000000").env("ROLLYY_RATE_LIMIT_OCPI_BURST", "10000000")
                .env("ROLLYY_RATE_LIMIT_API_PER_SECOND", "1000000").env("ROLLYY_RATE_LIMIT_API_BURST", "10000000")
                .env("ROLLYY_API_KEYS", LIMITED_KEY)
                .env(limited + "_PERSECOND", "0.01").env(limited + "_BURST", Integer.toString(LIMITED_BURST));
        try (var proxy = new RoundRobinProxy(instances)) {
            // both advertise the load balancer's URL, as behind a real one
            instances.add(world.newInstance("a", proxy.url()));
            instances.add(world.newInstance("b", proxy.url()));
            instances.forEach(EmspProcess::start);
            AtomicInteger turn = new AtomicInteger();
            var driver = new CycleDriver(world, () -> instances.get(Math.floorMod(turn.getAndIncrement(), 2)));
            world.connect(proxy);
            Instant watchFrom = Instant.now();
            long deliveriesBefore = 0;
            for (int round = 1; round <= rounds; round++) {
                List<String> violations = new ArrayList<>();
                long lost = 0;
                // retries: the first Stripe call and the first webhook deliveries fail
                world.stripe.failNext(1 + random.nextInt(2));
                world.robot.refuseNext(1 + random.nextInt(3));
                var jobs = driver.newJobs(JOBS_PER_ROUND, "r" + round);
                driver.startAll(jobs);
                driver.awaitCharging(jobs);
                driver.charge(jobs, random);
                driver.stopAll(jobs);
                driver.awaitOver(jobs);
                lost += driver.converge(new ArrayList<>(jobs.keySet()), violations);
                long duplicates = driver.duplicateDeliveries - deliveriesBefore;
                deliveriesBefore = driver.duplicateDeliveries;
                if (duplicates > 0) {
                    violations.add(duplicates + " webhook events delivered twice without any crash");
                }
                lost += commandDeadlineOnce(driver, violations);
                tokenPushedOnce(instances.get(round % 2), round, violations);
                outcome.run(violations, lost);
                System.out.printf("  two-instances round %d/%d: %d failed so far%n", round, rounds, outcome.failedRuns);
            }
            periodicPullsOnce(watchFrom, rounds);
            rateLimitShared(instances);
            outcome.figure("requests served through the load balancer: instance a " + proxy.served(0) + ", b "
                    + proxy.served(1));
            outcome.figure(driver.cdrsPaid + " CDRs paid (each exactly once at Stripe, " + driver.doubleCharges
                    + " double charges), " + driver.eventsDelivered + " webhook events delivered, "
                    + driver.duplicateDeliveries + " twice");
        }
        return outcome;
    }

    /**
     * Requests with LIMITED_KEY alternate between the two instances: together they allow its burst
     * once (plus at most one unsynchronized token per instance, docs/configuration.md), not once each.
     */
    private void rateLimitShared(List<EmspProcess> instances) {
        int allowed = 0;
        int refused = 0;
        List<String> violations = new ArrayList<>();
        for (int i = 0; i < 3 * LIMITED_BURST; i++) {
            var answer = com.rollyy.emsp.support.TestHttp.request("GET", instances.get(i % 2).url("/ocpi/connections"))
                    .apiKey(LIMITED_KEY).send();
            if (answer.status() == 200) {
                allowed++;
            } else if (answer.status() == 429 && answer.header("Retry-After") != null) {
                refused++;
            } else {
                violations.add("rate-limited key: unexpected " + answer);
            }
        }
        if (allowed < LIMITED_BURST || allowed > LIMITED_BURST + instances.size()) {
            violations.add("rate limit not shared: " + allowed + " of " + 3 * LIMITED_BURST + " requests allowed"
                    + " across both instances with a burst of " + LIMITED_BURST);
        }
        outcome.afterRuns("shared rate limit", violations);
        outcome.figure("rate limit shared by both instances: " + allowed + " of " + 3 * LIMITED_BURST
                + " requests alternating between them allowed with one key of burst " + LIMITED_BURST + ", "
                + refused + " answered 429 with Retry-After");
    }

    /** The id the eMSP gives an API key: the first 12 hex digits of its SHA-256. */
    private static String keyId(String key) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A START the CPO accepts but never follows up: the deadline fails the job once. */
    private long commandDeadlineOnce(CycleDriver driver, List<String> violations) {
        world.sim.knobs().setCommandBehaviour(CommandBehaviour.ACCEPT_NO_RESULT);
        var jobs = driver.newJobs(1, "deadline");
        try {
            driver.startAll(jobs);
        } finally {
            world.sim.knobs().setCommandBehaviour(CommandBehaviour.ACCEPT);
        }
        String job = jobs.keySet().iterator().next();
        Instant until = Instant.now().plus(CycleDriver.CONVERGE);
        while (Instant.now().isBefore(until) && world.db.count("select count(*) from robot_job where id = ?::uuid"
                + " and status = 'failed'", job) == 0) {
            EmspProcess.sleep(200);
        }
        // give a second run of the deadline (on the other instance) the time to show up
        EmspProcess.sleep(1500);
        long failedEvents = world.db.count("select count(*) from webhook_event where robot_job_id = ?::uuid"
                + " and type = 'session.start_failed'", job);
        if (failedEvents != 1) {
            violations.add("command deadline: " + failedEvents + " session.start_failed events for job " + job);
        }
        return failedEvents == 0 ? 1 : 0;
    }

    /** A token created on one instance is pushed to the CPO once. */
    private void tokenPushedOnce(EmspProcess via, int round, List<String> violations) {
        String uid = "REL" + round + "X" + random.nextInt(1_000_000);
        var created = world.api(via, "POST", "/v1/tokens", """
                {"uid":"%s","type":"RFID","contract_id":"NL-RYY-C%s"}""".formatted(uid, uid));
        if (created.status() != 201) {
            violations.add("token create: " + created);
            return;
        }
        Instant until = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(until) && pushesOf(uid) == 0) {
            EmspProcess.sleep(100);
        }
        EmspProcess.sleep(1000);
        long pushes = pushesOf(uid);
        if (pushes != 1) {
            violations.add("token " + uid + " pushed " + pushes + " times");
        }
    }

    private long pushesOf(String uid) {
        return world.sim.requests().stream().filter(r -> r.method().equals("PUT") && r.path().contains("/tokens/")
                && r.pathWithoutQuery().endsWith("/" + uid)).count();
    }

    /** First pages of periodic pulls: never two of one module closer than the interval allows. */
    private void periodicPullsOnce(Instant from, int rounds) {
        Map<String, List<Instant>> starts = new HashMap<>();
        for (RecordedRequest r : world.sim.requests()) {
            if (!r.method().equals("GET") || r.receivedAt().isBefore(from)) {
                continue;
            }
            for (String module : List.of("locations", "tariffs", "cdrs")) {
                if (r.pathWithoutQuery().equals("/ocpi/2.2.1/" + module)
                        && (!r.path().contains("offset=") || r.path().contains("offset=0&")
                        || r.path().endsWith("offset=0"))) {
                    starts.computeIfAbsent(module, m -> new ArrayList<>()).add(r.receivedAt());
                }
            }
        }
        List<String> violations = new ArrayList<>();
        int pulls = 0;
        for (var entry : starts.entrySet()) {
            var times = entry.getValue().stream().sorted().toList();
            pulls += times.size();
            for (int i = 1; i < times.size(); i++) {
                long gap = Duration.between(times.get(i - 1), times.get(i)).toMillis();
                if (gap < PULL_INTERVAL.toMillis() / 2) {
                    violations.add(entry.getKey() + " pulled twice within " + gap + " ms");
                }
            }
        }
        if (pulls == 0) {
            violations.add("no periodic pull at all");
        }
        outcome.figure(pulls + " periodic pulls of locations, tariffs and CDRs (every " + PULL_INTERVAL.toSeconds()
                + " s per module), " + violations.size() + " duplicated" + (violations.isEmpty() ? ""
                : ": " + violations));
        if (!violations.isEmpty()) {
            outcome.failedRuns++;
            outcome.failures.add(String.join("; ", violations));
        }
    }
}
