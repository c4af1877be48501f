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
 * <ol>
 *   <li><b>pull</b>: the eMSP pulls N Locations × 3 EVSEs from the simulator's Sender interface;</li>
 *   <li><b>patch</b>: the simulator pushes EVSE status PATCHes to the eMSP from a fixed number of threads.</li>
 * </ol>
 * Prints a Markdown table with every figure next to its target. See bench/README.md.
 */
public final class BenchMain {

    static final String API_KEY = "bench-key";

    private BenchMain() {
    }

    public static void main(String[] args) {
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
            status = new BenchMain().run(options);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    // what the cleanup must close, in this order: simulator, eMSP (stops PostgreSQL), temp dir
    private volatile CpoSimulator sim;
    private volatile ConfigurableApplicationContext ctx;
    private volatile Path dataDir;
    private volatile EmbeddedPostgres ownPostgres;
    private boolean statements;
    private final AtomicBoolean cleanedUp = new AtomicBoolean();

    private int run(BenchOptions o) throws Exception {
        dataDir = Files.createTempDirectory("rollyy-bench-");
        Runtime.getRuntime().addShutdownHook(new Thread(this::cleanup, "bench-cleanup"));
        startWatchdog(o.maxMinutes());
        Report report = new Report();
        HeapSampler heap = HeapSampler.start();
        long runStart = System.nanoTime();
        String loadBefore = loadAverage();
        try {
            // ---- 1. the eMSP ----
            List<String> emspArgs = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                    "--rollyy.data-dir=" + dataDir, "--rollyy.api-key=" + API_KEY, "--rollyy.sync.enabled=false",
                    "--rollyy.rate-limit.enabled=false",
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

            // ---- 2. the simulator, and the eMSP registers with it ----
            sim = CpoSimulator.start(SimulatorConfig.defaults().withLocationCount(o.locations()).withEvsesPerLocation(3));
            sim.knobs().setMaxPageSize(1000);
            ProductApi api = new ProductApi("http://127.0.0.1:" + port, API_KEY);
            var registered = api.post("/ocpi/register", "{\"cpo_name\":\"bench\",\"versions_url\":"
                    + api.jsonString(sim.versionsUrl()) + ",\"token\":" + api.jsonString(sim.tokenA()) + "}",
                    Duration.ofSeconds(30));
            if (registered.status() != 201 || registered.json() == null) {
                throw new IllegalStateException("POST /ocpi/register answered HTTP " + registered.status() + ": "
                        + registered.body());
            }
            String connectionId = registered.json().path("connection_id").asString();
            if (!sim.isRegistered() || sim.emspEndpointUrl("locations").isEmpty()) {
                throw new IllegalStateException("the simulator did not learn the eMSP's locations endpoint: "
                        + sim.emspEndpoints());
            }
            log("registered: connection " + connectionId + ", eMSP locations endpoint "
                    + sim.emspEndpointUrl("locations").get());
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

            // ---- 3. pull ----
            if (o.runPull()) {
                pull(report, context, o, false, "pull");
                if (o.secondPull()) {
                    pull(report, context, o, true, "pull #2 (full, warm)");
                }
            } else if (o.runPatch() || o.runCycle()) {
                log("loading the Locations (pull, not measured)");
                var setup = PullBench.run(context, false);
                verifyPulled(report, context, o, setup, "setup pull");
            }

            // ---- 4. PATCH ----
            if (o.runPatch()) {
                patch(report, context, o);
            }
            if (o.runFloor()) {
                floor(report, context, o, port);
            }
            if (o.runCycle()) {
                cycle(report, context, o);
            }
            if (o.runCdrs()) {
                cdrs(report, context, o);
            }
            if (o.runAuthorize()) {
                authorize(report, context, o);
            }
        } finally {
            report.info("run", "total wall time incl. start-up", Report.num((System.nanoTime() - runStart) / 1e9, 1)
                    + " s");
            heap.close();
            cleanup();
        }
        System.out.println();
        System.out.println(report.markdown());
        return report.verificationFailed() ? 1 : 0;
    }

    private void pull(Report report, BenchContext b, BenchOptions o, boolean full, String name) throws Exception {
        log(name + ": " + o.locations() + " Locations × 3 EVSEs");
        if (statements) {
            b.pg().resetStatements();
        }
        var r = PullBench.run(b, full);
        if (statements) {
            report.section(b.pg().topStatements(name + ": costliest SQL statements", 12, o.locations(), "Location"));
        }
        double evsesPerSecond = o.evses() / r.seconds();
        log(String.format(Locale.ROOT, "%s: %.2f s, %.0f EVSE/s, answer %s", name, r.seconds(), evsesPerSecond,
                r.answer()));
        report.info(name, "wall time (POST .../sync → answer)", Report.num(r.seconds(), 2) + " s");
        report.target(name, "EVSEs/s (3N / wall time)", Report.num(evsesPerSecond, 0), "≥ 20,000",
                evsesPerSecond >= 20_000);
        report.info(name, "Locations/s", Report.num(o.locations() / r.seconds(), 0));
        report.target(name, "peak heap used (sum of heap pools, sampled every 50 ms)", Report.mb(r.heap().usedBytes()),
                "≤ 512 MB", r.heap().usedBytes() <= 512L * 1024 * 1024);
        report.info(name, "max heap in use right after a GC", Report.mb(r.heap().afterGcBytes()));
        report.info(name, "GC count / time", r.resources().gcCount() + " / " + r.resources().gcMillis() + " ms ("
                + Report.num(100.0 * r.resources().gcMillis() / (r.seconds() * 1000), 1) + " % of wall)");
        report.info(name, "machine CPU used by other processes (noise)", noise(r.resources()));
        verifyPulled(report, b, o, r, name);
        report.section(Report.cpuTable(name + ": where the CPU went", r.resources()));
        report.section(Report.countersTable(name + ": PostgreSQL counters (approximate)", r.pg(), o.locations(),
                "Location"));
        report.section(Report.activityTable(name + ": PostgreSQL backends", r.activity().averages(),
                r.activity().samples()));
    }

    private static void verifyPulled(Report report, BenchContext b, BenchOptions o, PullBench.Result r, String name) {
        report.check(name, "`synced` in the answer", Integer.toString(r.synced()), "= N = " + o.locations(),
                r.synced() == o.locations());
        report.check(name, "`rejected` in the answer", Integer.toString(r.answer().path("rejected").asInt(-1)), "= 0",
                r.answer().path("rejected").asInt(-1) == 0);
        long evses = b.jdbc().sql("select count(*) from evse").query(Long.class).single();
        report.check(name, "`select count(*) from evse`", Long.toString(evses), "= 3N = " + o.evses(),
                evses == o.evses());
        long locations = b.jdbc().sql("select count(*) from location where active").query(Long.class).single();
        report.check(name, "`select count(*) from location where active`", Long.toString(locations),
                "= N = " + o.locations(), locations == o.locations());
    }

    private void patch(Report report, BenchContext b, BenchOptions o) throws Exception {
        var bench = new PatchBench(b, o.locations());
        int warmThreads = o.concurrency().stream().mapToInt(Integer::intValue).max().orElse(32);
        if (o.warmupSeconds() > 0) {
            log("PATCH warm-up: " + warmThreads + " threads, " + o.warmupSeconds() + " s");
            var warm = bench.run(warmThreads, o.warmupSeconds(), "warmup");
            log(String.format(Locale.ROOT, "warm-up: %.0f PATCH/s, p99 %.1f ms, %d errors", warm.perSecond(),
                    warm.millisAt(99), warm.errors()));
        }
        for (int threads : o.concurrency()) {
            String name = o.concurrency().size() == 1 ? "PATCH" : "PATCH c=" + threads;
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
                    + o.warmupSeconds() + " s warm-up)", Report.num(p.requests(), 0));
            report.target(name, "requests/s", Report.num(p.perSecond(), 0), "≥ 3,000", p.perSecond() >= 3000);
            latencyRows(report, name, p, true);
            report.check(name, "errors (HTTP ≠ 200 or status_code ≠ 1000, or no answer)", Long.toString(p.errors()),
                    "= 0", p.errors() == 0);
            report.check(name, "answered as stale (\"Ignored\")", Long.toString(p.stale()), "= 0", p.stale() == 0);
            report.info(name, "peak heap used (sampled every 50 ms)", Report.mb(m.heap().usedBytes()));
            report.info(name, "max heap in use right after a GC", Report.mb(m.heap().afterGcBytes()));
            report.info(name, "GC count / time", m.resources().gcCount() + " / " + m.resources().gcMillis() + " ms");
            report.info(name, "machine CPU used by other processes (noise)", noise(m.resources()));
            report.info(name, "CPU per request: JVM / PostgreSQL", Report.num(1000 * m.resources().jvmCpuSeconds()
                    / p.requests(), 2) + " ms / " + Report.num(1000 * m.resources().postgresCpuSeconds()
                    / p.requests(), 2) + " ms");
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
        report.check("PATCH", "EVSE rows with last_updated from the PATCHes (warm-up + measured)",
                Long.toString(newer), "= EVSEs patched = " + patched, newer == patched);
        var mismatches = bench.verifySample(500);
        report.check("PATCH", "sample of ≤ 500 patched EVSEs: stored status and last_updated = last PATCH sent",
                mismatches.isEmpty() ? "all match" : mismatches.size() + " differ: " + mismatches.get(0), "all match",
                mismatches.isEmpty());
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

    /**
     * Real-time token authorization, the CPO's hot path: {@code POST {tokens}/{uid}/authorize}
     * from the simulator's client, round-robin over {@link #AUTHORIZE_TOKENS} RFID tokens.
     */
    private void authorize(Report report, BenchContext b, BenchOptions o) throws Exception {
        log("authorize: creating " + AUTHORIZE_TOKENS + " tokens");
        for (int i = 0; i < AUTHORIZE_TOKENS; i++) {
            var created = b.api().post("/v1/tokens", "{\"uid\":\"BENCH" + i + "\",\"type\":\"RFID\","
                    + "\"contract_id\":\"NL-RYY-C" + i + "\"}", Duration.ofSeconds(10));
            if (created.status() != 201) {
                throw new IllegalStateException("POST /v1/tokens answered HTTP " + created.status() + ": " + created.body());
            }
        }
        var next = new java.util.concurrent.atomic.AtomicLong();
        PatchBench.Request request = () -> {
            var r = b.sim().authorizeToken("BENCH" + (next.getAndIncrement() % AUTHORIZE_TOKENS), "RFID", null);
            return r.status() == 200 && r.body().contains("\"ALLOWED\"") ? null : "HTTP " + r.status() + " " + r.body();
        };
        int threads = o.concurrency().get(o.concurrency().size() - 1);
        String name = "authorize";
        if (o.warmupSeconds() > 0) {
            PatchBench.load(threads, o.warmupSeconds(), "authorize-warmup", request);
        }
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
        report.section(Report.cpuTable("authorize: where the CPU went", m.resources()));
    }

    static final int AUTHORIZE_TOKENS = 1000;

    /**
     * CDR ingest: the simulator POSTs distinct CDRs (each carrying a dataset tariff) from N
     * threads; every one is stored, re-priced by the tariff engine and gets its payment queued, in
     * one transaction. Stripe is not configured in the bench: payments are recorded, not sent.
     */
    private void cdrs(Report report, BenchContext b, BenchOptions o) throws Exception {
        String tariff = b.sim().tariffJson(1);
        String tariffId = tariff.replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1");
        var next = new java.util.concurrent.atomic.AtomicLong();
        PatchBench.Request request = () -> {
            String id = "BENCH-CDR-" + next.getAndIncrement();
            String cdr = """
                    {"country_code":"NL","party_id":"SIM","id":"%s","start_date_time":"2026-03-02T10:00:00Z",
                     "end_date_time":"2026-03-02T11:00:00Z","session_id":"S-%s",
                     "cdr_token":{"country_code":"NL","party_id":"RYY","uid":"BENCH","type":"RFID","contract_id":"NL-RYY-CB"},
                     "auth_method":"WHITELIST","cdr_location":{"id":"LOC000001","address":"Main 1","city":"Amsterdam",
                      "country":"NLD","coordinates":{"latitude":"52.37403","longitude":"4.88969"},"evse_uid":"LOC000001-E1",
                      "evse_id":"NL*SIM*E1*1","connector_id":"1","connector_standard":"IEC_62196_T2","connector_format":"SOCKET",
                      "connector_power_type":"AC_3_PHASE"},"currency":"EUR","tariffs":[%s],
                     "charging_periods":[{"start_date_time":"2026-03-02T10:00:00Z","dimensions":[{"type":"ENERGY","volume":11},
                      {"type":"TIME","volume":1}],"tariff_id":"%s"}],
                     "total_cost":{"excl_vat":3.30,"incl_vat":3.99},"total_energy":11,"total_time":1,
                     "last_updated":"2026-03-02T11:05:00Z"}""".formatted(id, id, tariff, tariffId);
            var r = b.sim().pushJson("POST", "cdrs", "", cdr);
            return r.status() == 201 ? null : "HTTP " + r.status() + " " + r.body();
        };
        int threads = o.concurrency().get(o.concurrency().size() - 1);
        String name = "CDR ingest";
        if (o.warmupSeconds() > 0) {
            PatchBench.load(threads, Math.min(o.warmupSeconds(), 20), "cdr-warmup", request);
        }
        long warmed = b.jdbc().sql("select count(*) from cdr").query(Long.class).single();
        var m = measure(b, () -> PatchBench.load(threads, o.patchSeconds(), "cdrs", request));
        var p = m.phase();
        log(String.format(Locale.ROOT, "CDR ingest: %.0f/s, p50 %.2f p99 %.2f ms, %d errors", p.perSecond(),
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
        p.errorSamples().forEach(e -> log("CDR error sample: " + e));
    }

    /** START_SESSION round-trip overhead over the CPO's own latency, then full robot cycles per second. */
    private void cycle(Report report, BenchContext b, BenchOptions o) throws Exception {
        b.api().post("/ocpi/2.2.1/tariffs/sync/" + b.connectionId(), null, Duration.ofMinutes(2));
        var bench = new CycleBench(b);
        long latency = o.simLatencyMillis();
        log("START_SESSION round trips: " + o.startSamples() + " sequential, simulator latency " + latency + " ms");
        var starts = bench.startRoundTrips(Math.max(10, o.startSamples() / 5), o.startSamples(), latency);
        var direct = bench.directRoundTrips(Math.max(10, o.startSamples() / 5), o.startSamples(), latency);
        String name = "START_SESSION";
        report.info(name, "the CPO alone: StartSession POSTed straight to the simulator, p50 / p99",
                Report.num(direct.millisAt(50), 2) + " / " + Report.num(direct.millisAt(99), 2) + " ms");
        report.info(name, "round trips (sequential, simulator answers after " + latency + " ms)",
                Report.num(starts.count(), 0));
        report.info(name, "round trip p50 / p99", Report.num(starts.millisAt(50), 2) + " / "
                + Report.num(starts.millisAt(99), 2) + " ms");
        double overheadP50 = starts.millisAt(50) - direct.millisAt(50);
        double overheadP99 = starts.millisAt(99) - direct.millisAt(99);
        report.target(name, "our overhead (round trip minus the CPO alone), p50", Report.num(overheadP50, 2) + " ms", "≤ 15 ms",
                overheadP50 <= 15);
        report.target(name, "our overhead (round trip minus the CPO alone), p99", Report.num(overheadP99, 2) + " ms", "≤ 50 ms",
                overheadP99 <= 50);
        report.check(name, "errors", Long.toString(starts.errors()), "= 0", starts.errors() == 0);
        log(String.format(Locale.ROOT, "START: p50 %.2f ms, p99 %.2f ms; CPO alone p50 %.2f ms, p99 %.2f ms"
                        + " (latency %d ms), %d errors", starts.millisAt(50), starts.millisAt(99), direct.millisAt(50),
                direct.millisAt(99), latency, starts.errors()));

        log("full cycles: " + o.cycleThreads() + " threads, " + o.cycleSeconds() + " s");
        var m = measure(b, () -> {
            var r = bench.cycles(o.cycleThreads(), o.cycleSeconds());
            return new PatchBench.Phase(r.seconds(), r.count(), r.errors(), 0, r.micros(), r.errorSamples(), 0);
        });
        var p = m.phase();
        String cycles = "robot cycles";
        report.info(cycles, "cycles (" + o.cycleThreads() + " at once, " + o.cycleSeconds() + " s): job → START → "
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
        report.section(Report.cpuTable("robot cycles: where the CPU went", m.resources()));
        log(String.format(Locale.ROOT, "cycles: %d in %.1f s = %.1f/s, p50 %.0f ms, p99 %.0f ms, %d errors",
                p.requests(), p.seconds(), p.perSecond(), p.millisAt(50), p.millisAt(99), p.errors()));
    }

    private static void latencyRows(Report report, String name, PatchBench.Phase p, boolean p99Target) {
        report.info(name, "latency p50", Report.num(p.millisAt(50), 2) + " ms");
        report.info(name, "latency p90", Report.num(p.millisAt(90), 2) + " ms");
        if (p99Target) {
            report.target(name, "latency p99", Report.num(p.millisAt(99), 2) + " ms", "≤ 50 ms", p.millisAt(99) <= 50);
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
                            Map<String, Long> pg, PgStats.ActivitySampler activity, PgStats pgStats) {

        String topStatements(String name, boolean available) {
            return available ? pgStats.topStatements(name + " (measured phase): costliest SQL statements", 12,
                    phase.requests(), "request") : null;
        }
    }

    private static Measured measure(BenchContext b, LoadPhase phase) throws Exception {
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
        Thread.sleep(1500); // let the backends flush their statistics
        var pg = PgStats.minus(b.pg().counters(), pgBefore);
        return new Measured(p, resources, heap, pg, activity, b.pg());
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
        report.env("eMSP rollyy.sync.page-size / batch-size", env.getProperty("rollyy.sync.page-size", "500 (default)")
                + " / " + env.getProperty("rollyy.sync.batch-size", "500 (default)"));
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
            if (sim != null) {
                sim.close();
            }
        } catch (RuntimeException e) {
            System.err.println("[bench] closing the simulator: " + e);
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
