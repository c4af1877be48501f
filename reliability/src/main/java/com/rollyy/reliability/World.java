package com.rollyy.reliability;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.cposim.SimulatorConfig;
import com.rollyy.emsp.support.FakeRobotBackend;
import com.rollyy.emsp.support.FakeStripe;
import com.rollyy.emsp.support.TestHttp;

/**
 * What one scenario runs against: its own PostgreSQL, the fake Stripe, the fake robot backend, a
 * CPO simulator, and one or more eMSP processes configured like production (short timings so a
 * run converges in seconds, not hours).
 */
final class World implements AutoCloseable {

    static final String API_KEY = "reliability-api-key";
    static final String WEBHOOK_SECRET = "reliability-webhook-secret";

    final Database db;
    final FakeStripe stripe = FakeStripe.start();
    final FakeRobotBackend robot = FakeRobotBackend.start(WEBHOOK_SECRET);
    final CpoSimulator sim;
    final List<EmspProcess> instances = new ArrayList<>();
    private final Path dir;
    private final Path jar;
    private final Map<String, String> extraEnv = new LinkedHashMap<>();
    private boolean embeddedDatabase;
    String connectionId;
    List<JsonNode> assets = List.of();

    World(String scenario, Options options) {
        this.dir = options.workDir().resolve(scenario);
        deleteRecursively(dir);
        this.jar = options.emspJar();
        this.db = new Database(dir.resolve("postgres"));
        db.start();
        this.sim = CpoSimulator.start(SimulatorConfig.defaults().withLocationCount(10).withEvsesPerLocation(4)
                .withTariffCount(3));
        sim.knobs().setAutoCycle(true).setAutoUpdates(2).setUpdateIntervalMillis(100)
                .setCommandTimeoutSeconds(3).setResultDelayMillis(20);
    }

    World env(String key, String value) {
        extraEnv.put(key, value);
        return this;
    }

    /** The eMSP runs on its embedded default (no SPRING_DATASOURCE_URL): its own PostgreSQL in its data dir. */
    World embeddedDatabase() {
        embeddedDatabase = true;
        return this;
    }

    Map<String, String> env() {
        var env = new LinkedHashMap<String, String>();
        if (!embeddedDatabase) {
            env.put("SPRING_DATASOURCE_URL", db.jdbcUrl());
            env.put("SPRING_DATASOURCE_USERNAME", "postgres");
            env.put("SPRING_DATASOURCE_PASSWORD", "postgres");
        }
        env.put("SPRING_DATASOURCE_HIKARI_CONNECTION_TIMEOUT", "2000");
        env.put("ROLLYY_SECRET_KEY", "reliability-secret-key");
        env.put("ROLLYY_API_KEY", API_KEY);
        env.put("ROLLYY_LOG_FORMAT", "");
        env.put("ROLLYY_RATE_LIMIT_ENABLED", "false");
        // the simulators run on 127.0.0.1
        env.put("ROLLYY_OCPI_ALLOW_PRIVATE_PEERS", "true");
        env.put("ROLLYY_STRIPE_API_KEY", FakeStripe.API_KEY);
        env.put("ROLLYY_STRIPE_API_BASE", stripe.baseUrl());
        env.put("ROLLYY_STRIPE_WEBHOOK_SECRET", FakeStripe.WEBHOOK_SECRET);
        env.put("ROLLYY_STRIPE_READ_TIMEOUT", "5s");
        env.put("ROLLYY_PAYMENTS_FLEETS_DEFAULT_CUSTOMER", "cus_fleet_default");
        env.put("ROLLYY_PAYMENTS_FLEETS_DEFAULT_PAYMENT_METHOD", "pm_fleet_default");
        env.put("ROLLYY_PAYMENTS_RETRY_BACKOFF_BASE", "200ms");
        env.put("ROLLYY_PAYMENTS_RETRY_BACKOFF_CAP", "1s");
        env.put("ROLLYY_PAYMENTS_SWEEP_INTERVAL", "3s");
        env.put("ROLLYY_WEBHOOK_URL", robot.url());
        env.put("ROLLYY_WEBHOOK_SECRET", WEBHOOK_SECRET);
        env.put("ROLLYY_WEBHOOK_BACKOFF", "200ms");
        env.put("ROLLYY_WEBHOOK_TIMEOUT", "3s");
        env.put("ROLLYY_COMMANDS_REQUEST_TIMEOUT", "5s");
        env.put("ROLLYY_COMMANDS_RESULT_GRACE", "1s");
        env.put("ROLLYY_COMMANDS_UNANSWERED_TIMEOUT", "3s");
        env.put("ROLLYY_TOKENS_PUSH_BACKOFF", "200ms");
        env.put("ROLLYY_TOKENS_PUSH_BACKOFF_CAP", "1s");
        // the safety net: what a dead eMSP missed (session updates, CDRs) is pulled
        env.put("ROLLYY_SYNC_ENABLED", "true");
        env.put("ROLLYY_SYNC_INTERVAL", "4s");
        env.put("ROLLYY_SYNC_CHECK_EVERY", "1s");
        env.put("ROLLYY_SYNC_LIVE_SESSIONS_INTERVAL", "2s");
        env.put("ROLLYY_SYNC_CLAIM_TIMEOUT", "20s");
        env.put("DB_SCHEDULER_POLLING_INTERVAL", "200ms");
        // work a killed instance had picked is taken over after 4 missed heartbeats of 1 s
        env.put("DB_SCHEDULER_HEARTBEAT_INTERVAL", "1s");
        env.put("DB_SCHEDULER_MISSED_HEARTBEATS_LIMIT", "4");
        env.putAll(extraEnv);
        return env;
    }

    EmspProcess newInstance(String name, String publicUrlOrNull) {
        return newInstance(name, publicUrlOrNull, Map.of());
    }

    /** An instance with settings of its own on top of the world's ({@code extraEnv} wins). */
    EmspProcess newInstance(String name, String publicUrlOrNull, Map<String, String> extraEnv) {
        var env = env();
        env.putAll(extraEnv);
        if (publicUrlOrNull != null) {
            env.put("ROLLYY_PUBLIC_URL", publicUrlOrNull);
        }
        var instance = new EmspProcess(name, jar, env, dir.resolve("logs"));
        instances.add(instance);
        return instance;
    }

    /** Registers the simulator through {@code via} and pulls its Locations and Tariffs. */
    void connect(Reachable via) {
        var registered = api(via, "POST", "/ocpi/register", """
                {"cpo_name":"Simulated CPO","versions_url":"%s","token":"%s"}"""
                .formatted(sim.versionsUrl(), sim.tokenA()));
        require(registered.status() == 201, "registration: " + registered);
        connectionId = registered.json().get("connection_id").asString();
        pull(via, "locations");
        pull(via, "tariffs");
        var list = api(via, "GET", "/v1/charging-assets?limit=100", null).json();
        var found = new ArrayList<JsonNode>();
        list.forEach(found::add);
        require(found.size() >= 8, "charging assets: " + found.size());
        assets = found;
    }

    /** A pull now; when a periodic one is already running (409), waits for it and pulls again. */
    private void pull(Reachable via, String module) {
        for (int attempt = 0; attempt < 50; attempt++) {
            var answer = api(via, "POST", "/ocpi/2.2.1/" + module + "/sync/" + connectionId, null);
            if (answer.status() == 200) {
                return;
            }
            require(answer.status() == 409, module + " pull: " + answer);
            EmspProcess.sleep(200);
        }
        throw new IllegalStateException("set-up failed: " + module + " pull kept answering 409");
    }

    TestHttp.Response api(Reachable via, String method, String path, String json) {
        var request = TestHttp.request(method, via.url(path)).apiKey(API_KEY);
        if (json != null) {
            request.json(json);
        }
        return request.send();
    }

    /** The call, or empty when the instance did not answer (killed, or not started yet). */
    Optional<TestHttp.Response> tryApi(Reachable via, String method, String path, String json) {
        try {
            return Optional.of(api(via, method, path, json));
        } catch (UncheckedIOException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static void deleteRecursively(Path path) {
        if (!java.nio.file.Files.exists(path)) {
            return;
        }
        try (var walk = java.nio.file.Files.walk(path)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("set-up failed: " + what);
        }
    }

    @Override
    public void close() {
        instances.forEach(EmspProcess::close);
        sim.close();
        stripe.close();
        robot.close();
        db.close();
    }
}
