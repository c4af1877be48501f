package com.rollyy.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The eMSP as an operator runs it: its executable jar started as a process of its own (plain
 * {@code java -jar}, no JVM options), on a data directory of its own, for the start-up split and
 * the idle memory. Its log goes to a file; the start-up split is parsed from the line the service
 * logs when ready ({@code Ready in 8.0 s: JVM 0.6 s, PostgreSQL 2.1 s, Flyway 0.9 s, context 4.4 s}).
 */
final class ServiceProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile(
            "Ready in ([0-9.]+) s: JVM ([0-9.]+) s, PostgreSQL ([0-9.]+) s(?: \\((in parallel|not in parallel),"
                    + " waited ([0-9.]+) s\\))?, Flyway ([0-9.]+) s, context ([0-9.]+) s");

    /**
     * The split the service logged: all in seconds. PostgreSQL starts beside the context
     * ({@code inParallel}); {@code postgresWaited} is how long the context was blocked on it (the
     * whole start when not in parallel, and in lines of older versions).
     */
    record Split(double total, double jvm, double postgres, boolean inParallel, double postgresWaited, double flyway,
                 double context) {
    }

    /** What an idle process holds, from /proc/PID/smaps_rollup, in bytes. */
    record Memory(long rss, long pss) {
    }

    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final int port;
    /** From the process start to /actuator/health answering UP, seen by the bench. */
    private final double secondsToHealthy;

    private ServiceProcess(Process process, Path dataDir, Path log, int port, double secondsToHealthy) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
        this.secondsToHealthy = secondsToHealthy;
    }

    /** The executable jar next to this checkout's emsp module, or the one given. */
    static Optional<Path> findJar(Path given) throws IOException {
        if (given != null) {
            return Files.isRegularFile(given) ? Optional.of(given) : Optional.empty();
        }
        Path target = Path.of("emsp", "target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("emsp-.*-exec\\.jar")).findFirst();
        }
    }

    /** Starts the jar on {@code dataDir} and waits until /actuator/health is UP (at most 5 minutes). */
    static ServiceProcess start(Path jar, Path dataDir, String apiKey, String logName) throws Exception {
        return start(jar, List.of(), dataDir, apiKey, logName);
    }

    /** The same with JVM options before {@code -jar} (the fast start's archive). */
    static ServiceProcess start(Path jar, List<String> jvmOptions, Path dataDir, String apiKey, String logName)
            throws Exception {
        Files.createDirectories(dataDir);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-" + logName + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<String>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--server.port=" + port,
                "--server.address=127.0.0.1", "--rollyy.data-dir=" + dataDir, "--logging.structured.format.console="));
        var builder = new ProcessBuilder(command);
        builder.environment().put("ROLLYY_API_KEY", apiKey);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        long t0 = System.nanoTime();
        Process process = builder.start();
        var started = new ServiceProcess(process, dataDir, log, port, 0);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        var health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .header("X-API-Key", apiKey).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = t0 + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the eMSP process exited with " + process.exitValue() + " before it"
                        + " was ready; its log: " + tail(log));
            }
            try {
                var r = client.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                started.close();
                throw new IllegalStateException("the eMSP process was not ready after 5 minutes; its log: " + tail(log));
            }
            Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new ServiceProcess(process, dataDir, log, port, seconds);
    }

    /**
     * The fast start's layout built by deploy/cds-archive.sh (extracted jar and an AppCDS archive
     * from a training run) into {@code dest}: the extracted jar and the archive, or empty with the
     * script's output when it failed or is not there (not run from the repository root).
     */
    static Optional<Path[]> buildFastStart(Path jar, Path dest, Path log) throws Exception {
        Path script = Path.of("deploy", "cds-archive.sh");
        if (!Files.isRegularFile(script)) {
            return Optional.empty();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var builder = new ProcessBuilder("bash", script.toString(), jar.toAbsolutePath().toString(),
                dest.toAbsolutePath().toString());
        builder.environment().put("JAVA", java);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return Optional.empty();
        }
        Path archive = dest.resolve("emsp.jsa");
        Path extracted = dest.resolve(jar.getFileName());
        if (process.exitValue() != 0 || !Files.isRegularFile(archive) || !Files.isRegularFile(extracted)) {
            BenchMain.log("deploy/cds-archive.sh failed: " + tail(log));
            return Optional.empty();
        }
        return Optional.of(new Path[] {extracted, archive});
    }

    double secondsToHealthy() {
        return secondsToHealthy;
    }

    long pid() {
        return process.pid();
    }

    /** The split from the service's own "Ready in" line; waits up to 10 s for it to reach the log. */
    Optional<Split> split() throws Exception {
        for (int i = 0; i < 100; i++) {
            Matcher m = READY.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                double postgres = Double.parseDouble(m.group(3));
                boolean inParallel = "in parallel".equals(m.group(4));
                return Optional.of(new Split(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), postgres,
                        inParallel, m.group(5) != null ? Double.parseDouble(m.group(5)) : postgres,
                        Double.parseDouble(m.group(6)), Double.parseDouble(m.group(7))));
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    /** Rss and Pss of the service's JVM. */
    Memory jvmMemory() throws IOException {
        return memory(process.pid());
    }

    /** The embedded PostgreSQL's postmaster and every process under it: count, summed Rss and Pss. */
    long[] postgresMemory() throws IOException {
        long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"))
                .get(0).trim());
        List<Long> pids = new ArrayList<>(List.of(postmaster));
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    long ppid = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
                    if (ppid == postmaster) {
                        pids.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        }
        long rss = 0;
        long pss = 0;
        int count = 0;
        for (long pid : pids) {
            try {
                Memory m = memory(pid);
                rss += m.rss();
                pss += m.pss();
                count++;
            } catch (IOException e) {
                // the process ended meanwhile
            }
        }
        return new long[] {count, rss, pss};
    }

    private static Memory memory(long pid) throws IOException {
        long rss = 0;
        long pss = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals("Rss:")) {
                rss = Long.parseLong(f[1]) * 1024;
            } else if (f.length >= 2 && f[0].equals("Pss:")) {
                pss = Long.parseLong(f[1]) * 1024;
            }
        }
        return new Memory(rss, pss);
    }

    /** A graceful stop (SIGTERM: the service stops its PostgreSQL last); forced after 60 s. */
    @Override
    public void close() throws Exception {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            BenchMain.log("the eMSP process did not stop within 60 s: killing it and its PostgreSQL");
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            try {
                long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres")
                        .resolve("postmaster.pid")).get(0).trim());
                ProcessHandle.of(postmaster).ifPresent(ProcessHandle::destroy);
            } catch (IOException | RuntimeException e) {
                // no postmaster left
            }
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.substring(Math.max(0, text.length() - 2000));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
