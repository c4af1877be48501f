package com.rollyy.bench;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;

/**
 * The operator console's pages on a large database: 100,000 Locations (pulled, as in the other
 * benchmarks), at least 10,000 robot jobs and 100,000 CDRs (a few real robot cycles, then their
 * history grown in SQL by {@link DatasetGrowth}). Signs in like a browser (form, CSRF token,
 * session cookie) and times each page sequentially: the time to the last byte of the HTML, as an
 * operator waits for it. Target: p95 under 200 ms for every page (issue 13).
 */
final class ConsoleBench {

    static final int JOBS = 10_000;
    static final int CDRS = 100_000;
    private static final int WARMUP = 10;
    private static final int SAMPLES = 50;
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final BenchContext b;
    private final String base;
    private final String username;
    private final String password;
    private final HttpClient http;
    private final com.rollyy.emsp.locations.LocationQueries locations;

    ConsoleBench(BenchContext b, String base, String username, String password,
                 com.rollyy.emsp.locations.LocationQueries locations) {
        this.b = b;
        this.locations = locations;
        this.base = base;
        this.username = username;
        this.password = password;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    void run(Report report) throws Exception {
        grow(report);
        signIn();
        mapFirstViews(report);
        boolean statements = b.pg().statementsAvailable();
        for (var page : pages().entrySet()) {
            if (statements) {
                b.pg().resetStatements();
            }
            measure(report, page.getKey(), page.getValue());
            if (statements) {
                report.section(b.pg().topStatements("console " + page.getKey() + ": costliest SQL statements", 5,
                        WARMUP + SAMPLES, "page view"));
            }
        }
    }

    /** Real cycles first (every table of a job's life has rows), then copies up to the sizes. */
    private void grow(Report report) throws Exception {
        b.api().post("/ocpi/2.2.1/tariffs/sync/" + b.connectionId(), null, Duration.ofMinutes(2));
        var cycles = new CycleBench(b).cycles(4, 10);
        BenchMain.log("console: " + cycles.count() + " real robot cycles, " + cycles.errors() + " errors");
        long jobs = count("robot_job");
        if (jobs == 0) {
            throw new IllegalStateException("no robot job after the cycles");
        }
        int factor = (int) Math.ceil((double) JOBS / jobs);
        if (factor > 1) {
            DatasetGrowth.growHistory(b.jdbc(), factor);
        }
        long cdrs = count("cdr");
        if (cdrs < CDRS) {
            DatasetGrowth.growCdrs(b.jdbc(), (int) Math.ceil((double) CDRS / cdrs));
        }
        String dataset = String.format(Locale.ROOT, "%,d Locations, %,d EVSEs, %,d robot jobs, %,d CDRs, %,d payments,"
                        + " %,d tokens, %,d tariffs", count("location"), count("evse"), count("robot_job"), count("cdr"),
                count("payment"), count("token"), count("tariff"));
        BenchMain.log("console dataset: " + dataset);
        report.info("console", "dataset", dataset);
    }

    private long count(String table) {
        return b.jdbc().sql("select count(*) from " + table).query(Long.class).single();
    }

    /** The pages an operator opens, with ids of real rows; a page of a single object uses the newest. */
    private Map<String, String> pages() {
        var pages = new LinkedHashMap<String, String>();
        pages.put("Overview", "/console");
        pages.put("Connections", "/console/connections");
        pages.put("one connection", "/console/connections/" + b.connectionId());
        pages.put("Robot jobs", "/console/jobs");
        String robot = first("select robot_id from robot_job order by created_at desc limit 1");
        pages.put("Robot jobs of one robot", "/console/jobs?robot_id=" + enc(robot));
        pages.put("Robot jobs, failed", "/console/jobs?status=failed");
        pages.put("Robot jobs, page 50", "/console/jobs?page=50");
        String job = first("select id::text from robot_job where status = 'completed' order by created_at desc limit 1");
        pages.put("one robot job", "/console/jobs/" + job);
        pages.put("one robot job, its live part", "/console/jobs/" + job + "/timeline");
        pages.put("Payments", "/console/payments");
        pages.put("Payments, held", "/console/payments?status=HELD");
        pages.put("one payment", "/console/payments/" + first("select id::text from payment order by created_at desc limit 1"));
        pages.put("Reconciliation", "/console/reconciliation");
        String cdr = first("select country_code || '/' || party_id || '/' || cdr_id from cdr_reconciliation"
                + " where cdr_id not like '%/%' order by created_at desc limit 1");
        pages.put("one CDR reconciled", "/console/reconciliation/" + cdr);
        pages.put("Tokens", "/console/tokens");
        pages.put("Tokens, search", "/console/tokens?q=BENCH12");
        pages.put("one token", "/console/tokens/token?uid=BENCH0&type=RFID");
        pages.put("Charging assets (map of every Location)", "/console/assets");
        pages.put("Charging assets, zoomed", "/console/assets?bbox=" + enc(bbox()));
        pages.put("Charging assets, available", "/console/assets?status=AVAILABLE");
        pages.put("Charging assets, a rare status", "/console/assets?status=" + RARE_STATUS);
        pages.put("Charging assets, 500 pages deep", "/console/assets?after=" + enc(after500()));
        pages.put("Tariffs", "/console/tariffs");
        pages.put("Audit log", "/console/audit");
        return pages;
    }

    /** A status the simulator never gives: {@link #RARE_EVSES} EVSEs get it for the map's rare-status views. */
    private static final String RARE_STATUS = "INOPERATIVE";
    private static final int RARE_EVSES = 20;

    /**
     * The map's first views (whole network: unfiltered, a frequent and a rare status): cold, as
     * right after start-up with no snapshot kept (the view waits for its load), and the first view
     * of each filter once the snapshot is warm. Also the snapshot's load time and size.
     */
    private void mapFirstViews(Report report) throws Exception {
        int rare = b.jdbc().sql("""
                update evse set status = 'INOPERATIVE', doc = jsonb_set(doc, '{status}', '"INOPERATIVE"')
                 where asset_id in (select asset_id from evse where listed and status <> 'REMOVED'
                                     order by md5(asset_id::text) limit ?)""").param(RARE_EVSES).update();
        BenchMain.log("console: " + rare + " EVSEs now " + RARE_STATUS);
        var views = new LinkedHashMap<String, String>();
        views.put("unfiltered", "/console/assets");
        views.put("AVAILABLE (frequent)", "/console/assets?status=AVAILABLE");
        views.put(RARE_STATUS + " (rare: " + rare + " EVSEs)", "/console/assets?status=" + RARE_STATUS);
        locations.reloadMap(); // PostgreSQL's caches warm, as on a running server
        var info = locations.reloadMap();
        report.info("console", "map snapshot: load (one SQL statement) / Locations / approximate heap",
                Report.num(info.loadTime().toNanos() / 1e6, 0) + " ms / " + String.format(Locale.ROOT, "%,d",
                        info.locations()) + " / " + Report.mb(info.approximateBytes()));
        BenchMain.log(String.format(Locale.ROOT, "console map snapshot: %.0f ms, %d Locations, %d bytes",
                info.loadTime().toNanos() / 1e6, info.locations(), info.approximateBytes()));
        for (var view : views.entrySet()) {
            locations.forgetMap();
            double cold = once(view.getValue());
            report.info("console", "Charging assets map, " + view.getKey() + ": first view with no snapshot kept"
                    + " (right after start-up: waits for its load)", Report.num(cold, 1) + " ms");
            BenchMain.log(String.format(Locale.ROOT, "console map %s cold: %.1f ms", view.getKey(), cold));
        }
        locations.reloadMap();
        for (var view : views.entrySet()) {
            double warm = once(view.getValue());
            report.target("console", "Charging assets map, " + view.getKey() + ": first view of the filter,"
                    + " snapshot warm", Report.num(warm, 1) + " ms", "< 200 ms", warm < 200);
            BenchMain.log(String.format(Locale.ROOT, "console map %s first view, warm: %.1f ms", view.getKey(), warm));
        }
    }

    /** One view of a page, in milliseconds to its last byte. */
    private double once(String path) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build();
        long t0 = System.nanoTime();
        var response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        double took = (System.nanoTime() - t0) / 1e6;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode());
        }
        return took;
    }

    /** The table position after 50,000 EVSEs (the 500th page of 100), as the page's Next link writes it. */
    private String after500() {
        String joined = b.jdbc().sql("""
                        select e.country_code || chr(31) || e.party_id || chr(31) || e.location_id || chr(31) || e.uid
                          from evse e order by e.country_code, e.party_id, e.location_id, e.uid offset 49999 limit 1""")
                .query(String.class).single();
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(joined.getBytes(StandardCharsets.UTF_8));
    }

    /** A box of a tenth of the Locations' extent around their middle: the map zoomed in a few times. */
    private String bbox() {
        return b.jdbc().sql("""
                        select avg(latitude::numeric), avg(longitude::numeric),
                               (max(latitude::numeric) - min(latitude::numeric)) / 20,
                               (max(longitude::numeric) - min(longitude::numeric)) / 20 from location""")
                .query((rs, n) -> {
                    double lat = rs.getDouble(1), lon = rs.getDouble(2), dLat = rs.getDouble(3), dLon = rs.getDouble(4);
                    return String.format(Locale.ROOT, "%.5f,%.5f,%.5f,%.5f", lat - dLat, lon - dLon, lat + dLat, lon + dLon);
                }).single();
    }

    private String first(String sql) {
        return b.jdbc().sql(sql).query(String.class).optional().orElse("none");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private void signIn() throws Exception {
        var login = http.send(HttpRequest.newBuilder(URI.create(base + "/console/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        var csrf = CSRF.matcher(login.body());
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on the sign-in page: " + login.statusCode());
        }
        String form = "username=" + enc(username) + "&password=" + enc(password) + "&_csrf=" + enc(csrf.group(1));
        var signedIn = http.send(HttpRequest.newBuilder(URI.create(base + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
        String location = signedIn.headers().firstValue("Location").orElse("");
        if (signedIn.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("console sign-in refused: " + signedIn.statusCode() + " " + location);
        }
    }

    private void measure(Report report, String name, String path) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build();
        var micros = new Histogram(60_000_000L, 3);
        List<String> failures = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < WARMUP + SAMPLES; i++) {
            long t0 = System.nanoTime();
            var response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long took = (System.nanoTime() - t0) / 1000;
            if (response.statusCode() != 200) {
                failures.add(response.statusCode() + "");
                if (failures.size() > 2) {
                    break;
                }
                continue;
            }
            bytes = response.body().length;
            if (i >= WARMUP) {
                micros.recordValue(took);
            }
        }
        String metric = name + " `GET " + path.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "{id}") + "`: p50 / p95 / max";
        if (micros.getTotalCount() == 0) {
            report.check("console", metric, "answers " + failures, "200", false);
            BenchMain.log("console " + name + ": " + failures);
            return;
        }
        double p50 = micros.getValueAtPercentile(50) / 1000.0;
        double p95 = micros.getValueAtPercentile(95) / 1000.0;
        double max = micros.getMaxValue() / 1000.0;
        report.target("console", metric, Report.num(p50, 1) + " / " + Report.num(p95, 1) + " / " + Report.num(max, 1)
                + " ms (" + Report.num(bytes / 1024.0, 0) + " KB)", "p95 < 200 ms", p95 < 200);
        BenchMain.log(String.format(Locale.ROOT, "console %s: p50 %.1f, p95 %.1f, max %.1f ms, %d bytes", name, p50, p95,
                max, bytes));
    }
}
