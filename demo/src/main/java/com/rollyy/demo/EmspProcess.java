package com.rollyy.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged eMSP ({@code emsp-*-exec.jar}) in a JVM of its own, configured by environment
 * variables as in production, on its own embedded PostgreSQL under {@code dataDir}. Its output goes
 * to {@code log}. {@link #close()} stops it gracefully (SIGTERM: Spring closes the database too),
 * and forcibly, with whatever it started, if it does not end in time.
 */
final class EmspProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final int port = freePort();
    final Path log;
    private final Path jar;
    private final Path dataDir;
    private final Map<String, String> env;
    private Process process;
    private volatile boolean ready;

    EmspProcess(Path jar, Path dataDir, Path log, Map<String, String> env) {
        this.jar = jar;
        this.dataDir = dataDir;
        this.log = log;
        this.env = env;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Starts the JVM and waits until it is ready (database migrated, scheduler running). */
    void start(Duration timeout) {
        String java = ProcessHandle.current().info().command().orElse("java");
        var builder = new ProcessBuilder(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xss512k", "-jar", jar.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        builder.environment().put("ROLLYY_PUBLIC_URL", url(""));
        builder.environment().put("ROLLYY_DATA_DIR", dataDir.toString());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new DemoFailure("the eMSP exited with status " + process.exitValue() + " while starting");
            }
            try {
                var answer = HTTP.send(HttpRequest.newBuilder(URI.create(url("/actuator/health/readiness")))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    ready = true;
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoFailure("interrupted while the eMSP started");
            }
            sleep(200);
        }
        throw new DemoFailure("the eMSP was not ready after " + timeout.toSeconds() + " s");
    }

    /** The last lines of its output, to show why something failed. */
    List<String> tail(int lines) {
        try {
            if (!Files.exists(log)) {
                return List.of();
            }
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException | UncheckedIOException e) {
            return List.of("(log not readable: " + e.getMessage() + ")");
        }
    }

    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        // a graceful stop lets Spring shut its embedded PostgreSQL down; one still starting up does
        // not stop on SIGTERM before it is up, so it is killed (its PostgreSQL is stopped below)
        List<ProcessHandle> started = process.descendants().toList();
        if (ready) {
            process.destroy();
        } else {
            process.destroyForcibly();
        }
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        for (ProcessHandle child : started) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        stopOrphanedPostgres();
        process = null;
    }

    /**
     * pg_ctl detaches the PostgreSQL server from the eMSP's JVM; if that JVM did not get to stop
     * it (killed, or start-up cut short), the server's pid file is still there: stop that server.
     */
    private void stopOrphanedPostgres() {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            ProcessHandle.of(pid).filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
                    .ifPresent(server -> {
                        server.destroy();
                        try {
                            server.onExit().get(10, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            server.destroyForcibly();
                        }
                    });
        } catch (IOException | RuntimeException e) {
            // nothing more we can do; the temporary directory goes anyway
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted");
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
