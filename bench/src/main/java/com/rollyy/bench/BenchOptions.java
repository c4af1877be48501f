package com.rollyy.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Command-line settings of {@link BenchMain}. Every value is range-checked so that each loop of
 * the benchmark stays bounded in count and in time.
 *
 * @param only           {@code null} for every benchmark, else the selected ones of {@link #ONLY}
 * @param locations      Locations the simulator generates (3 EVSEs each)
 * @param concurrency    PATCH sender threads; several values measure one after the other (one warm-up)
 * @param warmupSeconds  PATCH warm-up (not measured)
 * @param patchSeconds   PATCH measured duration
 * @param pageSize       {@code rollyy.sync.page-size} given to the eMSP, or 0 for its default
 * @param batchSize      {@code rollyy.sync.batch-size} given to the eMSP, or 0 for its default
 * @param secondPull     run a second, full pull over the already-stored rows (warm JVM, updates)
 * @param maxMinutes     watchdog: the whole run is stopped after this many minutes
 * @param emspArgs       extra {@code --key=value} arguments passed through to the eMSP
 * @param floor          diagnostics: also load two trivial eMSP endpoints the same way, to see what
 *                       HTTP + Spring + the load generator cost without the PATCH's own work
 * @param durable        start PostgreSQL ourselves with fsync and synchronous_commit on (zonky turns
 *                       both off) and hand it to the eMSP as an external database
 * @param cycleThreads   robot charging cycles run at once
 * @param cycleSeconds   measured duration of the cycles benchmark
 * @param simLatencyMillis the simulator's answer delay in the START_SESSION round-trip benchmark
 * @param startSamples   START_SESSION round trips measured (after a fifth as many for warm-up)
 * @param pgStatements   diagnostics: start PostgreSQL ourselves with pg_stat_statements and hand it to
 *                       the eMSP as an external database (same zonky defaults, same pool size)
 * @param scale          after the base pass, run every selected benchmark again on this many times the
 *                       data (1: no scaling pass)
 * @param readme         the README whose generated section the run rewrites, or null for none
 * @param emspJar        the eMSP's executable jar for the start-up and memory measurements, or null for
 *                       emsp/target/emsp-*-exec.jar under the working directory
 */
record BenchOptions(java.util.Set<String> only, int locations, List<Integer> concurrency, int warmupSeconds, int patchSeconds,
                    int pageSize, int batchSize, boolean secondPull, int maxMinutes, List<String> emspArgs,
                    boolean pgStatements, boolean floor, boolean durable, int cycleThreads, int cycleSeconds,
                    int simLatencyMillis, int startSamples, int scale, java.nio.file.Path readme,
                    java.nio.file.Path emspJar) {

    /** What {@code --only} may select. */
    static final List<String> ONLY = List.of("pull", "floor", "patch", "cycle", "cdrs", "ceiling", "authorize",
            "memory", "startup", "http-floor", "console");

    static final String USAGE = """
            usage: java -Xmx512m -jar bench.jar [options]
              --only=NAME[,NAME...]   run only these benchmarks: pull, floor, patch, cycle, cdrs, ceiling,
                                      authorize, memory, startup, http-floor (patch, cycle and floor still
                                      load the Locations first, unmeasured, when pull is not selected)
                                      floor: the rows the pull stored, COPYed straight into scratch tables
                                      ceiling: GET /ocpi/versions with a token, loaded like authorize
                                      memory, startup: the eMSP jar started as a process of its own
                                      http-floor: what --floor measures
              --only=console          the operator console's pages on 100,000 Locations, 10,000 robot jobs and
                                      100,000 CDRs (Locations pulled, a few real cycles, then grown in SQL);
                                      only with --only, never part of the full run
              --scale=N               then run the selected benchmarks again on N times the data: N× the
                                      Locations pulled and stored, N× the tokens, N× the stored jobs, sessions
                                      and CDRs (default 10; 1 = no scaling pass)
              --readme=PATH           rewrite the generated section of this README (default: bench/README.md
                                      when the run has every benchmark, no --only, and the file is there)
              --no-readme             print only, write no README
              --locations=N           Locations served by the simulator, 3 EVSEs each (default 100000)
              --concurrency=N[,N...]  PATCH sender threads (default 32); a list measures each in turn
              --warmup-seconds=N      shortest PATCH warm-up (default 60); warm-ups go on until the JIT settles (at most 120 s); 0: cold JVM
              --patch-seconds=N       PATCH measured time (default 20)
              --page-size=N           eMSP rollyy.sync.page-size (default: the eMSP's, 1000)
              --batch-size=N          eMSP rollyy.sync.batch-size (default: the eMSP's, 1000)
              --second-pull           also time a second full pull over the stored rows (warm JVM, updates)
              --max-minutes=N         stop everything after N minutes (default 25)
              --cycle-threads=N       robot charging cycles at once (default 16)
              --cycle-seconds=N       cycles measured time (default 20)
              --sim-latency-ms=N      simulator answer delay in the START_SESSION round trip (default 50)
              --start-samples=N       START_SESSION round trips measured (default 200)
              --emsp-arg=--k=v        pass a property to the eMSP (repeatable)
              --emsp-jar=PATH         the eMSP executable jar for memory and startup (default:
                                      emsp/target/emsp-*-exec.jar under the working directory)
              --floor                 also measure the HTTP floor: GET /actuator/health/liveness (no
                                      database) and GET /ocpi/versions (token check) at the same
                                      concurrency, through the same simulator client
              --durable               PostgreSQL started by the bench with fsync=on and
                                      synchronous_commit=on (the embedded one runs with both off)
              --pg-statements         diagnostics: run PostgreSQL with pg_stat_statements (started by the
                                      bench, given to the eMSP as SPRING_DATASOURCE_URL) and print the
                                      costliest statements of each phase
            """;

    static BenchOptions parse(String[] args) {
        java.util.Set<String> only = null;
        String emspJar = null;
        int locations = 100_000;
        List<Integer> concurrency = List.of(32);
        int warmup = 60;
        int patchSeconds = 20;
        int pageSize = 0;
        int batchSize = 0;
        boolean secondPull = false;
        boolean pgStatements = false;
        boolean floor = false;
        boolean durable = false;
        int maxMinutes = 25;
        int cycleThreads = 16;
        int cycleSeconds = 20;
        int simLatency = 50;
        int startSamples = 200;
        int scale = 10;
        String readme = null;
        boolean noReadme = false;
        List<String> emspArgs = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new IllegalArgumentException("");
            }
            if (arg.equals("--second-pull")) {
                secondPull = true;
                continue;
            }
            if (arg.equals("--durable")) {
                durable = true;
                continue;
            }
            if (arg.equals("--floor")) {
                floor = true;
                continue;
            }
            if (arg.equals("--pg-statements")) {
                pgStatements = true;
                continue;
            }
            if (arg.equals("--no-readme")) {
                noReadme = true;
                continue;
            }
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("unknown argument: " + arg);
            }
            String key = arg.substring(2, eq);
            String value = arg.substring(eq + 1);
            switch (key) {
                case "only" -> {
                    var names = new java.util.LinkedHashSet<String>();
                    for (String name : value.split(",")) {
                        if (!ONLY.contains(name.strip())) {
                            throw new IllegalArgumentException("--only takes " + String.join(", ", ONLY) + ": " + name);
                        }
                        names.add(name.strip());
                    }
                    only = java.util.Set.copyOf(names);
                }
                case "emsp-jar" -> {
                    if (value.isBlank()) {
                        throw new IllegalArgumentException("--emsp-jar wants a path");
                    }
                    emspJar = value;
                }
                case "locations" -> locations = intIn(key, value, 1, 2_000_000);
                case "concurrency" -> {
                    var levels = new ArrayList<Integer>();
                    for (String level : value.split(",")) {
                        levels.add(intIn(key, level.strip(), 1, 512));
                    }
                    if (levels.size() > 8) {
                        throw new IllegalArgumentException("--concurrency: at most 8 levels");
                    }
                    concurrency = List.copyOf(levels);
                }
                case "warmup-seconds" -> warmup = intIn(key, value, 0, 600);
                case "patch-seconds" -> patchSeconds = intIn(key, value, 1, 600);
                case "page-size" -> pageSize = intIn(key, value, 1, 1000);
                case "batch-size" -> batchSize = intIn(key, value, 1, 10_000);
                case "max-minutes" -> maxMinutes = intIn(key, value, 1, 120);
                case "cycle-threads" -> cycleThreads = intIn(key, value, 1, 256);
                case "cycle-seconds" -> cycleSeconds = intIn(key, value, 1, 600);
                case "sim-latency-ms" -> simLatency = intIn(key, value, 0, 5_000);
                case "start-samples" -> startSamples = intIn(key, value, 1, 100_000);
                case "scale" -> scale = intIn(key, value, 1, 100);
                case "readme" -> {
                    if (value.isBlank()) {
                        throw new IllegalArgumentException("--readme wants a path");
                    }
                    readme = value;
                }
                case "emsp-arg" -> {
                    if (!value.startsWith("--") || !value.contains("=")) {
                        throw new IllegalArgumentException("--emsp-arg wants --key=value: " + value);
                    }
                    emspArgs.add(value);
                }
                default -> throw new IllegalArgumentException("unknown argument: " + arg);
            }
        }
        if ((long) locations * scale > com.rollyy.cposim.SimulatorConfig.MAX_LOCATIONS) {
            throw new IllegalArgumentException("--locations × --scale must be at most "
                    + com.rollyy.cposim.SimulatorConfig.MAX_LOCATIONS + ": " + (long) locations * scale);
        }
        java.nio.file.Path readmePath = null;
        if (readme != null) {
            readmePath = java.nio.file.Path.of(readme);
        } else if (!noReadme && only == null && java.nio.file.Files.isRegularFile(DEFAULT_README)) {
            readmePath = DEFAULT_README;
        }
        if (noReadme) {
            readmePath = null;
        }
        return new BenchOptions(only, locations, concurrency, warmup, patchSeconds, pageSize, batchSize, secondPull,
                maxMinutes, List.copyOf(emspArgs), pgStatements, floor,
                durable, cycleThreads, cycleSeconds, simLatency, startSamples, scale, readmePath,
                emspJar == null ? null : java.nio.file.Path.of(emspJar));
    }

    /** Where the default run writes its figures: the bench's README, from the repository root. */
    static final java.nio.file.Path DEFAULT_README = java.nio.file.Path.of("bench", "README.md");

    boolean scaling() {
        return scale > 1 && !runConsole();
    }

    boolean runPull() {
        return selected("pull");
    }

    boolean runPatch() {
        return selected("patch");
    }

    boolean runAuthorize() {
        return selected("authorize");
    }

    boolean runCdrs() {
        return selected("cdrs");
    }

    /** The console pages on a grown database: only when asked for (it grows the history tables). */
    boolean runConsole() {
        return only != null && only.contains("console");
    }

    boolean runCycle() {
        return selected("cycle");
    }

    /** The bench starts PostgreSQL itself (instead of the eMSP's embedded one). */
    boolean ownPostgres() {
        return pgStatements || durable;
    }

    boolean runFloor() {
        return floor || (only != null && only.contains("http-floor"));
    }

    /** The pull's floor: the stored rows COPYed into scratch tables. */
    boolean runPullFloor() {
        return selected("floor");
    }

    /** The ceiling for authorize and PATCH: GET /ocpi/versions with a token. */
    boolean runCeiling() {
        return selected("ceiling");
    }

    /** Idle memory of the eMSP started as a process of its own. */
    boolean runMemory() {
        return selected("memory");
    }

    /** First start and restart of the eMSP as a process of its own. */
    boolean runStartup() {
        return selected("startup");
    }

    private boolean selected(String name) {
        return only == null || only.contains(name);
    }

    /** The Locations must be in the database: for the PATCH benchmark and the pull's floor. */
    boolean needsLocations() {
        return runPull() || runPatch() || runPullFloor();
    }

    int evses() {
        return locations * 3;
    }

    private static int intIn(String key, String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " is not a number: " + value);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("--" + key + " must be " + min + ".." + max + ": " + n);
        }
        return n;
    }
}
