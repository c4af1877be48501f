package com.rollyy.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.cposim.SimulatorConfig;
import com.rollyy.emsp.EmspApplication;

/**
 * End-to-end benchmarks of the eMSP against the CPO simulator, both in this one JVM, on loopback:
 * a commit probe, the Locations pull, status PATCH ingest, START_SESSION overhead, full robot
 * cycles, CDR ingest and token authorize, then (with {@code --scale=N}, default 10) each of them
 * again on N times the data. Prints a Markdown table with every figure next to its target and
 * rewrites the generated section of bench/README.md. See bench/README.md.
 */
public final class BenchMain {

    static final String API_KEY = "bench-key";
    static final String CONSOLE_USER = "bench-operator";
    static final String CONSOLE_PASSWORD = "bench-console-password";

    private BenchMain() {
    }

    public static void main(String[] args) {
        // the load generator's and the simulator's clients must drop idle connections before our
        // Tomcat closes them (its 60 s): the race HttpKeepAlive describes failed 1-3 requests a run
        com.rollyy.emsp.ocpi.HttpKeepAlive.apply();
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        int status;
        try {
            status = new BenchMain().run(options, args);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    // what the cleanup must close, in this order: simulator, eMSP (stops PostgreSQL), temp dir
    private volatile CpoSimulator sim;
    /** The scaling pass's simulator: N times the Locations, another CPO party. */
    private volatile CpoSimulator sim2;
    private volatile ConfigurableApplicationContext ctx;
    private volatile Path dataDir;
    private volatile EmbeddedPostgres ownPostgres;
    private boolean statements;
    private final AtomicBoolean cleanedUp = new AtomicBoolean();

    private int run(BenchOptions o, String[] args) throws Exception {
        dataDir = Files.createTempDirectory("rollyy-bench-");
        Runtime.getRuntime().addShutdownHook(new Thread(this::cleanup, "bench-cleanup"));
        startWatchdog(o.maxMinutes());
        Report report = new Report();
        Scaling scaling = new Scaling(o.scale());
        HeapSampler heap = HeapSampler.start();
        long runStart = System.nanoTime();
        String loadBefore = loadAverage();
        try {
            // ---- 0. the eMSP as a process of its own: start-up split and idle memory, on a quiet machine ----
            if (o.runStartup() || o.runMemory()) {
                separateProcess(report, o);
            }

            // ---- 1. the eMSP ----
            List<String> emspArgs = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                    "--rollyy.data-dir=" + dataDir, "--rollyy.api-key=" + API_KEY, "--rollyy.sync.enabled=false",
                    "--rollyy.rate-limit.enabled=false",
                    "--rollyy.console.admin-username=" + CONSOLE_USER, "--rollyy.console.admin-password=" + CONSOLE_PASSWORD,
                    // the simulators run on 127.0.0.1
                    "--rollyy.ocpi.allow-private-peers=true",
                    "--logging.level.root=WARN", "--logging.structured.format.console="));
            if (o.pageSize() > 0) {
                emspArgs.add("--rollyy.sync.page-size=" + o.pageSize());
            }
            if (o.batchSize() > 0) {
                emspArgs.add("--rollyy.sync.batch-size=" + o.batchSize());
            }
            if (o.ownPostgres()) {
                log("starting PostgreSQL for the eMSP" + (o.pgStatements() ? ", with pg_stat_statements" : "")
                        + (o.durable() ? ", with fsync=on and synchronous_commit=on" : ""));
                var builder = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("postgres"));
                if (o.pgStatements()) {
                    builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                            .setServerConfig("pg_stat_statements.track", "all");
                }
                if (o.durable()) {
                    // zonky passes -F (fsync off) and synchronous_commit=off; -c options come later and win
                    builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
                }
                ownPostgres = builder.start();
                // what EmbeddedPostgresConfig would do, but on our server: same pool size
                emspArgs.addAll(List.of("--spring.datasource.url=" + ownPostgres.getJdbcUrl("postgres", "postgres"),
                        "--spring.datasource.username=postgres", "--rollyy.secret-key=bench-secret",
                        "--spring.datasource.hikari.maximum-pool-size=20"));
            }
            if (o.emspArgs().stream().anyMatch(a -> a.startsWith("--rollyy.rate-limit.enabled="))) {
                // measuring the limiter's cost: a repeated option would reach Spring as "false,true"
                emspArgs.remove("--rollyy.rate-limit.enabled=false");
            }
            emspArgs.addAll(o.emspArgs());
            log("starting the eMSP (embedded PostgreSQL in " + dataDir + ")");
            long t0 = System.nanoTime();
            ctx = new SpringApplicationBuilder(EmspApplication.class).registerShutdownHook(false)
                    .run(emspArgs.toArray(String[]::new));
            double emspStart = (System.nanoTime() - t0) / 1e9;
            String port = ctx.getEnvironment().getProperty("local.server.port");
            JdbcClient jdbc = ctx.getBean(JdbcClient.class);
            EmbeddedPostgres postgres = ownPostgres != null ? ownPostgres : ctx.getBean(EmbeddedPostgres.class);
            Path pgDir = dataDir.resolve("postgres");
            log(String.format(Locale.ROOT, "eMSP up on port %s in %.1f s", port, emspStart));
            idleHeap = idleHeapBytes();
            report.info("start-up", "eMSP start-up: Spring Boot, embedded PostgreSQL, Flyway (" + migrations(jdbc)
                    + " migrations)", Report.num(emspStart, 1) + " s");
            report.info("start-up", "eMSP idle heap right after start-up (full GC, before the simulator starts)",
                    Report.mb(idleHeap));
            var runResources = ResourceSnapshot.take(pgDir);

            // ---- 2. the simulator, and the eMSP registers with it ----
            sim = CpoSimulator.start(SimulatorConfig.defaults().withLocationCount(o.locations()).withEvsesPerLocation(3));
            ProductApi api = new ProductApi("http://127.0.0.1:" + port, API_KEY);
            String connectionId = register(api, sim);
            PgStats pg = new PgStats(jdbc);
            var pool = ctx.getBean(DataSource.class) instanceof HikariDataSource hikari ? hikari.getHikariPoolMXBean()
                    : null;
            var context = new BenchContext(sim, api, connectionId, jdbc, pg, postgres.getJdbcUrl("postgres", "postgres"),
                    pgDir, heap, pool);
            environment(report, o, emspStart, loadBefore, pg);
            statements = o.pgStatements() && pg.statementsAvailable();
            if (o.ownPostgres()) {
                report.env("PostgreSQL", "started by the bench (--pg-statements / --durable), given to"
                        + " the eMSP as spring.datasource.url; Hikari maximum-pool-size=20 as in the embedded set-up;"
                        + " pg_stat_statements available: " + statements);
            }

            commitProbe(report, context);

            // ---- 3. the base pass ----
            if (o.runPull()) {
                scaling.base("pull", pull(report, context, o.locations(), false, "pull"));
                pullEvsesPerSecond = 3.0 * o.locations() / lastPullSeconds;
            } else if (o.runPatch() || o.runCycle() || o.runPullFloor()) {
                setupPull(report, context, o.locations());
            }
            if (o.runPullFloor()) {
                pullFloor(report, context);
            }
            if (o.runPull() && o.secondPull()) {
                pull(report, context, o.locations(), true, "pull #2 (full, warm)");
            }
            if (o.runPatch()) {
                scaling.base("PATCH", patch(report, context, o, o.locations(), o.warmupSeconds(), "PATCH"));
            }
            if (o.runFloor()) {
                floor(report, context, o, port);
            }
            if (o.runCycle()) {
                var points = cycle(report, context, o, "");
                scaling.base("START_SESSION", points[0]);
                scaling.base("robot cycles", points[1]);
            }
            if (o.runCdrs()) {
                scaling.base("CDR ingest", cdrs(report, context, o, "CDR ingest"));
            }
            if (o.runConsole()) {
                setupPull(report, context, o.locations());
                createTokens(context);
                new ConsoleBench(context, "http://127.0.0.1:" + port, CONSOLE_USER, CONSOLE_PASSWORD,
                        ctx.getBean(com.rollyy.emsp.locations.LocationQueries.class)).run(report);
            }
            if (o.runCeiling()) {
                ceiling(report, context, o, port);
            }
            if (o.runAuthorize()) {
                createTokens(context);
                scaling.base("authorize", authorize(report, context, o, AUTHORIZE_TOKENS, "authorize"));
            }

            // ---- 4. the same on N times the data ----
            if (o.scaling()) {
                BenchContext big = scaledContext(context, o);
                context = null; // the base simulator, only reachable from here, keeps every session of its cycles
                scalingPass(report, scaling, big, o);
            }
            var whole = ResourceSnapshot.take(pgDir).since(runResources);
            report.info("run", "machine CPU used by other processes during the run (noise)", noise(whole));
            runNoise = 100 * whole.otherProcessesSeconds()
                    / Math.max(1e-9, whole.seconds() * Runtime.getRuntime().availableProcessors());
        } finally {
            runSeconds = (System.nanoTime() - runStart) / 1e9;
            report.info("run", "total wall time incl. start-up", Report.num(runSeconds, 1) + " s");
            heap.close();
            cleanup();
        }
        System.out.println();
        System.out.println(report.markdown());
        if (!scaling.isEmpty()) {
            System.out.println("## Scaling: base dataset and " + o.scale() + "×\n\n" + scaling.markdown());
        }
        if (o.readme() != null) {
            Readme.write(o.readme(), report, scaling, o, args, runSeconds, runNoise, loadBefore);
            log("wrote the generated section of " + o.readme().toAbsolutePath().normalize());
        }
        return report.verificationFailed() ? 1 : 0;
    }

    private double runSeconds;
    private double runNoise;

    /**
     * The scaling pass: every selected benchmark again, on {@code scale}× the data. The base
     * network is replaced by one {@code scale} times as large from a second simulator (another CPO
     * party, the same Location ids: a START names its EVSE by Location id and EVSE uid, which
     * must stay unambiguous), pulled through the same code; the history tables and the tokens are
     * grown in SQL. Warm-ups are shorter: the JIT has compiled these paths in the base pass.
     */
    private void scalingPass(Report report, Scaling scaling, BenchContext big, BenchOptions o) throws Exception {
        int factor = o.scale();
        String suffix = " " + factor + "×";
        int locations = o.locations() * factor;
        BenchContext base = big;
        if (o.runPull()) {
            scaling.scaled("pull", pull(report, big, locations, false, "pull" + suffix));
        } else if (o.runPatch() || o.runCycle()) {
            setupPull(report, big, locations);
        }
        if (o.runPatch()) {
            scaling.scaled("PATCH", patch(report, big, o, locations, Math.min(o.warmupSeconds(), 15),
                    "PATCH" + suffix));
        }
        if (o.runCycle() || o.runCdrs()) {
            long t0 = System.nanoTime();
            var added = DatasetGrowth.growHistory(base.jdbc(), factor);
            double seconds = (System.nanoTime() - t0) / 1e9;
            log(String.format(Locale.ROOT, "history grown %d× in SQL in %.1f s: %s", factor, seconds, added));
            report.info("history" + suffix, "rows added in SQL (insert … select … generate_series), "
                    + Report.num(seconds, 1) + " s", added.toString());
        }
        if (o.runCycle()) {
            var points = cycle(report, big, o, suffix);
            scaling.scaled("START_SESSION", points[0]);
            scaling.scaled("robot cycles", points[1]);
        }
        if (o.runCdrs()) {
            scaling.scaled("CDR ingest", cdrs(report, big, o, "CDR ingest" + suffix));
        }
        if (o.runAuthorize()) {
            long t0 = System.nanoTime();
            long added = DatasetGrowth.addTokens(base.jdbc(), AUTHORIZE_TOKENS, AUTHORIZE_TOKENS * factor);
            log(String.format(Locale.ROOT, "%d tokens added in SQL in %.1f s", added, (System.nanoTime() - t0) / 1e9));
            scaling.scaled("authorize", authorize(report, big, o, AUTHORIZE_TOKENS * factor, "authorize" + suffix));
        }
    }

    /**
     * What the scaling pass runs against: the base Locations truncated, the base simulator closed
     * (it keeps every session and CDR of its cycles in the heap: the bench's, not the eMSP's), and
     * a second simulator with {@code scale} times the Locations registered in its place.
     */
    private BenchContext scaledContext(BenchContext base, BenchOptions o) throws Exception {
        log("scaling pass: " + o.scale() + "× the data");
        if (!(o.runPull() || o.runPatch() || o.runCycle() || o.runCdrs() || o.runAuthorize())) {
            return base;
        }
        base.jdbc().sql("truncate evse, location").update();
        sim.close();
        sim = null;
        sim2 = CpoSimulator.start(SimulatorConfig.defaults().withLocationCount(o.locations() * o.scale())
                .withEvsesPerLocation(3).withPartyId("SIX").withBusinessName("Rollyy CPO Simulator " + o.scale() + "x"));
        String connectionId = register(base.api(), sim2);
        return new BenchContext(sim2, base.api(), connectionId, base.jdbc(), base.pg(), base.postgresJdbcUrl(),
                base.postgresDataDir(), base.heap(), base.pool());
    }

    /** The Locations a benchmark needs, pulled but not measured. */
    private static void setupPull(Report report, BenchContext b, int locations) throws Exception {
        log("loading " + locations + " Locations (pull, not measured)");
        var setup = PullBench.run(b, false);
        verifyPulled(report, b, locations, setup, "setup pull");
    }

    /** The eMSP registers with a simulator (credentials handshake); returns the connection id. */
    private static String register(ProductApi api, CpoSimulator simulator) throws Exception {
        // the cycle benchmark charges its sessions itself (advanceSession): no updates of the simulator's own
        simulator.knobs().setMaxPageSize(1000).setAutoCycle(false);
        var registered = api.post("/ocpi/register", "{\"cpo_name\":\"bench " + simulator.config().partyId()
                        + "\",\"versions_url\":" + api.jsonString(simulator.versionsUrl()) + ",\"token\":"
                        + api.jsonString(simulator.tokenA()) + "}", Duration.ofSeconds(30));
        if (registered.status() != 201 || registered.json() == null) {
            throw new IllegalStateException("POST /ocpi/register answered HTTP " + registered.status() + ": "
                    + registered.body());
        }
        String connectionId = registered.json().path("connection_id").asString();
        if (!simulator.isRegistered() || simulator.emspEndpointUrl("locations").isEmpty()) {
            throw new IllegalStateException("the simulator did not learn the eMSP's locations endpoint: "
                    + simulator.emspEndpoints());
        }
        log("registered " + simulator.config().partyId() + ": connection " + connectionId + ", eMSP locations endpoint "
                + simulator.emspEndpointUrl("locations").get());
        return connectionId;
    }

    private static int migrations(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from flyway_schema_history where success").query(Integer.class).single();
    }

    /** PostgreSQL commits per second on this machine: the floor under every write path. */
    private static void commitProbe(Report report, BenchContext b) throws Exception {
        for (int connections : new int[] {1, 8}) {
            var r = CommitProbe.run(b.postgresJdbcUrl(), connections, 3);
            String name = "PostgreSQL commits";
            log(String.format(Locale.ROOT, "commit probe, %d connection(s): %.0f commits/s, p50 %.2f ms, p99 %.2f ms",
                    connections, r.perSecond(), r.millisAt(50), r.millisAt(99)));
            report.info(name, "single-row INSERT + commit (autocommit, durable), " + connections + " connection"
                    + (connections == 1 ? "" : "s at once") + ": commits/s, p50 / p99", Report.num(r.perSecond(), 0)
                    + "/s, " + Report.num(r.millisAt(50), 2) + " / " + Report.num(r.millisAt(99), 2) + " ms");
        }
    }

    private Scaling.Point pull(Report report, BenchContext b, int locationCount, boolean full, String name)
            throws Exception {
        int evseCount = locationCount * 3;
        log(name + ": " + locationCount + " Locations × 3 EVSEs");
        if (statements) {
            b.pg().resetStatements();
        }
        var r = PullBench.run(b, full);
        lastPullSeconds = r.seconds();
        if (statements) {
            report.section(b.pg().topStatements(name + ": costliest SQL statements", 12, locationCount, "Location"));
        }
        long live = liveBytes(b);
        long db = dbBytes(b);
        double evsesPerSecond = evseCount / r.seconds();
        log(String.format(Locale.ROOT, "%s: %.2f s, %.0f EVSE/s, answer %s", name, r.seconds(), evsesPerSecond,
                r.answer()));
        report.info(name, "wall time (POST .../sync → answer)", Report.num(r.seconds(), 2) + " s");
        report.target(name, "EVSEs/s (3N / wall time)", Report.num(evsesPerSecond, 0), "≥ 20,000",
                evsesPerSecond >= 20_000);
        report.info(name, "Locations/s", Report.num(locationCount / r.seconds(), 0));
        report.target(name, "peak heap used (sum of heap pools, sampled every 50 ms)", Report.mb(r.heap().usedBytes()),
                "≤ 512 MB", r.heap().usedBytes() <= 512L * 1024 * 1024);
        report.info(name, "max heap in use right after a GC", Report.mb(r.heap().afterGcBytes()));
        report.info(name, "live heap while pulling: highest of the full-GC probes every "
                + PullBench.LIVE_PROBE_PERIOD.toSeconds() + " s", r.liveDuring() == 0 ? "(shorter than one period)"
                : Report.mb(r.liveDuring()));
        report.info(name, "heap in use after a full GC once the pull has answered", Report.mb(live));
        report.info(name, "database size after the pull", Report.mb(db));
        report.info(name, "GC count / time", r.resources().gcCount() + " / " + r.resources().gcMillis() + " ms ("
                + Report.num(100.0 * r.resources().gcMillis() / (r.seconds() * 1000), 1) + " % of wall)");
        report.info(name, "machine CPU used by other processes (noise)", noise(r.resources()));
        verifyPulled(report, b, locationCount, r, name);
        report.section(Report.cpuTable(name + ": where the CPU went", r.resources()));
        report.section(Report.countersTable(name + ": PostgreSQL counters (approximate)", r.pg(), locationCount,
                "Location"));
        report.section(Report.activityTable(name + ": PostgreSQL backends", r.activity().averages(),
                r.activity().samples()));
        return new Scaling.Point(Report.num(locationCount, 0) + " Locations", evsesPerSecond,
                Report.num(evsesPerSecond, 0) + " EVSE/s", Report.num(r.seconds(), 1) + " s", r.heap().usedBytes(),
                r.liveDuring() > 0 ? r.liveDuring() : live, live, db);
    }

    private static void verifyPulled(Report report, BenchContext b, int locationCount, PullBench.Result r,
                                     String name) {
        report.check(name, "`synced` in the answer", Integer.toString(r.synced()), "= N = " + locationCount,
                r.synced() == locationCount);
        report.check(name, "`rejected` in the answer", Integer.toString(r.answer().path("rejected").asInt(-1)), "= 0",
                r.answer().path("rejected").asInt(-1) == 0);
        long evses = b.jdbc().sql("select count(*) from evse").query(Long.class).single();
        report.check(name, "`select count(*) from evse`", Long.toString(evses), "= 3N = " + 3L * locationCount,
                evses == 3L * locationCount);
        long locations = b.jdbc().sql("select count(*) from location where active").query(Long.class).single();
        report.check(name, "`select count(*) from location where active`", Long.toString(locations),
                "= N = " + locationCount, locations == locationCount);
    }

    private Scaling.Point patch(Report report, BenchContext b, BenchOptions o, int locationCount, int warmupSeconds,
                                String benchmark) throws Exception {
        var bench = new PatchBench(b, locationCount);
        int warmThreads = o.concurrency().stream().mapToInt(Integer::intValue).max().orElse(32);
        Scaling.Point point = null;
        String warmed = "no warm-up";
        if (warmupSeconds > 0) {
            log(benchmark + " warm-up: " + warmThreads + " threads, at least " + warmupSeconds
                    + " s, until the JIT settles");
            var w = JitWarmup.run(warmupSeconds, MAX_WARMUP_SECONDS, s -> bench.run(warmupThreads(warmThreads), s, "warmup"));
            warmed = w.describe();
            log(benchmark + ": " + warmed);
        }
        for (int threads : o.concurrency()) {
            String name = o.concurrency().size() == 1 ? benchmark : benchmark + " c=" + threads;
            log(name + " measured: " + threads + " threads, " + o.patchSeconds() + " s");
            if (statements) {
                b.pg().resetStatements();
            }
            var m = measure(b, () -> bench.run(threads, o.patchSeconds(), "measured"));
            var p = m.phase();
            String topStatements = m.topStatements(name, statements);
            log(String.format(Locale.ROOT, "%s: %d requests in %.1f s = %.0f/s, p50 %.2f p99 %.2f max %.2f ms,"
                            + " %d errors", name, p.requests(), p.seconds(), p.perSecond(), p.millisAt(50),
                    p.millisAt(99), p.latencyMicros().getMaxValue() / 1000.0, p.errors()));
            report.info(name, "requests (measured " + o.patchSeconds() + " s, " + threads + " threads, after "
                    + warmed + ")", Report.num(p.requests(), 0));
            report.target(name, "requests/s", Report.num(p.perSecond(), 0), "≥ 3,000", p.perSecond() >= 3000);
            latencyRows(report, name, p, true);
            report.check(name, "errors (HTTP ≠ 200 or status_code ≠ 1000, or no answer)", Long.toString(p.errors()),
                    "= 0", p.errors() == 0);
            report.check(name, "answered as stale (\"Ignored\")", Long.toString(p.stale()), "= 0", p.stale() == 0);
            report.info(name, "peak heap used (sampled every 50 ms)", Report.mb(m.heap().usedBytes()));
            report.info(name, "max heap in use right after a GC", Report.mb(m.heap().afterGcBytes()));
            report.info(name, "heap in use after a full GC at the end", Report.mb(m.liveHeap()));
            report.info(name, "GC count / time", m.resources().gcCount() + " / " + m.resources().gcMillis() + " ms");
            report.info(name, "machine CPU used by other processes (noise)", noise(m.resources()));
            report.info(name, "CPU per request: JVM / PostgreSQL", Report.num(1000 * m.resources().jvmCpuSeconds()
                    / p.requests(), 2) + " ms / " + Report.num(1000 * m.resources().postgresCpuSeconds()
                    / p.requests(), 2) + " ms");
            double cpu = cpuMillisPerRequest(m.resources(), p.requests());
            report.target(name, "CPU per request, JVM + PostgreSQL (the whole JVM: the simulator's client and the"
                    + " load generator too)", Report.num(cpu, 3) + " ms", "≤ 0.40 ms", cpu <= 0.40);
            if (benchmark.equals("PATCH")) {
                patchCpuMillis = cpuMillisPerRequest(m.resources(), p.requests());
            }
            point = new Scaling.Point(Report.num(locationCount, 0) + " Locations", p.perSecond(),
                    Report.num(p.perSecond(), 0) + "/s", "p50 " + Report.num(p.millisAt(50), 1) + " / p99 "
                    + Report.num(p.millisAt(99), 1) + " ms", m.heap().usedBytes(), m.heap().afterGcBytes(),
                    m.liveHeap(), m.dbBytes());
            if (!p.errorSamples().isEmpty()) {
                report.section("### " + name + ": first errors\n\n" + p.errorSamples().stream()
                        .map(e -> "- `" + e + "`").collect(Collectors.joining("\n")) + "\n");
            }
            report.section(Report.cpuTable(name + " (measured phase): where the CPU went", m.resources()));
            report.section(Report.countersTable(name + " (measured phase): PostgreSQL counters (approximate)", m.pg(),
                    p.requests(), "PATCH"));
            report.section(Report.activityTable(name + " (measured phase): PostgreSQL backends",
                    m.activity().averages(), m.activity().samples()));
            if (topStatements != null) {
                report.section(topStatements);
            }
        }
        // the database must hold exactly what was sent
        long newer = b.jdbc().sql("select count(*) from evse where last_updated >= ?")
                .param(Timestamp.from(bench.base())).query(Long.class).single();
        int patched = bench.patchedEvses();
        report.check(benchmark, "EVSE rows with last_updated from the PATCHes (warm-up + measured)",
                Long.toString(newer), "= EVSEs patched = " + patched, newer == patched);
        var mismatches = bench.verifySample(500);
        report.check(benchmark, "sample of ≤ 500 patched EVSEs: stored status and last_updated = last PATCH sent",
                mismatches.isEmpty() ? "all match" : mismatches.size() + " differ: " + mismatches.get(0), "all match",
                mismatches.isEmpty());
        return point;
    }

    /**
     * The HTTP floor: the same load generator (the simulator's client, same threads) against two
     * eMSP endpoints that do next to nothing, so the PATCH figures can be split into "HTTP +
     * Spring + load generator" and "the PATCH's own work".
     */
    private void floor(Report report, BenchContext b, BenchOptions o, String port) throws Exception {
        String base = "http://127.0.0.1:" + port;
        int threads = o.concurrency().get(o.concurrency().size() - 1);
        var targets = new LinkedHashMap<String, String>();
        targets.put("floor: GET /actuator/health/liveness (no token, no database)", base + "/actuator/health/liveness");
        targets.put("floor: GET /ocpi/versions (token check = 1 query)", base + "/ocpi/versions");
        for (var t : targets.entrySet()) {
            String url = t.getValue();
            PatchBench.Request request = () -> {
                var r = b.sim().callEmsp("GET", url, null);
                return r.status() == 200 ? null : "HTTP " + r.status() + " " + r.body();
            };
            if (o.warmupSeconds() > 0) {
                PatchBench.load(threads, Math.min(o.warmupSeconds(), 10), "floor-warmup", request);
            }
            var m = measure(b, () -> PatchBench.load(threads, o.patchSeconds(), "floor", request));
            var p = m.phase();
            log(String.format(Locale.ROOT, "%s: %.0f/s, p50 %.2f p99 %.2f ms, %d errors", t.getKey(), p.perSecond(),
                    p.millisAt(50), p.millisAt(99), p.errors()));
            report.info(t.getKey(), "requests/s (" + threads + " threads, " + o.patchSeconds() + " s)",
                    Report.num(p.perSecond(), 0));
            latencyRows(report, t.getKey(), p, false);
            report.info(t.getKey(), "errors", Long.toString(p.errors()));
            report.info(t.getKey(), "CPU per request: JVM / PostgreSQL", Report.num(1000 * m.resources().jvmCpuSeconds()
                    / p.requests(), 2) + " ms / " + Report.num(1000 * m.resources().postgresCpuSeconds()
                    / p.requests(), 2) + " ms");
            report.info(t.getKey(), "machine CPU used by other processes (noise)", noise(m.resources()));
            report.section(Report.cpuTable(t.getKey() + ": where the CPU went", m.resources()));
        }
    }

    private double lastPullSeconds;
    /** The base pull's EVSEs/s, or 0 when no pull was measured. */
    private double pullEvsesPerSecond;
    /** CPU per request (JVM + PostgreSQL, ms) of the base PATCH and of the ceiling, or 0 when not measured. */
    private double patchCpuMillis;
    private double ceilingCpuMillis;
    private volatile ServiceProcess service;

    static double cpuMillisPerRequest(ResourceSnapshot.Delta d, long requests) {
        return 1000 * (d.jvmCpuSeconds() + d.postgresCpuSeconds()) / Math.max(1, requests);
    }

    /**
     * The ceiling for the request paths: the same load generator, threads and durations as
     * authorize, against the most trivial authenticated OCPI endpoint, {@code GET /ocpi/versions}
     * with the registered CPO's token (the token check and a small JSON answer). Authorize and
     * PATCH are reported as multiples of its CPU per request.
     */
    /** Longest warm-up waiting for the JIT to settle ({@link JitWarmup}). */
    static final int MAX_WARMUP_SECONDS = 120;

    /**
     * Warm-ups run fewer threads than the measured phase: the JIT has one C2 thread on 2 cores,
     * and the scheduler gives it about one runnable thread's share. Under 32 busy senders (and as
     * many eMSP and simulator threads) it got so little that C2's queue was still hundreds of
     * methods long after 120 s; with 4 senders the same code paths are profiled and compiled in
     * well under a minute.
     */
    static int warmupThreads(int measuredThreads) {
        return Math.min(measuredThreads, 4);
    }

    /** A load's warm-up until the JIT settles (at least {@code seconds}; none when 0), logged. */
    private static void warmUp(String name, String threadName, int seconds, int threads, PatchBench.Request request)
            throws Exception {
        if (seconds > 0) {
            var w = JitWarmup.run(seconds, MAX_WARMUP_SECONDS, s -> PatchBench.load(warmupThreads(threads), s,
                    threadName, request));
            log(name + ": " + w.describe());
        }
    }

    private void ceiling(Report report, BenchContext b, BenchOptions o, String port) throws Exception {
        String url = "http://127.0.0.1:" + port + "/ocpi/versions";
        PatchBench.Request request = () -> {
            var r = b.sim().callEmsp("GET", url, null);
            return r.status() == 200 && r.body().contains("\"status_code\":1000") ? null
                    : "HTTP " + r.status() + " " + r.body();
        };
        int threads = o.concurrency().get(o.concurrency().size() - 1);
        int warmup = Math.min(o.warmupSeconds(), 20);
        String name = "ceiling";
        log(name + ": GET /ocpi/versions with a token, " + threads + " threads, at least " + warmup
                + " s warm-up (until the JIT settles), " + o.patchSeconds() + " s");
        warmUp(name, "ceiling-warmup", warmup, threads, request);
        var m = measure(b, () -> PatchBench.load(threads, o.patchSeconds(), "ceiling", request));
        var p = m.phase();
        ceilingCpuMillis = cpuMillisPerRequest(m.resources(), p.requests());
        log(String.format(Locale.ROOT, "ceiling: %.0f/s, p50 %.2f p99 %.2f ms, %d errors, CPU %.3f ms/request",
                p.perSecond(), p.millisAt(50), p.millisAt(99), p.errors(), ceilingCpuMillis));
        report.info(name, "GET /ocpi/versions with a registered CPO's token: requests/s (" + threads + " threads, "
                + o.patchSeconds() + " s)", Report.num(p.perSecond(), 0));
        report.info(name, "latency p50 / p99", Report.num(p.millisAt(50), 2) + " / " + Report.num(p.millisAt(99), 2)
                + " ms");
        report.check(name, "errors", Long.toString(p.errors()), "0", p.errors() == 0);
        p.errorSamples().forEach(e -> log("ceiling error sample: " + e));
        report.info(name, "CPU per request: JVM / PostgreSQL", Report.num(1000 * m.resources().jvmCpuSeconds()
                / Math.max(1, p.requests()), 3) + " ms / " + Report.num(1000 * m.resources().postgresCpuSeconds()
                / Math.max(1, p.requests()), 3) + " ms");
        report.info(name, "CPU per request, JVM + PostgreSQL", Report.num(ceilingCpuMillis, 3) + " ms");
        report.info(name, "machine CPU used by other processes (noise)", noise(m.resources()));
        report.section(Report.cpuTable(name + ": where the CPU went", m.resources()));
        if (patchCpuMillis > 0) {
            report.info("PATCH", "CPU per request (JVM + PostgreSQL) / the ceiling's (GET /ocpi/versions, "
                    + Report.num(ceilingCpuMillis, 3) + " ms)", Report.num(patchCpuMillis / ceilingCpuMillis, 2)
                    + " × (" + Report.num(patchCpuMillis, 3) + " ms)");
        }
    }

    /**
     * The floor under the pull: the Locations and EVSEs the pull stored, COPYed again into scratch
     * tables of the same shape, timed ({@link PullFloor}). The pull's EVSEs/s as a share of it.
     */
    private void pullFloor(Report report, BenchContext b) throws Exception {
        String name = "pull floor";
        log(name + ": COPY of the stored Locations and EVSEs into scratch tables");
        var r = PullFloor.run(b.postgresJdbcUrl(), dataDir);
        double evsesPerSecond = r.evses() / r.seconds();
        log(String.format(Locale.ROOT, "%s: %d Locations + %d EVSEs (%.0f MB) in %.2f s = %.0f EVSE/s", name,
                r.locations(), r.evses(), r.bytes() / 1048576.0, r.seconds(), evsesPerSecond));
        report.info(name, "rows COPYed (binary, one COPY per table, one transaction, durable commit): the stored"
                + " Locations and EVSEs, every column, connectors inside the EVSE documents", Report.num(r.locations(), 0)
                + " Locations + " + Report.num(r.evses(), 0) + " EVSEs, " + Report.mb(r.bytes()));
        report.info(name, "wall time: Locations / EVSEs / commit", Report.num(r.locationSeconds(), 2) + " / "
                + Report.num(r.evseSeconds(), 2) + " / " + Report.num(r.commitSeconds(), 2) + " s");
        report.info(name, "EVSEs/s (EVSEs / wall time of both COPYs and the commit)", Report.num(evsesPerSecond, 0));
        if (pullEvsesPerSecond > 0) {
            double ratio = pullEvsesPerSecond / evsesPerSecond;
            report.target(name, "the pull's EVSEs/s (" + Report.num(pullEvsesPerSecond, 0) + ") / the floor's",
                    Report.num(ratio, 2), "≥ 0.5", ratio >= 0.5);
        }
    }

    /**
     * The eMSP's executable jar started as a process of its own (plain {@code java -jar}) on an
     * empty data directory, stopped, and started again on it: the time to ready of both starts,
     * split as the service logs it, and the idle memory of the JVM and of its embedded PostgreSQL
     * after the restart.
     */
    private void separateProcess(Report report, BenchOptions o) throws Exception {
        var jar = ServiceProcess.findJar(o.emspJar());
        if (jar.isEmpty()) {
            String why = "skipped: " + (o.emspJar() != null ? o.emspJar() : "emsp/target/emsp-*-exec.jar")
                    + " not found (run from the repository root after ./mvnw package, or give --emsp-jar)";
            log("start-up and memory " + why);
            if (o.runStartup()) {
                report.info("start-up (own process)", "first start and restart", why);
            }
            if (o.runMemory()) {
                report.info("memory (own process)", "idle RSS / PSS", why);
            }
            return;
        }
        Path dir = dataDir.resolve("own-process");
        for (String start : new String[] {"first start", "restart", "fast start"}) {
            List<String> jvmOptions = List.of();
            Path startJar = jar.get();
            if (start.equals("fast start")) {
                // the documented fast start (docs/deployment.md): deploy/cds-archive.sh's training run, then
                // a restart on the same data directory with its AppCDS archive
                log("the fast start's archive: deploy/cds-archive.sh (a training run of the service)");
                long t0 = System.nanoTime();
                var built = ServiceProcess.buildFastStart(jar.get(), dataDir.resolve("fast-start"),
                        dataDir.resolve("fast-start-build.log"));
                double buildSeconds = (System.nanoTime() - t0) / 1e9;
                if (built.isEmpty()) {
                    if (o.runStartup()) {
                        report.info("start-up (own process)", "fast start (AppCDS archive)",
                                "skipped: deploy/cds-archive.sh not found or failed (run from the repository root)");
                    }
                    break;
                }
                if (o.runStartup()) {
                    report.info("start-up (own process)", "fast start: building its archive (deploy/cds-archive.sh:"
                            + " extract the jar, training run of the service to ready, stop)", Report.num(buildSeconds, 1) + " s");
                }
                startJar = built.get()[0];
                jvmOptions = List.of("-XX:SharedArchiveFile=" + built.get()[1]);
            }
            log("the eMSP as a process of its own (" + startJar + " " + jvmOptions + "), " + start);
            try (var started = ServiceProcess.start(startJar, jvmOptions, dir, API_KEY, start.replace(' ', '-'))) {
                service = started;
                var split = started.split();
                log(String.format(Locale.ROOT, "%s: /actuator/health UP after %.1f s; %s", start,
                        started.secondsToHealthy(), split.map(Object::toString).orElse("no \"Ready in\" line")));
                if (o.runStartup()) {
                    startupRows(report, start, started, split.orElse(null));
                }
                if (o.runMemory() && !start.equals("first start")) {
                    Thread.sleep(IDLE_SECONDS * 1000L);
                    var jvm = started.jvmMemory();
                    long[] pg = started.postgresMemory();
                    log(String.format(Locale.ROOT, "%s, idle: JVM RSS %d MB, PSS %d MB; PostgreSQL %d processes, PSS %d MB",
                            start, jvm.rss() >> 20, jvm.pss() >> 20, pg[0], pg[2] >> 20));
                    String name = "memory (own process)";
                    if (start.equals("restart")) {
                        report.target(name, "eMSP JVM RSS, idle " + IDLE_SECONDS + " s after the restart (plain java -jar,"
                                + " no JVM options)", Report.mb(jvm.rss()), "≤ 200 MB", jvm.rss() <= 200L * 1024 * 1024);
                        report.info(name, "eMSP JVM PSS, same moment", Report.mb(jvm.pss()));
                        report.info(name, "embedded PostgreSQL, postmaster and its " + (pg[0] - 1) + " children: PSS (RSS)",
                                Report.mb(pg[2]) + " (" + Report.mb(pg[1]) + ")");
                        report.info(name, "eMSP JVM RSS + PostgreSQL PSS", Report.mb(jvm.rss() + pg[2]));
                    } else {
                        report.target(name, "eMSP JVM RSS, idle " + IDLE_SECONDS + " s after the fast start (with the AppCDS"
                                + " archive: its mapped classes count in RSS, shared with other processes in PSS)",
                                Report.mb(jvm.rss()), "≤ 200 MB", jvm.rss() <= 200L * 1024 * 1024);
                        report.info(name, "eMSP JVM PSS after the fast start, same moment", Report.mb(jvm.pss()));
                    }
                }
            } finally {
                service = null;
            }
        }
    }

    static final int IDLE_SECONDS = 10;

    private static void startupRows(Report report, String start, ServiceProcess started, ServiceProcess.Split s) {
        String name = "start-up (own process)";
        String what = switch (start) {
            case "first start" -> "first start (empty data directory)";
            case "restart" -> "restart (existing data directory)";
            default -> "fast start (restart with the AppCDS archive of deploy/cds-archive.sh)";
        };
        String target = start.equals("first start") ? "≤ 5 s" : "≤ 3 s";
        double limit = start.equals("first start") ? 5 : 3;
        if (s == null) {
            report.target(name, what + ": to /actuator/health UP, seen by the bench (the service logged no split)",
                    Report.num(started.secondsToHealthy(), 1) + " s", target, started.secondsToHealthy() <= limit);
            return;
        }
        report.target(name, what + ": to ready (the service's \"Ready in\" line)", Report.num(s.total(), 1) + " s",
                target, s.total() <= limit);
        report.info(name, what + ": JVM / PostgreSQL start" + (s.inParallel() ? " (in parallel with the context)" : "")
                        + " / the context waiting for PostgreSQL / Flyway / rest of the Spring context",
                Report.num(s.jvm(), 1) + " / " + Report.num(s.postgres(), 1) + " / " + Report.num(s.postgresWaited(), 1)
                        + " / " + Report.num(s.flyway(), 1) + " / " + Report.num(s.context(), 1) + " s");
        report.info(name, what + ": process start to /actuator/health UP, seen by the bench",
                Report.num(started.secondsToHealthy(), 1) + " s");
    }

    /**
     * Real-time token authorization, the CPO's hot path: {@code POST {tokens}/{uid}/authorize}
     * from the simulator's client, round-robin over {@link #AUTHORIZE_TOKENS} RFID tokens.
     */
    private void createTokens(BenchContext b) throws Exception {
        log("authorize: creating " + AUTHORIZE_TOKENS + " tokens");
        for (int i = 0; i < AUTHORIZE_TOKENS; i++) {
            var created = b.api().post("/v1/tokens", "{\"uid\":\"BENCH" + i + "\",\"type\":\"RFID\","
                    + "\"contract_id\":\"NL-RYY-C" + i + "\"}", Duration.ofSeconds(10));
            if (created.status() != 201) {
                throw new IllegalStateException("POST /v1/tokens answered HTTP " + created.status() + ": " + created.body());
            }
        }
    }

    /** Authorizes {@code tokens} tokens BENCH0.. round-robin (they must exist). */
    private Scaling.Point authorize(Report report, BenchContext b, BenchOptions o, int tokens, String name)
            throws Exception {
        var next = new java.util.concurrent.atomic.AtomicLong();
        PatchBench.Request request = () -> {
            var r = b.sim().authorizeToken("BENCH" + (next.getAndIncrement() % tokens), "RFID", null);
            return r.status() == 200 && r.body().contains("\"ALLOWED\"") ? null : "HTTP " + r.status() + " " + r.body();
        };
        int threads = o.concurrency().get(o.concurrency().size() - 1);
        long stored = b.jdbc().sql("select count(*) from token").query(Long.class).single();
        // the JIT has compiled the HTTP path in the benchmarks before: this fills the token cache
        int warmup = Math.min(o.warmupSeconds(), 20);
        log(name + ": " + tokens + " tokens round-robin (" + stored + " in the database), " + threads + " threads, "
                + "at least " + warmup + " s warm-up, until the JIT settles");
        warmUp(name, "authorize-warmup", warmup, threads, request);
        var m = measure(b, () -> PatchBench.load(threads, o.patchSeconds(), "authorize", request));
        var p = m.phase();
        log(String.format(Locale.ROOT, "authorize: %.0f/s, p50 %.2f p99 %.2f ms, %d errors", p.perSecond(),
                p.millisAt(50), p.millisAt(99), p.errors()));
        report.target(name, "requests/s (" + threads + " threads, " + o.patchSeconds() + " s)",
                Report.num(p.perSecond(), 0), "≥ 10,000", p.perSecond() >= 10_000);
        report.info(name, "latency p50", Report.num(p.millisAt(50), 2) + " ms");
        report.info(name, "latency p90", Report.num(p.millisAt(90), 2) + " ms");
        report.target(name, "latency p99", Report.num(p.millisAt(99), 2) + " ms", "≤ 5 ms", p.millisAt(99) <= 5);
        report.info(name, "latency max", Report.num(p.latencyMicros().getMaxValue() / 1000.0, 2) + " ms");
        report.check(name, "errors", Long.toString(p.errors()), "0", p.errors() == 0);
        p.errorSamples().forEach(e -> log("authorize error sample: " + e));
        report.info(name, "CPU per request: JVM / PostgreSQL", Report.num(1000 * m.resources().jvmCpuSeconds()
                / Math.max(1, p.requests()), 3) + " ms / " + Report.num(1000 * m.resources().postgresCpuSeconds()
                / Math.max(1, p.requests()), 3) + " ms");
        if (ceilingCpuMillis > 0) {
            double ratio = cpuMillisPerRequest(m.resources(), p.requests()) / ceilingCpuMillis;
            report.target(name, "CPU per request (JVM + PostgreSQL) / the ceiling's (GET /ocpi/versions, "
                            + Report.num(ceilingCpuMillis, 3) + " ms)", Report.num(ratio, 2) + " ×", "≤ 1.2 ×",
                    ratio <= 1.2);
        }
        report.info(name, "tokens authorized round-robin / tokens in the database", tokens + " / " + stored);
        report.info(name, "heap: max right after a GC / after a full GC at the end", Report.mb(m.heap().afterGcBytes())
                + " / " + Report.mb(m.liveHeap()));
        report.section(Report.cpuTable(name + ": where the CPU went", m.resources()));
        return new Scaling.Point(Report.num(stored, 0) + " tokens", p.perSecond(), Report.num(p.perSecond(), 0) + "/s",
                "p99 " + Report.num(p.millisAt(99), 2) + " ms", m.heap().usedBytes(), m.heap().afterGcBytes(),
                m.liveHeap(), m.dbBytes());
    }

    static final int AUTHORIZE_TOKENS = 1000;

    /**
     * CDR ingest: the simulator POSTs distinct CDRs (each carrying a dataset tariff) from N
     * threads; every one is stored, re-priced by the tariff engine and gets its payment queued, in
     * one transaction. Stripe is not configured in the bench: payments are recorded, not sent.
     */
    private Scaling.Point cdrs(Report report, BenchContext b, BenchOptions o, String name) throws Exception {
        String tariff = b.sim().tariffJson(1);
        String tariffId = tariff.replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1");
        var next = new java.util.concurrent.atomic.AtomicLong();
        var cpo = b.sim().config();
        String prefix = "BENCH-CDR-" + (name.equals("CDR ingest") ? "" : "S-");
        PatchBench.Request request = () -> {
            String id = prefix + next.getAndIncrement();
            String cdr = """
                    {"country_code":"%s","party_id":"%s","id":"%s","start_date_time":"2026-03-02T10:00:00Z",
                     "end_date_time":"2026-03-02T11:00:00Z","session_id":"S-%s",
                     "cdr_token":{"country_code":"NL","party_id":"RYY","uid":"BENCH","type":"RFID","contract_id":"NL-RYY-CB"},
                     "auth_method":"WHITELIST","cdr_location":{"id":"LOC000001","address":"Main 1","city":"Amsterdam",
                      "country":"NLD","coordinates":{"latitude":"52.37403","longitude":"4.88969"},"evse_uid":"LOC000001-E1",
                      "evse_id":"NL*SIM*E1*1","connector_id":"1","connector_standard":"IEC_62196_T2","connector_format":"SOCKET",
                      "connector_power_type":"AC_3_PHASE"},"currency":"EUR","tariffs":[%s],
                     "charging_periods":[{"start_date_time":"2026-03-02T10:00:00Z","dimensions":[{"type":"ENERGY","volume":11},
                      {"type":"TIME","volume":1}],"tariff_id":"%s"}],
                     "total_cost":{"excl_vat":3.30,"incl_vat":3.99},"total_energy":11,"total_time":1,
                     "last_updated":"2026-03-02T11:05:00Z"}""".formatted(cpo.countryCode(), cpo.partyId(), id, id, tariff,
                    tariffId);
            var r = b.sim().pushJson("POST", "cdrs", "", cdr);
            return r.status() == 201 ? null : "HTTP " + r.status() + " " + r.body();
        };
        int threads = o.concurrency().get(o.concurrency().size() - 1);
        log(name + ": " + threads + " threads, at least " + Math.min(o.warmupSeconds(), 20)
                + " s warm-up, until the JIT settles, " + history(b));
        warmUp(name, "cdr-warmup", Math.min(o.warmupSeconds(), 20), threads, request);
        long warmed = b.jdbc().sql("select count(*) from cdr").query(Long.class).single();
        String dataset = Report.num(warmed, 0) + " CDRs";
        var m = measure(b, () -> PatchBench.load(threads, o.patchSeconds(), "cdrs", request));
        var p = m.phase();
        log(String.format(Locale.ROOT, "%s: %.0f/s, p50 %.2f p99 %.2f ms, %d errors", name, p.perSecond(),
                p.millisAt(50), p.millisAt(99), p.errors()));
        report.info(name, "CDRs/s stored + re-priced + payment queued (" + threads + " threads, "
                + o.patchSeconds() + " s)", Report.num(p.perSecond(), 0));
        report.info(name, "latency p50 / p99", Report.num(p.millisAt(50), 2) + " / " + Report.num(p.millisAt(99), 2)
                + " ms");
        report.check(name, "errors", Long.toString(p.errors()), "0", p.errors() == 0);
        long stored = b.jdbc().sql("select count(*) from cdr").query(Long.class).single() - warmed;
        report.check(name, "CDRs stored = answered 201 (measured phase)", stored + " / " + p.requests(), "equal",
                stored == p.requests());
        // every CDR in the database (this phase's and earlier benchmarks') has exactly one payment
        long payments = b.jdbc().sql("select count(*) from payment").query(Long.class).single();
        long cdrs = b.jdbc().sql("select count(*) from cdr").query(Long.class).single();
        report.check(name, "payments = CDRs (whole database)", payments + " / " + cdrs, "equal", payments == cdrs);
        report.info(name, "CPU per CDR: JVM / PostgreSQL", Report.num(1000 * m.resources().jvmCpuSeconds()
                / Math.max(1, p.requests()), 2) + " ms / " + Report.num(1000 * m.resources().postgresCpuSeconds()
                / Math.max(1, p.requests()), 2) + " ms");
        double cdrCpu = cpuMillisPerRequest(m.resources(), p.requests());
        report.target(name, "CPU per CDR, JVM + PostgreSQL (stored, priced, payment queued; the whole JVM)",
                Report.num(cdrCpu, 2) + " ms", "≤ 1.0 ms", cdrCpu <= 1.0);
        report.info(name, "CDRs in the database before the measured phase", Report.num(warmed, 0));
        report.info(name, "heap: max right after a GC / after a full GC at the end", Report.mb(m.heap().afterGcBytes())
                + " / " + Report.mb(m.liveHeap()));
        p.errorSamples().forEach(e -> log("CDR error sample: " + e));
        return new Scaling.Point(dataset, p.perSecond(), Report.num(p.perSecond(), 0) + "/s", "p99 "
                + Report.num(p.millisAt(99), 1) + " ms", m.heap().usedBytes(), m.heap().afterGcBytes(), m.liveHeap(),
                m.dbBytes());
    }

    /** START_SESSION round-trip overhead over the CPO's own latency, then full robot cycles per second. */
    private Scaling.Point[] cycle(Report report, BenchContext b, BenchOptions o, String suffix) throws Exception {
        b.api().post("/ocpi/2.2.1/tariffs/sync/" + b.connectionId(), null, Duration.ofMinutes(2));
        var bench = new CycleBench(b);
        long latency = o.simLatencyMillis();
        String dataset = history(b);
        log("START_SESSION" + suffix + " round trips: " + o.startSamples() + " sequential, simulator latency "
                + latency + " ms; " + dataset);
        // the JIT compiles the whole cycle (START included) first: the STARTs and the cycles are
        // then measured on a warm JVM, as a running service is
        int warmup = Math.min(o.warmupSeconds(), 10);
        String warmed = "no warm-up";
        if (warmup > 0) {
            log("full cycles" + suffix + " warm-up: " + o.cycleThreads() + " threads, at least " + warmup
                    + " s, until the JIT settles");
            var w = JitWarmup.run(warmup, MAX_WARMUP_SECONDS, s -> bench.cycles(warmupThreads(o.cycleThreads()), s));
            warmed = w.describe();
            log("full cycles" + suffix + ": " + warmed);
        }
        b.heap().reset();
        var starts = bench.startRoundTrips(Math.max(10, o.startSamples() / 5), o.startSamples(), latency);
        var startHeap = b.heap().peaks();
        long startLive = liveBytes(b);
        var direct = bench.directRoundTrips(Math.max(10, o.startSamples() / 5), o.startSamples(), latency);
        String name = "START_SESSION" + suffix;
        report.info(name, "the CPO alone: StartSession POSTed straight to the simulator, p50 / p99",
                Report.num(direct.millisAt(50), 2) + " / " + Report.num(direct.millisAt(99), 2) + " ms");
        report.info(name, "round trips (sequential, simulator answers after " + latency + " ms)",
                Report.num(starts.count(), 0));
        report.info(name, "round trip p50 / p99", Report.num(starts.millisAt(50), 2) + " / "
                + Report.num(starts.millisAt(99), 2) + " ms");
        double overheadP50 = starts.millisAt(50) - direct.millisAt(50);
        double overheadP99 = starts.millisAt(99) - direct.millisAt(99);
        report.target(name, "our overhead (round trip minus the CPO alone), p50", Report.num(overheadP50, 2) + " ms", "≤ 3 ms",
                overheadP50 <= 3);
        report.target(name, "our overhead (round trip minus the CPO alone), p99", Report.num(overheadP99, 2) + " ms", "≤ 10 ms",
                overheadP99 <= 10);
        report.check(name, "errors", Long.toString(starts.errors()), "= 0", starts.errors() == 0);
        log(String.format(Locale.ROOT, "START: p50 %.2f ms, p99 %.2f ms; CPO alone p50 %.2f ms, p99 %.2f ms"
                        + " (latency %d ms), %d errors", starts.millisAt(50), starts.millisAt(99), direct.millisAt(50),
                direct.millisAt(99), latency, starts.errors()));

        log("full cycles" + suffix + ": " + o.cycleThreads() + " threads, " + o.cycleSeconds() + " s");
        var m = measure(b, () -> {
            var r = bench.cycles(o.cycleThreads(), o.cycleSeconds());
            return new PatchBench.Phase(r.seconds(), r.count(), r.errors(), 0, r.micros(), r.errorSamples(), 0);
        });
        var p = m.phase();
        String cycles = "robot cycles" + suffix;
        report.info(cycles, "cycles (" + o.cycleThreads() + " at once, " + o.cycleSeconds() + " s after " + warmed
                + "): job → START → "
                + "result + session → PATCH → STOP → result + COMPLETED + CDR → payment recorded", Report.num(p.requests(), 0));
        report.target(cycles, "full cycles/s", Report.num(p.perSecond(), 1), "≥ 20", p.perSecond() >= 20);
        report.info(cycles, "cycle time p50 / p99", Report.num(p.millisAt(50), 1) + " / " + Report.num(p.millisAt(99), 1)
                + " ms");
        report.check(cycles, "errors", Long.toString(p.errors()), "= 0", p.errors() == 0);
        if (!p.errorSamples().isEmpty()) {
            report.section("### robot cycles: first errors\n\n" + p.errorSamples().stream()
                    .map(e -> "- `" + e + "`").collect(Collectors.joining("\n")) + "\n");
        }
        long payments = b.jdbc().sql("select count(*) from payment").query(Long.class).single();
        long cdrs = b.jdbc().sql("select count(*) from cdr").query(Long.class).single();
        report.check(cycles, "payments recorded = CDRs received", payments + " / " + cdrs, "equal", payments == cdrs);
        report.info(cycles, "CPU per cycle: JVM / PostgreSQL", Report.num(1000 * m.resources().jvmCpuSeconds()
                / Math.max(1, p.requests()), 1) + " ms / " + Report.num(1000 * m.resources().postgresCpuSeconds()
                / Math.max(1, p.requests()), 1) + " ms");
        double cycleCpu = cpuMillisPerRequest(m.resources(), p.requests());
        report.target(cycles, "CPU per cycle, JVM + PostgreSQL (eMSP, simulator and load generator)",
                Report.num(cycleCpu, 1) + " ms", "≤ 25 ms", cycleCpu <= 25);
        report.section(Report.cpuTable(cycles + ": where the CPU went", m.resources()));
        log(String.format(Locale.ROOT, "cycles: %d in %.1f s = %.1f/s, p50 %.0f ms, p99 %.0f ms, %d errors",
                p.requests(), p.seconds(), p.perSecond(), p.millisAt(50), p.millisAt(99), p.errors()));
        report.info(name, "stored before the run: " + HISTORY_WORDS, dataset);
        report.info(cycles, "heap: max right after a GC / after a full GC at the end", Report.mb(m.heap().afterGcBytes())
                + " / " + Report.mb(m.liveHeap()));
        var start = new Scaling.Point(dataset, 1 / Math.max(0.01, overheadP50), "overhead p50 "
                + Report.num(overheadP50, 1) + " ms", "p99 " + Report.num(overheadP99, 1) + " ms",
                startHeap.usedBytes(), startHeap.afterGcBytes(), startLive, m.dbBytes());
        var cycle = new Scaling.Point(dataset, p.perSecond(), Report.num(p.perSecond(), 1) + " cycles/s", "p99 "
                + Report.num(p.millisAt(99), 0) + " ms", m.heap().usedBytes(), m.heap().afterGcBytes(), m.liveHeap(),
                m.dbBytes());
        return new Scaling.Point[] {start, cycle};
    }

    static final String HISTORY_WORDS = "robot jobs / job sessions / CPO sessions / CDRs";

    /** What the charging history tables hold, in words (the dataset of START, cycles and CDR ingest). */
    private static String history(BenchContext b) {
        return b.jdbc().sql("select (select count(*) from robot_job), (select count(*) from job_session),"
                        + " (select count(*) from charging_session), (select count(*) from cdr)")
                .query((rs, n) -> Report.num(rs.getLong(1), 0) + " jobs, " + Report.num(rs.getLong(2), 0)
                        + " job sessions, " + Report.num(rs.getLong(3), 0) + " sessions, " + Report.num(rs.getLong(4), 0)
                        + " CDRs").single();
    }

    /**
     * The live heap after a measurement. The simulators record every request they receive (for
     * tests); that record is the bench's, not the eMSP's, so it is emptied first.
     */
    private long liveBytes(BenchContext b) {
        for (CpoSimulator simulator : new CpoSimulator[] {sim, sim2}) {
            if (simulator != null) {
                simulator.clearRequests();
            }
        }
        return HeapSampler.liveBytes();
    }

    static long dbBytes(BenchContext b) {
        return b.jdbc().sql("select pg_database_size(current_database())").query(Long.class).single();
    }

    private static void latencyRows(Report report, String name, PatchBench.Phase p, boolean p99Target) {
        report.info(name, "latency p50", Report.num(p.millisAt(50), 2) + " ms");
        report.info(name, "latency p90", Report.num(p.millisAt(90), 2) + " ms");
        if (p99Target) {
            report.target(name, "latency p99", Report.num(p.millisAt(99), 2) + " ms", "≤ 20 ms", p.millisAt(99) <= 20);
        } else {
            report.info(name, "latency p99", Report.num(p.millisAt(99), 2) + " ms");
        }
        report.info(name, "latency p99.9", Report.num(p.millisAt(99.9), 2) + " ms");
        report.info(name, "latency max", Report.num(p.latencyMicros().getMaxValue() / 1000.0, 2) + " ms");
    }

    interface LoadPhase {
        PatchBench.Phase run() throws Exception;
    }

    /** A load phase with everything observed around it. */
    private record Measured(PatchBench.Phase phase, ResourceSnapshot.Delta resources, HeapSampler.Peaks heap,
                            Map<String, Long> pg, PgStats.ActivitySampler activity, PgStats pgStats, long liveHeap,
                            long dbBytes) {

        String topStatements(String name, boolean available) {
            return available ? pgStats.topStatements(name + " (measured phase): costliest SQL statements", 12,
                    phase.requests(), "request") : null;
        }
    }

    private Measured measure(BenchContext b, LoadPhase phase) throws Exception {
        var pgBefore = b.pg().counters();
        b.heap().reset();
        var before = b.resources();
        PatchBench.Phase p;
        PgStats.ActivitySampler activity;
        try (var sampler = b.activitySampler()) {
            p = phase.run();
            activity = sampler;
        }
        var resources = b.resources().since(before,
                Map.of(ResourceSnapshot.group("bench-patch-"), p.senderCpuNanos()));
        var heap = b.heap().peaks();
        long live = liveBytes(b);
        Thread.sleep(1500); // let the backends flush their statistics
        var pg = PgStats.minus(b.pg().counters(), pgBefore);
        return new Measured(p, resources, heap, pg, activity, b.pg(), live, dbBytes(b));
    }

    private static String noise(ResourceSnapshot.Delta d) {
        double capacity = d.seconds() * Runtime.getRuntime().availableProcessors();
        return Report.num(100 * d.otherProcessesSeconds() / Math.max(1e-9, capacity), 0) + " % of capacity";
    }

    private long idleHeap;

    /** Heap in use once the started service has settled: what it costs to just be up. */
    private static long idleHeapBytes() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }

    private void environment(Report report, BenchOptions o, double emspStart, String loadBefore, PgStats pg) {
        var runtime = ManagementFactory.getRuntimeMXBean();
        report.env("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        report.env("CPUs (availableProcessors)", Integer.toString(Runtime.getRuntime().availableProcessors()));
        String xmx = runtime.getInputArguments().stream().filter(a -> a.startsWith("-Xmx")).findFirst()
                .orElse("(not set)");
        report.env("-Xmx", xmx + " (heap max seen by the JVM: " + Report.mb(HeapSampler.maxHeapBytes()) + ")");
        report.env("JVM arguments", String.join(" ", runtime.getInputArguments()));
        report.env("GC", ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", ")));
        report.env("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        report.env("load average before the run", loadBefore);
        report.env("heap measured for", "the whole JVM: eMSP + CPO simulator + load generator (one process);"
                + " PostgreSQL runs as separate processes");
        report.env("Locations / EVSEs", o.locations() + " / " + o.evses());
        var env = ctx.getEnvironment();
        // what the eMSP bound, defaults included (a literal here once drifted from the real default)
        var sync = ctx.getBean(com.rollyy.emsp.sync.SyncProperties.class);
        report.env("eMSP rollyy.sync.page-size / batch-size", sync.pageSize()
                + (env.containsProperty("rollyy.sync.page-size") ? "" : " (default)") + " / " + sync.batchSize()
                + (env.containsProperty("rollyy.sync.batch-size") ? "" : " (default)"));
        DataSource ds = ctx.getBean(DataSource.class);
        if (ds instanceof HikariDataSource hikari) {
            report.env("eMSP Hikari maximumPoolSize", Integer.toString(hikari.getMaximumPoolSize()));
        }
        report.env("eMSP Tomcat threads max", env.getProperty("server.tomcat.threads.max", "200 (default)"));
        report.env("simulator max page size", "1000");
        report.env("eMSP start-up (incl. embedded PostgreSQL + Flyway)", Report.num(emspStart, 1) + " s");
        report.env("eMSP idle heap right after start-up (after a full GC, before the simulator starts)",
                Report.mb(idleHeap));
        pg.settings().forEach((k, v) -> report.env("PostgreSQL " + k, v));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void startWatchdog(int minutes) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(Duration.ofMinutes(minutes).toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("[bench] watchdog: still running after " + minutes + " min, stopping");
            System.exit(3); // the shutdown hook closes the simulator and the eMSP and deletes the temp dir
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Idempotent: runs at the end and from the shutdown hook. */
    private void cleanup() {
        if (!cleanedUp.compareAndSet(false, true)) {
            return;
        }
        try {
            if (service != null) {
                service.close();
            }
        } catch (Exception e) {
            System.err.println("[bench] stopping the eMSP process: " + e);
        }
        for (CpoSimulator simulator : new CpoSimulator[] {sim, sim2}) {
            try {
                if (simulator != null) {
                    simulator.close();
                }
            } catch (RuntimeException e) {
                System.err.println("[bench] closing the simulator: " + e);
            }
        }
        try {
            if (ctx != null) {
                ctx.close(); // stops Tomcat, the pool and the embedded PostgreSQL
            }
        } catch (RuntimeException e) {
            System.err.println("[bench] closing the eMSP: " + e);
        }
        try {
            if (ownPostgres != null) {
                ownPostgres.close();
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("[bench] stopping PostgreSQL: " + e);
        }
        if (dataDir != null) {
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("[bench] deleting " + dataDir + ": " + e);
            }
            if (Files.exists(dataDir)) {
                System.err.println("[bench] could not delete " + dataDir);
            }
        }
    }

    static void log(String message) {
        System.err.println("[bench " + java.time.LocalTime.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                + "] " + message);
    }
}
