package com.rollyy.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.emsp.support.FakeStripe;
import com.rollyy.emsp.support.TestHttp;

/**
 * The narrated robot charging cycle: the CPO simulator and a fake Stripe in this JVM, the
 * packaged eMSP in a JVM of its own (embedded PostgreSQL in a temporary directory), then every
 * step through the eMSP's API, each request and answer printed. {@link #run()} answers 0 only
 * when every step got what it needed, and always stops what it started and deletes its files.
 */
final class Demo {

    static final String API_KEY = "demo-api-key";
    private static final int STEPS = 12;
    private static final Duration EMSP_START = Duration.ofSeconds(120);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 250;
    /** Charged until the live cost reaches this: above Stripe's minimum charge of 0.50 EUR. */
    private static final BigDecimal WORTH_PAYING = new BigDecimal("1.00");

    private final Options options;
    private final PrintStream out;
    private final Narrator say;
    private final long began = System.nanoTime();

    private Path workDir;
    private CpoSimulator sim;
    private FakeStripe stripe;
    private EmspProcess emsp;
    private boolean cleanedUp;
    /** Set by Ctrl-C (the shutdown hook): the steps stop at their next request. */
    private volatile boolean interrupted;

    // what the steps learn, for the later steps and the summary
    private String connectionId;
    private JsonNode asset;
    private JsonNode connector;
    private String jobId;
    private String ocpiSessionId;
    /** Our session id: what START_SESSION answered, taken by STOP and reconcile alike. */
    private String sessionId;
    private final List<BigDecimal> energies = new ArrayList<>();
    private JsonNode finalView;
    private JsonNode payment;
    private JsonNode reconciliation;

    Demo(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.say = new Narrator(out, STEPS);
    }

    int run() {
        Thread hook = new Thread(() -> {
            interrupted = true;
            out.println();
            out.println("Demo interrupted: stopping the eMSP and deleting its files.");
            cleanUp();
        }, "demo-clean-up");
        Runtime.getRuntime().addShutdownHook(hook);  // Ctrl-C stops the eMSP and deletes the files too
        try {
            setUp();
            cycle();
            summary();
            return 0;
        } catch (DemoFailure | UncheckedIOException | IllegalStateException e) {
            if (interrupted) {
                return 130;  // the hook said so, and cleans up
            }
            failed(e);
            return 1;
        } finally {
            cleanUp();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    // ---- set-up ---------------------------------------------------------------------------------

    private void setUp() {
        say.title("Rollyy eMSP demo: one robot charging cycle, end to end");
        say.line("Everything runs on this machine: the eMSP from its packaged jar (a process of its own, with an");
        say.line("embedded PostgreSQL in a temporary directory), the bundled OCPI 2.2.1 CPO simulator and a fake");
        say.line("Stripe. Every request to the eMSP's API is printed with its answer (long lists are cut short).");
        say.blank();
        try {
            workDir = Files.createTempDirectory("rollyy-demo-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sim = CpoSimulator.start();
        say.fact("CPO simulator", sim.versionsUrl() + " (party " + sim.config().countryCode() + "/"
                + sim.config().partyId() + ", " + sim.config().locationCount() + " Locations, default knobs)");
        stripe = FakeStripe.start();
        say.fact("fake Stripe", stripe.baseUrl());
        emsp = new EmspProcess(options.emspJar(), workDir.resolve("data"), workDir.resolve("emsp.log"), emspEnv());
        say.fact("eMSP", "starting " + relative(options.emspJar()) + " ...");
        long start = System.nanoTime();
        emsp.start(EMSP_START);
        say.fact("eMSP", emsp.url("") + ", ready in " + seconds(System.nanoTime() - start) + " s (header X-API-Key: "
                + API_KEY + ")");
    }

    /** As in production, by environment variables; short timings so the cycle takes seconds. */
    private Map<String, String> emspEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ROLLYY_API_KEY", API_KEY);
        // the simulator listens on 127.0.0.1, which the eMSP refuses as a peer unless told otherwise
        env.put("ROLLYY_OCPI_ALLOW_PRIVATE_PEERS", "true");
        env.put("ROLLYY_STRIPE_API_KEY", FakeStripe.API_KEY);
        env.put("ROLLYY_STRIPE_API_BASE", stripe.baseUrl());
        env.put("ROLLYY_STRIPE_WEBHOOK_SECRET", FakeStripe.WEBHOOK_SECRET);
        env.put("ROLLYY_PAYMENTS_FLEETS_DEFAULT_CUSTOMER", "cus_demo_fleet");
        env.put("ROLLYY_PAYMENTS_FLEETS_DEFAULT_PAYMENT_METHOD", "pm_demo_card");
        // only the pulls the demo asks for, so the narration shows everything that happens
        env.put("ROLLYY_SYNC_ENABLED", "false");
        // background work (the payment) is picked up within 200 ms rather than 10 s
        env.put("DB_SCHEDULER_POLLING_INTERVAL", "200ms");
        env.put("ROLLYY_LOG_FORMAT", "");
        return env;
    }

    // ---- the cycle --------------------------------------------------------------------------------

    private void cycle() {
        say.step("Register with the CPO", "We hand the eMSP the CPO's versions URL and token A; it runs the OCPI"
                + " credentials handshake (versions, details, credentials POST with a fresh token B).");
        JsonNode connection = expect(call("POST", "/ocpi/register", """
                {"cpo_name":"Demo CPO","versions_url":"%s","token":"%s"}""".formatted(sim.versionsUrl(),
                sim.tokenA())), 201, "registration");
        connectionId = text(connection, "connection_id");

        say.step("Pull the CPO's Locations", "The eMSP pages through the CPO's Locations Sender (GET"
                + " /ocpi/2.2.1/locations with Link headers) and stores every Location, EVSE and Connector.");
        expect(call("POST", "/ocpi/2.2.1/locations/sync/" + connectionId, null), 200, "Locations pull");

        say.step("Pull the CPO's Tariffs", "Same for the Tariffs: the eMSP prices sessions and checks CDRs with them.");
        expect(call("POST", "/ocpi/2.2.1/tariffs/sync/" + connectionId, null), 200, "Tariffs pull");

        say.step("Find a charger", "The robots' view of the Locations: one charging asset per EVSE. The demo takes"
                + " the most powerful remote-startable one that is AVAILABLE.");
        JsonNode assets = expect(call("GET", "/v1/charging-assets?limit=50", null), 200, "charging assets");
        chooseAsset(assets);

        say.step("What will it cost?", "The eMSP prices a charge with the CPO's tariff before the robot drives there.");
        JsonNode estimate = expect(call("GET", "/ocpi/2.2.1/tariffs/estimate?asset_id=" + text(asset, "asset_id")
                + "&connector_id=" + encode(text(connector, "id")) + "&kwh=20&duration_minutes=30", null), 200,
                "estimate");
        say.note("=> 20 kWh in 30 min here: " + money(estimate.path("estimate").path("estimated_cost_incl_vat"))
                + " " + estimate.path("currency").asString("") + " incl. VAT (tariff "
                + estimate.path("tariff_id").asString("?") + ")");

        say.step("A robot job", "The robot backend asks for a charging job.");
        JsonNode job = expect(call("POST", "/v1/robot-jobs",
                "{\"robot_id\":\"robot-7\",\"job_type\":\"charging\",\"vehicle_id\":\"EV-DEMO-1\"}"), 201, "robot job");
        jobId = text(job, "rollyy_id");

        say.step("START_SESSION", "The eMSP sends an OCPI StartSession to the CPO that owns the EVSE; the CPO"
                + " answers at once and posts the result to our response_url.");
        JsonNode started = expect(call("POST", "/ocpi/2.2.1/commands/START_SESSION", """
                {"robot_job_id":"%s","asset_id":"%s"}""".formatted(jobId, text(asset, "asset_id"))), 200, "START");
        require("ACCEPTED".equals(started.path("cpo_result").asString()),
                "the CPO did not accept the START: " + started);
        sessionId = text(started, "session_id");

        charging();

        say.step("STOP_SESSION", "The robot is done: the eMSP sends an OCPI StopSession for the CPO's session."
                + " The robot names it by the session_id START_SESSION answered: one id throughout.");
        JsonNode stopped = expect(call("POST", "/ocpi/2.2.1/commands/STOP_SESSION",
                "{\"ocpi_session_id\":\"" + sessionId + "\"}"), 200, "STOP");
        require("ACCEPTED".equals(stopped.path("cpo_result").asString()), "the CPO did not accept the STOP: " + stopped);

        say.step("The CDR", "The CPO ends the session and POSTs its CDR; the eMSP stores it, re-prices it with the"
                + " tariff and queues the payment in the same transaction.");
        finalView = watch("/ocpi/2.2.1/sessions/job/" + jobId,
                view -> view.hasNonNull("cdr_id") && "completed".equals(view.path("status").asString()),
                "the CDR (session completed with a cdr_id)");
        say.note("=> CDR " + text(finalView, "cdr_id") + ": " + finalView.path("energy_kwh").asString() + " kWh, "
                + money(finalView.path("cost")) + " " + finalView.path("currency").asString()
                + " incl. VAT (cost_source " + finalView.path("cost_source").asString() + ")");

        say.step("The payment", "The CDR's total incl. VAT is charged to the robot fleet's saved card through"
                + " Stripe (here the fake one), off-session, with an idempotency key derived from the CDR.");
        JsonNode payments = watch("/v1/payments?robot_job_id=" + jobId,
                list -> list.size() > 0 && Set.of("SUCCEEDED", "FAILED", "HELD", "NOT_CONFIGURED")
                        .contains(list.get(0).path("status").asString()), "the payment to be settled");
        payment = payments.get(0);
        require("SUCCEEDED".equals(payment.path("status").asString()), "the payment did not succeed: " + payment);
        stripe.requests("POST", "/v1/payment_intents").stream().findFirst().ifPresent(request -> say.note(
                "=> the fake Stripe received POST /v1/payment_intents amount=" + request.form().get("amount")
                        + " currency=" + request.form().get("currency") + " customer=" + request.form().get("customer")
                        + " (Idempotency-Key " + request.idempotencyKey() + ")"));

        say.step("Reconcile", "Did the CPO bill what its tariff says? The eMSP re-prices the CDR period by period"
                + " and compares, dimension by dimension (by our session id again; the CPO's " + ocpiSessionId
                + " works too).");
        reconciliation = expect(call("GET", "/ocpi/2.2.1/tariffs/reconcile/" + encode(sessionId), null), 200,
                "reconciliation");
        require(reconciliation.path("within_tolerance").asBoolean(false),
                "the CDR's cost and the eMSP's price differ beyond tolerance: " + reconciliation);
    }

    /** The asset with the most powerful first connector among the AVAILABLE, remote-startable ones. */
    private void chooseAsset(JsonNode assets) {
        List<JsonNode> candidates = new ArrayList<>();
        assets.forEach(candidates::add);
        asset = candidates.stream()
                .filter(a -> "AVAILABLE".equals(a.path("status").asString()))
                .filter(a -> a.path("capabilities").toString().contains("REMOTE_START_STOP_CAPABLE"))
                .filter(a -> a.path("connectors").size() > 0)
                .max(Comparator.comparingDouble(a -> a.path("connectors").get(0).path("max_power_kw").asDouble()))
                .orElseThrow(() -> new DemoFailure("no AVAILABLE, remote-startable charging asset among "
                        + candidates.size()));
        connector = asset.path("connectors").get(0);
        BigDecimal kw = connector.path("max_power_kw").decimalValue().stripTrailingZeros();
        say.note("=> " + candidates.size() + " assets; chosen: EVSE " + text(asset, "evse_id") + " at "
                + asset.path("location").path("name").asString() + ", " + asset.path("location").path("city").asString()
                + ": connector " + text(connector, "id") + " (" + connector.path("standard").asString() + ", "
                + connector.path("power_type").asString() + ", " + kw.toPlainString() + " kW)");
        // the simulator charges every session by itself (11 kW unless told otherwise): at this
        // connector's full power the figures move visibly within seconds
        sim.knobs().setAutoPowerKw(kw);
        say.note("   (the simulator will charge at " + kw.toPlainString() + " kW and report every second)");
    }

    private void charging() {
        say.step("Charging", "The CPO pushes the session (PUT, then a PATCH with the energy so far about every"
                + " second); the robot backend follows our session view. Watching it until the energy has risen "
                + options.rises() + " times and the bill is at least " + WORTH_PAYING + " EUR (Stripe charges"
                + " nothing below 0.50 EUR: such a payment would be held for review):");
        String path = "/ocpi/2.2.1/sessions/job/" + jobId;
        long deadline = System.nanoTime() + WAIT.toNanos() + Duration.ofSeconds(options.rises()).toNanos()
                + Duration.ofSeconds(30).toNanos();
        String last = null;
        TestHttp.Response answer = null;
        int rises = 0;
        BigDecimal cost = BigDecimal.ZERO;
        while (rises < options.rises() || cost.compareTo(WORTH_PAYING) < 0) {
            if (System.nanoTime() > deadline) {
                throw new DemoFailure("the session's energy rose " + rises + " times (cost " + cost + ") in time,"
                        + " not " + options.rises() + " up to " + WORTH_PAYING + " EUR; last answer: " + answer);
            }
            answer = send("GET", path, null);
            JsonNode view = expect(answer, 200, "session view");
            String status = view.path("status").asString();
            require(!"failed".equals(status), "the session failed: " + view.path("failure_reason").asString());
            BigDecimal kwh = view.hasNonNull("energy_kwh") ? view.get("energy_kwh").decimalValue() : null;
            if (view.hasNonNull("cost")) {
                cost = view.get("cost").decimalValue();
            }
            String summary = "status=" + status + " energy_kwh=" + kwh + (view.hasNonNull("cost")
                    ? " cost=" + money(view.get("cost")) + " " + view.path("currency").asString("") : "");
            if (!summary.equals(last)) {
                say.compact("GET", path, answer.status(), summary);
                last = summary;
            }
            if (kwh != null && "active".equals(status)) {
                if (!energies.isEmpty() && kwh.compareTo(energies.get(energies.size() - 1)) > 0) {
                    rises++;
                }
                if (energies.isEmpty() || kwh.compareTo(energies.get(energies.size() - 1)) != 0) {
                    energies.add(kwh);
                }
            }
            if (!view.path("ocpi_session_id").isMissingNode() && view.hasNonNull("ocpi_session_id")) {
                ocpiSessionId = view.get("ocpi_session_id").asString();
            }
            EmspProcess.sleep(POLL_MILLIS);
        }
        say.note("=> the energy rose " + rises + " times: " + energies.stream().map(BigDecimal::toPlainString)
                .collect(Collectors.joining(" -> ")) + " kWh");
        say.note("The last answer in full:");
        say.request("GET", path, null);
        say.answer(answer.status(), answer.body());
        require(ocpiSessionId != null, "the session view names no CPO session");
    }

    /** Polls {@code path} until {@code done}; prints each different answer briefly, the last one in full. */
    private JsonNode watch(String path, Predicate<JsonNode> done, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = null;
        while (true) {
            TestHttp.Response answer = send("GET", path, null);
            JsonNode json = expect(answer, 200, what);
            if (done.test(json)) {
                say.request("GET", path, null);
                say.answer(answer.status(), answer.body());
                return json;
            }
            String brief = brief(json);
            if (!brief.equals(last)) {
                say.compact("GET", path, answer.status(), brief + "   (waiting for " + what + ")");
                last = brief;
            }
            if (System.nanoTime() > deadline) {
                throw new DemoFailure("no " + what + " after " + WAIT.toSeconds() + " s; last answer: " + answer);
            }
            EmspProcess.sleep(POLL_MILLIS);
        }
    }

    private static String brief(JsonNode json) {
        JsonNode first = json.isArray() ? json.path(0) : json;
        if (json.isArray() && json.isEmpty()) {
            return "[]";
        }
        return Stream.of("status", "energy_kwh", "cost", "cdr_id", "amount")
                .filter(first::hasNonNull).map(name -> name + "=" + first.get(name).asString())
                .collect(Collectors.joining(" "));
    }

    // ---- the end ----------------------------------------------------------------------------------

    private void summary() {
        if (interrupted) {
            throw new DemoFailure("interrupted");
        }
        say.blank();
        say.title("Summary");
        say.fact("CPO connection", connectionId + " (registered, Locations and Tariffs pulled)");
        say.fact("charger", text(asset, "evse_id") + ", " + connector.path("max_power_kw").decimalValue()
                .stripTrailingZeros().toPlainString() + " kW, tariff " + reconciliation.path("tariff_id").asString("?"));
        say.fact("robot job", jobId + " " + finalView.path("robot_job_status").asString());
        say.fact("charging", "energy rose " + (energies.size() - 1) + " times while charging, up to "
                + energies.get(energies.size() - 1).toPlainString() + " kWh");
        say.fact("CDR", text(finalView, "cdr_id") + ": " + finalView.path("energy_kwh").asString() + " kWh, "
                + money(finalView.path("cost")) + " " + finalView.path("currency").asString() + " incl. VAT");
        say.fact("payment", "payment " + payment.path("status").asString() + ": " + money(payment.path("amount"))
                + " " + payment.path("currency").asString() + " (" + payment.path("amount_minor").asString()
                + " minor units) charged through the fake Stripe, " + payment.path("stripe_id").asString());
        say.fact("reconciliation", "reconcile within tolerance: CPO " + cost(reconciliation.path("cpo_reported_cost"))
                + ", eMSP " + cost(reconciliation.path("calculated_cost")) + ", difference "
                + money(reconciliation.path("discrepancy").path("incl_vat")) + " (tolerance "
                + money(reconciliation.path("tolerance")) + ")");
        say.fact("time", seconds(System.nanoTime() - began) + " s");
        say.blank();
        say.line("Demo OK: all " + STEPS + " steps succeeded.");
    }

    private static String cost(JsonNode price) {
        return money(price.path("incl_vat")) + " incl. VAT";
    }

    /** An amount as people write it: two decimals (JSON drops trailing zeros). */
    private static String money(JsonNode amount) {
        return amount.isNumber() ? amount.decimalValue().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString()
                : amount.asString("?");
    }

    private void failed(RuntimeException e) {
        out.println();
        out.println("DEMO FAILED" + (say.currentStep() > 0 ? " at step " + say.currentStep() + "/" + STEPS : "")
                + ": " + e.getMessage());
        if (emsp != null) {
            List<String> tail = emsp.tail(40);
            if (!tail.isEmpty()) {
                out.println("Last lines of the eMSP's log:");
                tail.forEach(line -> out.println("  | " + line));
            }
        }
    }

    private synchronized void cleanUp() {
        if (cleanedUp) {
            return;
        }
        cleanedUp = true;
        if (emsp != null) {
            emsp.close();
        }
        if (sim != null) {
            sim.close();
        }
        if (stripe != null) {
            stripe.close();
        }
        if (workDir != null) {
            deleteRecursively(workDir);
        }
    }

    // ---- HTTP ---------------------------------------------------------------------------------------

    /** One narrated request: printed, sent, its answer printed. */
    private TestHttp.Response call(String method, String path, String body) {
        say.request(method, path, body);
        TestHttp.Response answer = send(method, path, body);
        say.answer(answer.status(), answer.body());
        return answer;
    }

    private TestHttp.Response send(String method, String path, String body) {
        if (interrupted) {
            throw new DemoFailure("interrupted");
        }
        var request = TestHttp.request(method, emsp.url(path)).apiKey(API_KEY);
        if (body != null) {
            request.json(body);
        }
        try {
            return request.send();
        } catch (UncheckedIOException e) {
            throw new DemoFailure(method + " " + path + ": no answer from the eMSP (" + e.getMessage() + ")");
        }
    }

    private static JsonNode expect(TestHttp.Response answer, int status, String what) {
        if (answer.status() != status) {
            throw new DemoFailure(what + ": expected HTTP " + status + ", got " + answer.status() + " "
                    + abbreviate(answer.body()));
        }
        try {
            return answer.json();
        } catch (RuntimeException e) {
            throw new DemoFailure(what + ": the answer is not JSON: " + abbreviate(answer.body()));
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new DemoFailure(message);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new DemoFailure("the answer has no " + field + ": " + abbreviate(node.toString()));
        }
        return value.asString();
    }

    private static String abbreviate(String text) {
        String flat = Objects.toString(text, "").replaceAll("\\s+", " ").strip();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String seconds(long nanos) {
        return BigDecimal.valueOf(nanos / 100_000_000L, 1).toPlainString();
    }

    private static String relative(Path path) {
        Path here = Path.of("").toAbsolutePath();
        return path.startsWith(here) ? here.relativize(path).toString() : path.toString();
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: it is a temporary directory
        }
    }
}
