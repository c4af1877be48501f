package com.rollyy.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged eMSP ({@code emsp-*-exec.jar}) in a JVM of its own, configured by environment
 * variables like in production. {@link #kill()} is {@code kill -9}: no shutdown hook, no graceful
 * stop, whatever was in flight is cut off.
 */
final class EmspProcess implements Reachable, AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    private final Path jar;
    private final Map<String, String> env;
    private final Path log;
    private Process process;
    private int starts;
    private long lastStartMillis;

    EmspProcess(String name, Path jar, Map<String, String> env, Path logDir) {
        this.name = name;
        this.port = Database.freePort();
        this.jar = jar;
        this.env = env;
        this.log = logDir.resolve("emsp-" + name + ".log");
    }

    @Override
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Starts the JVM and waits until it is ready (database reachable, scheduler running). */
    void start() {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xss512k", "-jar", jar.toString()));
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        builder.environment().putIfAbsent("ROLLYY_PUBLIC_URL", url(""));
        builder.environment().put("ROLLYY_DATA_DIR", dataDir().toString());
        Instant begin = Instant.now();
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "\n==== start " + (++starts) + " at " + begin + " ====\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady(Duration.ofSeconds(90));
        lastStartMillis = Duration.between(begin, Instant.now()).toMillis();
    }

    long lastStartMillis() {
        return lastStartMillis;
    }

    private void awaitReady(Duration timeout) {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("eMSP " + name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                var response = HTTP.send(HttpRequest.newBuilder(URI.create(url("/actuator/health/readiness")))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        throw new IllegalStateException("eMSP " + name + " not ready after " + timeout + "; see " + log);
    }

    /** SIGKILL (what {@code kill -9} sends), then waits until the process is gone. */
    void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** SIGTERM: a graceful stop (the embedded PostgreSQL, if any, is shut down with the service). */
    void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** ROLLYY_DATA_DIR: the same on every start of this instance (the embedded database lives there). */
    Path dataDir() {
        return log.getParent().resolve("data-" + name);
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        kill();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
