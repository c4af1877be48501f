package com.rollyy.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The reliability suite: every scenario against the packaged eMSP in processes of its own, then
 * docs/reliability.md (the summary table and each scenario's figures). Exit status 1 when any run
 * failed or any data was lost. See reliability/README.md.
 */
public final class ReliabilityMain {

    private ReliabilityMain() {
    }

    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.printf("Reliability suite: %s, %d runs each, seed %d, eMSP %s%n", options.scenarios(),
                options.runs(), options.seed(), options.emspJar());
        Instant begin = Instant.now();
        List<Outcome> outcomes = runAll(options);
        String report = report(options, outcomes, Duration.between(begin, Instant.now()));
        System.out.println();
        System.out.println(report);
        if (options.report() != null) {
            Files.writeString(options.report(), report);
            System.out.println("Written to " + options.report());
        }
        boolean green = outcomes.stream().allMatch(o -> o.failedRuns == 0 && o.dataLost == 0);
        System.exit(green ? 0 : 1);
    }

    /** Runs the scenarios the options name, one after the other, each in a world of its own. */
    static List<Outcome> runAll(Options options) {
        Random random = new Random(options.seed());
        List<Outcome> outcomes = new ArrayList<>();
        for (String scenario : options.scenarios()) {
            System.out.println("== " + scenario);
            Instant started = Instant.now();
            Outcome outcome;
            try (World world = new World(scenario, options)) {
                outcome = switch (scenario) {
                    case "crash-commands" -> new CrashScenario(world, CrashScenario.Phase.COMMANDS, random,
                            new Outcome(scenario, "kill -9 while START commands, CommandResults and Session PUTs"
                                    + " are in flight; restart")).run(options.runs());
                    case "crash-cdr-payment" -> new CrashScenario(world, CrashScenario.Phase.CDR_PAYMENT, random,
                            new Outcome(scenario, "kill -9 while STOPs, CDRs and Stripe payments are in flight;"
                                    + " restart")).run(options.runs());
                    case "crash-webhooks" -> new CrashScenario(world, CrashScenario.Phase.WEBHOOKS, random,
                            new Outcome(scenario, "kill -9 while webhook deliveries to a slow robot backend are in"
                                    + " flight; restart")).run(options.runs());
                    case "two-instances" -> new TwoInstancesScenario(world, random)
                            .run(Math.max(1, options.runs() / 5));
                    case "database-restart" -> new DatabaseRestartScenario(world, random)
                            .run(Math.max(1, options.runs() / 5));
                    case "crash-embedded" -> new EmbeddedCrashScenario(world.embeddedDatabase(), random)
                            .run(Math.max(1, options.runs() / 5));
                    case "graceful-stop" -> new GracefulStopScenario(world.embeddedDatabase())
                            .run(Math.max(1, options.runs() / 10));
                    case "peer-failures" -> new PeerFailuresScenario(world, random)
                            .run(Math.max(1, options.runs() / 10));
                    default -> throw new IllegalStateException(scenario);
                };
            } catch (RuntimeException e) {
                e.printStackTrace();
                outcome = new Outcome(scenario, "did not complete: " + e);
                outcome.failedRuns = 1;
                outcome.runs = 1;
            }
            outcome.millis = Duration.between(started, Instant.now()).toMillis();
            outcomes.add(outcome);
            System.out.printf("   %s: %d runs, %d failed, %d lost (%d s)%n", scenario, outcome.runs,
                    outcome.failedRuns, outcome.dataLost, outcome.millis / 1000);
            outcome.failures.forEach(f -> System.out.println("   FAILED " + f));
        }
        return outcomes;
    }

    static String report(Options options, List<Outcome> outcomes, Duration took) {
        var out = new StringBuilder();
        out.append("# Reliability\n\n");
        out.append("Written by the reliability suite (`reliability/`, see its README) — do not edit by hand.\n");
        out.append("Run: ").append(DateTimeFormatter.ISO_INSTANT.format(Instant.now().atOffset(ZoneOffset.UTC)))
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores, seed ")
                .append(options.seed()).append(", ").append(took.toMinutes()).append(" min ")
                .append(took.toSecondsPart()).append(" s.\n\n");
        out.append("The eMSP runs from its packaged jar in processes of its own, on a PostgreSQL of the suite's, ")
                .append("against the CPO simulator, the fake Stripe and a fake robot backend over real HTTP. ")
                .append("A run fails when any invariant is broken after the system has converged; data lost counts ")
                .append("objects that never arrived where they must (CDRs, payments, webhook events, acknowledged ")
                .append("writes).\n\n");
        out.append("| scenario | what happens | runs | failures | data lost |\n|---|---|---|---|---|\n");
        for (Outcome o : outcomes) {
            out.append("| ").append(o.scenario).append(" | ").append(o.what).append(" | ").append(o.runs)
                    .append(" | ").append(o.failedRuns).append(" | ").append(o.dataLost).append(" |\n");
        }
        for (Outcome o : outcomes) {
            out.append("\n## ").append(o.scenario).append("\n\n");
            out.append(o.what).append(" (").append(o.millis / 1000).append(" s).\n\n");
            o.figures.forEach(f -> out.append("- ").append(f).append('\n'));
            if (!o.failures.isEmpty()) {
                out.append("\nFailures (first ").append(o.failures.size()).append("):\n\n");
                o.failures.forEach(f -> out.append("- ").append(f).append('\n'));
            }
        }
        return out.toString();
    }
}
