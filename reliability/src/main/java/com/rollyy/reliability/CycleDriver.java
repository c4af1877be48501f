package com.rollyy.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.rollyy.cposim.commands.ReceivedCommand;
import com.rollyy.cposim.sessions.SessionSnapshot;
import com.rollyy.emsp.support.FakeRobotBackend;
import com.rollyy.emsp.support.TestHttp;

/**
 * Drives robot jobs through the product API the way robots do (re-sending a START that never got
 * through, a STOP for a job still charging) and checks the invariants of the charging cycle once
 * the system has converged: see {@link CrashScenario}.
 */
final class CycleDriver {

    static final Duration CONVERGE = Duration.ofSeconds(90);
    private static final Set<String> ONCE_PER_SESSION = Set.of("session.started", "session.stopped",
            "session.completed", "cdr.priced", "payment.succeeded");

    private final World world;
    private final Supplier<? extends Reachable> via;
    final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cycle-driver");
        t.setDaemon(true);
        return t;
    });
    private int assetCursor;
    long duplicateDeliveries;
    long doubleCharges;
    long cdrsPaid;
    long eventsDelivered;
    long jobsCompleted;
    long jobsFailed;
    final Map<String, Long> failureReasons = new java.util.TreeMap<>();

    CycleDriver(World world, Supplier<? extends Reachable> via) {
        this.world = world;
        this.via = via;
    }

    /** New robot jobs, each with an EVSE of its own. */
    Map<String, String> newJobs(int count, String tag) {
        Map<String, String> assetOf = new java.util.LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            var created = world.api(via.get(), "POST", "/v1/robot-jobs", """
                    {"robot_id":"robot-%d","job_type":"charging","vehicle_id":"EV-%s-%d"}""".formatted(i, tag, i));
            World.require(created.status() == 201, "job: " + created);
            assetOf.put(created.json().get("rollyy_id").asString(),
                    world.assets.get(assetCursor++ % world.assets.size()).get("asset_id").asString());
        }
        return assetOf;
    }

    void startAll(Map<String, String> assetOf) {
        parallel(new ArrayList<>(assetOf.keySet()), job -> start(job, assetOf.get(job)));
    }

    void stopAll(Map<String, String> assetOf) {
        parallel(new ArrayList<>(assetOf.keySet()), this::stop);
    }

    /** The CPO's sessions of these jobs that are charging take some energy (a PATCH each). */
    void charge(Map<String, String> assetOf, java.util.Random random) {
        Object[] ids = assetOf.keySet().stream().map(UUID::fromString).toArray();
        String in = assetOf.keySet().stream().map(j -> "?").collect(Collectors.joining(","));
        Set<String> refs = world.db.rows("select id from job_session where robot_job_id in (" + in + ")", ids)
                .stream().map(r -> (String) r.get("id")).collect(Collectors.toSet());
        for (SessionSnapshot s : world.sim.sessions()) {
            if (refs.contains(s.authorizationReference()) && "ACTIVE".equals(s.status())) {
                world.sim.advanceSession(s.id(), java.math.BigDecimal.valueOf(2 + random.nextInt(30)),
                        Duration.ofMinutes(10 + random.nextInt(50)));
            }
        }
    }

    /** Until every job is charging or over, re-sending STARTs that never got through. */
    void awaitCharging(Map<String, String> assetOf) {
        drive(assetOf, Set.of("charging", "failed", "completed"), false);
    }

    /** Until every job is over, re-sending STOPs for jobs still charging. */
    void awaitOver(Map<String, String> assetOf) {
        drive(assetOf, Set.of("completed", "failed"), true);
    }

    private void start(String job, String asset) {
        world.tryApi(via.get(), "POST", "/ocpi/2.2.1/commands/START_SESSION", """
                {"robot_job_id":"%s","asset_id":"%s"}""".formatted(job, asset));
    }

    private void stop(String job) {
        world.tryApi(via.get(), "GET", "/v1/robot-jobs/" + job, null).ifPresent(view -> {
            String session = view.json().path("charging_session_id").asString(null);
            if (session != null) {
                world.tryApi(via.get(), "POST", "/ocpi/2.2.1/commands/STOP_SESSION",
                        "{\"session_id\":\"" + session + "\"}");
            }
        });
    }

    /**
     * What a robot does while it waits: reads its job; re-sends a START that never got through
     * (job still queued) and, when it wants to finish, a STOP for a job still charging (every 4 s).
     */
    private void drive(Map<String, String> assetOf, Set<String> until, boolean stopCharging) {
        List<String> jobs = new ArrayList<>(assetOf.keySet());
        Instant deadline = Instant.now().plus(CONVERGE);
        Map<String, Instant> lastPoke = new HashMap<>();
        while (Instant.now().isBefore(deadline)) {
            boolean done = true;
            for (String job : jobs) {
                String status = world.tryApi(via.get(), "GET", "/v1/robot-jobs/" + job, null)
                        .map(r -> r.json().path("status").asString("?")).orElse("?");
                if (until.contains(status)) {
                    continue;
                }
                done = false;
                Instant last = lastPoke.get(job);
                if (last != null && last.isAfter(Instant.now().minusSeconds(4))) {
                    continue;
                }
                if (status.equals("queued")) {
                    start(job, assetOf.get(job));
                    lastPoke.put(job, Instant.now());
                } else if (status.equals("charging") && stopCharging) {
                    stop(job);
                    lastPoke.put(job, Instant.now());
                }
            }
            if (done) {
                return;
            }
            EmspProcess.sleep(200);
        }
    }

    /** Waits until everything that must happen has happened (or the time is up), then checks. */
    long converge(List<String> jobs, List<String> violations) {
        Instant deadline = Instant.now().plus(CONVERGE);
        long lost = 0;
        while (Instant.now().isBefore(deadline)) {
            violations.clear();
            lost = check(jobs, violations, false);
            if (violations.isEmpty()) {
                break;
            }
            EmspProcess.sleep(300);
        }
        violations.clear();
        return check(jobs, violations, true);
    }

    private long check(List<String> jobs, List<String> violations, boolean last) {
        // how often each CDR id is stored, read once per check (not one query per CDR)
        Map<String, Long> storedCdrs = world.db.rows("select id, count(*) as n from cdr group by id").stream()
                .collect(Collectors.toMap(r -> (String) r.get("id"), r -> ((Number) r.get("n")).longValue()));
        long lost = 0;
        Object[] jobIds = jobs.stream().map(UUID::fromString).toArray();
        String in = jobs.stream().map(j -> "?").collect(Collectors.joining(","));
        var jobRows = world.db.rows("select id::text as id, status, failure_reason from robot_job where id in (" + in
                + ")", jobIds);
        for (var row : jobRows) {
            if (!Set.of("completed", "failed").contains(row.get("status"))) {
                violations.add("job " + row.get("id") + " still " + row.get("status"));
            }
        }
        Set<String> refs = world.db.rows("select id from job_session where robot_job_id in (" + in + ")", jobIds)
                .stream().map(r -> (String) r.get("id")).collect(Collectors.toSet());
        List<SessionSnapshot> cpoSessions = world.sim.sessions().stream()
                .filter(s -> s.authorizationReference() != null && refs.contains(s.authorizationReference())).toList();
        for (SessionSnapshot s : cpoSessions) {
            if (!"COMPLETED".equals(s.status())) {
                violations.add("CPO session " + s.id() + " still " + s.status() + " (nobody stops it)");
            }
        }
        // sessions no job of ours knows of (a START we lost track of) must not be charging either
        for (SessionSnapshot s : world.sim.sessions()) {
            if (!refs.contains(s.authorizationReference()) && !"COMPLETED".equals(s.status())
                    && world.db.count("select count(*) from job_session where id = ?",
                    String.valueOf(s.authorizationReference())) == 0) {
                violations.add("CPO session " + s.id() + " " + s.status() + " with a reference no job knows: "
                        + s.authorizationReference());
            }
        }
        for (var cdr : world.sim.cdrs()) {
            if (storedCdrs.getOrDefault(cdr.id(), 0L) != 1) {
                violations.add("CDR " + cdr.id() + " (session " + cdr.sessionId() + ") not stored");
            }
        }
        Map<String, Long> startsPerRef = world.sim.commands().stream()
                .filter(c -> c.command().equals("START_SESSION"))
                .map(CycleDriver::reference).filter(refs::contains)
                .collect(Collectors.groupingBy(r -> r, Collectors.counting()));
        startsPerRef.forEach((ref, n) -> {
            if (n > 1) {
                violations.add("START_SESSION sent " + n + " times for " + ref);
            }
        });
        // every CDR the CPO made for these sessions: stored once, paid once, for its amount
        var intents = world.stripe.paymentIntents();
        for (SessionSnapshot s : cpoSessions) {
            if (s.cdrId() == null) {
                continue;
            }
            var cdr = world.sim.cdrs().stream().filter(c -> c.id().equals(s.cdrId())).findFirst().orElseThrow();
            if (storedCdrs.getOrDefault(cdr.id(), 0L) != 1) {
                violations.add("CDR " + cdr.id() + " not stored");
                lost++;
                continue;
            }
            var payments = world.db.rows("select id::text as id, status, amount_minor from payment where cdr_id = ?"
                    + " and kind = 'CHARGE'", cdr.id());
            if (payments.size() != 1 || !"SUCCEEDED".equals(payments.get(0).get("status"))) {
                violations.add("CDR " + cdr.id() + " payments " + payments);
                lost++;
                continue;
            }
            long charged = intents.stream()
                    .filter(i -> i.get("metadata") instanceof Map<?, ?> m
                            && String.valueOf(m.get("cdr")).endsWith("/" + cdr.id()))
                    .filter(i -> "succeeded".equals(i.get("status"))).count();
            long minor = cdr.totalCostInclVat().movePointRight(2).setScale(0, java.math.RoundingMode.HALF_UP)
                    .longValueExact();
            if (minor == 0 ? charged != 0 : charged != 1) {
                violations.add("CDR " + cdr.id() + " charged " + charged + " times at Stripe (of " + intents.size()
                        + " PaymentIntents" + (intents.isEmpty() ? "" : ", e.g. " + intents.get(0)) + ")");
                if (last && charged > 1) {
                    doubleCharges += charged - 1;
                }
            } else if (((Number) payments.get(0).get("amount_minor")).longValue() != minor) {
                violations.add("CDR " + cdr.id() + " charged " + payments.get(0).get("amount_minor") + " not " + minor);
            }
            if (last) {
                cdrsPaid++;
            }
        }
        // webhooks: every event delivered, validly signed; once-per-session events once
        var events = world.db.rows("select id::text as id, type, status, robot_job_id::text as job from webhook_event"
                + " where robot_job_id in (" + in + ")", jobIds);
        Map<String, List<FakeRobotBackend.Delivery>> delivered = world.robot.deliveries().stream()
                .filter(d -> d.eventId() != null).collect(Collectors.groupingBy(FakeRobotBackend.Delivery::eventId));
        Map<String, Long> perJobAndType = new HashMap<>();
        for (var event : events) {
            String id = (String) event.get("id");
            var copies = delivered.getOrDefault(id, List.of());
            if (copies.isEmpty() || !"DELIVERED".equals(event.get("status"))) {
                violations.add("event " + event.get("type") + " " + id + " " + event.get("status") + ", received "
                        + copies.size() + "x");
                lost++;
            } else if (copies.stream().anyMatch(d -> !d.signatureValid())) {
                violations.add("event " + id + " with a bad signature");
            }
            if (last) {
                eventsDelivered++;
                duplicateDeliveries += Math.max(0, copies.size() - 1);
            }
            if (ONCE_PER_SESSION.contains((String) event.get("type"))) {
                perJobAndType.merge(event.get("job") + " " + event.get("type"), 1L, Long::sum);
            }
        }
        perJobAndType.forEach((key, n) -> {
            if (n > 1) {
                violations.add(key + " emitted " + n + " times");
            }
        });
        for (var job : jobRows) {
            if ("completed".equals(job.get("status")) && world.db.count("select count(*) from job_session js"
                    + " join cdr c on c.id = js.cdr_id where js.robot_job_id = ?::uuid", job.get("id")) == 0) {
                violations.add("job " + job.get("id") + " completed without a stored CDR");
            }
        }
        if (last) {
            jobsCompleted += jobRows.stream().filter(j -> "completed".equals(j.get("status"))).count();
            jobsFailed += jobRows.stream().filter(j -> "failed".equals(j.get("status"))).count();
            jobRows.stream().filter(j -> "failed".equals(j.get("status")))
                    .forEach(j -> failureReasons.merge(String.valueOf(j.get("failure_reason")), 1L, Long::sum));
        }
        Set<String> jobIdSet = new HashSet<>(jobs);
        for (var job : jobRows) {
            if ("completed".equals(job.get("status")) && perJobAndType.getOrDefault(job.get("id")
                    + " session.completed", 0L) == 0) {
                violations.add("job " + job.get("id") + " completed without a session.completed event");
                lost++;
            }
        }
        if (!jobIdSet.isEmpty() && jobRows.size() != jobIdSet.size()) {
            violations.add("robot jobs lost: " + (jobIdSet.size() - jobRows.size()));
            lost += jobIdSet.size() - jobRows.size();
        }
        return lost;
    }

    private static String reference(ReceivedCommand command) {
        var body = TestHttp.parse(command.body());
        return body.path("authorization_reference").asString("");
    }

    private void parallel(List<String> jobs, java.util.function.Consumer<String> action) {
        List<Future<?>> futures = new ArrayList<>();
        for (String job : jobs) {
            futures.add(pool.submit(() -> action.accept(job)));
        }
        futures.forEach(CycleDriver::join);
    }

    static void join(Future<?> future) {
        if (future == null) {
            return;
        }
        try {
            future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
