package com.rollyy.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import com.rollyy.cposim.commands.ReceivedCommand;
import com.rollyy.cposim.sessions.SessionSnapshot;
import com.rollyy.emsp.support.FakeRobotBackend;
import com.rollyy.emsp.support.TestHttp;

/**
 * kill -9 at a random moment of one phase of the robot charging cycle, restart, let the system
 * converge (robots retry their own calls; the eMSP's pulls, deadlines and task revival do the
 * rest), then check what a payment-carrying party must guarantee:
 *
 * <ul>
 *   <li>every CDR the CPO made is stored once and paid exactly once (one PaymentIntent per CDR at
 *       Stripe, for the CDR's amount), nothing left unpaid;</li>
 *   <li>every command result, session update and CDR is applied once (each once-per-session event
 *       at most once), START is never sent twice, no session is left charging at the CPO;</li>
 *   <li>every webhook event is delivered at least once, validly signed, with one event id per
 *       event so the robot backend can drop duplicates.</li>
 * </ul>
 *
 * Phases: {@code COMMANDS} kills while STARTs, CommandResults and Session PUTs are in flight;
 * {@code CDR_PAYMENT} while STOPs, CDRs and Stripe calls are (Stripe answering 0-300 ms late);
 * {@code WEBHOOKS} while deliveries are (the robot backend answering 100-400 ms late).
 */
final class CrashScenario {

    enum Phase { COMMANDS, CDR_PAYMENT, WEBHOOKS }

    private static final int JOBS_PER_RUN = 4;

    private final World world;
    private final Phase phase;
    private final Random random;
    private final Outcome outcome;
    private final CycleDriver driver;
    private EmspProcess emsp;
    private long windowMillis;
    private final List<Long> restartMillis = new ArrayList<>();
    private final List<Long> convergeMillis = new ArrayList<>();

    CrashScenario(World world, Phase phase, Random random, Outcome outcome) {
        this.world = world;
        this.phase = phase;
        this.random = random;
        this.outcome = outcome;
        this.driver = new CycleDriver(world, () -> emsp);
    }

    Outcome run(int runs) {
        emsp = world.newInstance("a", null);
        emsp.start();
        world.connect(emsp);
        // a run without a kill: how long the phase takes, so kills fall anywhere inside it
        long calibration = oneRun(0, -1);
        windowMillis = Math.max(300, calibration);
        outcome.figure("kill window: 0-" + windowMillis + " ms after the phase starts (a run without a kill took "
                + calibration + " ms)");
        for (int run = 1; run <= runs; run++) {
            long delay = (long) (random.nextDouble() * windowMillis);
            oneRun(run, delay);
            System.out.printf("  %s run %d/%d: killed at %d ms; %d failed runs so far%n", outcome.scenario, run, runs,
                    delay, outcome.failedRuns);
        }
        outcome.figure(JOBS_PER_RUN * (runs + 1) + " robot jobs (with the calibration run); " + driver.cdrsPaid + " CDRs paid; "
                + driver.doubleCharges + " double charges; " + driver.eventsDelivered + " webhook events delivered, "
                + driver.duplicateDeliveries + " of them more than once (same event id)");
        outcome.figure(driver.jobsCompleted + " jobs completed, " + driver.jobsFailed + " failed "
                + (driver.failureReasons.isEmpty() ? "" : driver.failureReasons.toString())
                + " (a START cut off by the kill may fail the job cleanly; it is never charged twice)");
        outcome.figure("restart to ready: median " + median(restartMillis) + " ms; converged after restart: median "
                + median(convergeMillis) + " ms, max " + convergeMillis.stream().mapToLong(Long::longValue).max()
                .orElse(0) + " ms");
        driver.pool.shutdownNow();
        return outcome;
    }

    /** One run; {@code killAfterMillis} < 0: no kill. Returns how long the phase took. */
    private long oneRun(int run, long killAfterMillis) {
        var jobs = driver.newJobs(JOBS_PER_RUN, String.valueOf(run));
        Instant phaseStart;
        Future<?> killer;
        if (phase == Phase.COMMANDS) {
            phaseStart = Instant.now();
            killer = killLater(killAfterMillis);
            driver.startAll(jobs);
            if (killAfterMillis < 0) {
                driver.awaitCharging(jobs);
            }
        } else {
            driver.startAll(jobs);
            driver.awaitCharging(jobs);
            driver.charge(jobs, random);
            if (phase == Phase.CDR_PAYMENT) {
                world.stripe.delay(Duration.ofMillis(random.nextInt(300)));
            } else {
                world.robot.delay(Duration.ofMillis(100 + random.nextInt(300)));
            }
            phaseStart = Instant.now();
            killer = killLater(killAfterMillis);
            driver.stopAll(jobs);
        }
        if (killAfterMillis >= 0) {
            CycleDriver.join(killer);
            world.stripe.delay(Duration.ZERO);
            world.robot.delay(Duration.ZERO);
            emsp.start();
            restartMillis.add(emsp.lastStartMillis());
        }
        Instant recovering = Instant.now();
        driver.awaitCharging(jobs);
        if (phase == Phase.COMMANDS) {
            driver.charge(jobs, random);
        }
        driver.awaitOver(jobs);
        List<String> violations = new ArrayList<>();
        long lost = driver.converge(new ArrayList<>(jobs.keySet()), violations);
        world.stripe.delay(Duration.ZERO);
        world.robot.delay(Duration.ZERO);
        if (killAfterMillis < 0) {
            if (!violations.isEmpty()) {
                throw new IllegalStateException("the calibration run (no kill) already fails: " + violations);
            }
            return Duration.between(phaseStart, phase == Phase.COMMANDS ? recovering : Instant.now()).toMillis();
        }
        convergeMillis.add(Duration.between(recovering, Instant.now()).toMillis());
        outcome.run(violations, lost);
        return 0;
    }

    private Future<?> killLater(long millis) {
        if (millis < 0) {
            return null;
        }
        return driver.pool.submit(() -> {
            EmspProcess.sleep(millis);
            emsp.kill();
        });
    }

    static long median(List<Long> values) {
        if (values.isEmpty()) {
            return 0;
        }
        var sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
