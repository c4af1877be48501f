package com.rollyy.emsp.config;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears what a killed service left in its embedded cluster's data directory, before PostgreSQL is
 * started on it again. A {@code kill -9} of the service leaves its postmaster running (nothing
 * stops it), and a new postmaster on the same directory refuses to start while
 * {@code postmaster.pid} names a live process. So: a live postmaster of <em>this</em> directory
 * whose owning service is gone is shut down (fast shutdown, then harder); a pid file whose process
 * is gone, or is no PostgreSQL of this directory (a reused pid), is removed. A PostgreSQL of any
 * other data directory is never signalled.
 *
 * <p>"Owning service is gone" is decided by zonky's {@code epg-lock}: a running service holds an
 * OS file lock on it for as long as its PostgreSQL runs, and the OS drops that lock when the service
 * dies. When the lock is held, the cluster is in use and nothing is touched.
 */
final class OrphanedPostmaster {

    private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);

    /** zonky's lock file in the data directory, held while its EmbeddedPostgres runs. */
    static final String ZONKY_LOCK = "epg-lock";

    private final Path dataDir;
    private final Duration fastShutdownWait;

    OrphanedPostmaster(Path dataDir, Duration fastShutdownWait) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.fastShutdownWait = fastShutdownWait;
    }

    /** What {@link #clear()} did, for the log and for tests. */
    enum Action { NOTHING, STOPPED, REMOVED_STALE_PID_FILE }

    /**
     * Makes the data directory startable: stops our orphaned postmaster or removes a stale pid
     * file. Throws when the cluster is in use by a live service, or an orphan would not stop.
     */
    Action clear() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile);
        } catch (NoSuchFileException e) {
            return Action.NOTHING;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pidFile, e);
        }
        if (heldByLiveService()) {
            throw new IllegalStateException("The embedded PostgreSQL in " + dataDir + " is in use by another running"
                    + " service (" + dataDir.resolve(ZONKY_LOCK) + " is locked). Stop that service, or give this one"
                    + " its own ROLLYY_DATA_DIR.");
        }
        Optional<Long> pid = lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0));
        Optional<ProcessHandle> process = pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (process.isPresent() && isOurPostmaster(process.get())) {
            stop(process.get(), lines);
            // a postmaster that shut down removes its pid file; one killed hard leaves it behind
            removeStale(pidFile, lines, "left behind by the postmaster just stopped");
            return Action.STOPPED;
        }
        String why = process.isPresent()
                ? "its pid " + pid.get() + " is now another process (" + describe(process.get()) + "), not our postmaster"
                : pid.map(p -> "its process " + p + " is gone").orElse("it names no process");
        removeStale(pidFile, lines, why);
        return Action.REMOVED_STALE_PID_FILE;
    }

    /** True when a live process (another service, or this one) holds zonky's lock on the directory. */
    private boolean heldByLiveService() {
        Path lockFile = dataDir.resolve(ZONKY_LOCK);
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (var out = new FileOutputStream(lockFile.toFile(), true); FileLock lock = out.getChannel().tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + lockFile, e);
        }
    }

    /** A PostgreSQL executable whose data directory (working directory, or {@code -D}) is ours. */
    private boolean isOurPostmaster(ProcessHandle process) {
        if (process.pid() == ProcessHandle.current().pid()) {
            return false;
        }
        Optional<String> command = process.info().command();
        boolean postgres = command.map(c -> Path.of(c).getFileName().toString())
                .map(name -> name.equals("postgres") || name.equals("postgres.exe"))
                .orElseGet(() -> procCmdline(process).map(c -> c.startsWith("postgres") || c.contains("/postgres "))
                        .orElse(false));
        if (!postgres) {
            return false;
        }
        return dataDirectoryOf(process).map(this::isOurs).orElse(false);
    }

    /** A postmaster changes into its data directory; its command line also names it after -D. */
    private Optional<Path> dataDirectoryOf(ProcessHandle process) {
        Path cwd = Path.of("/proc", String.valueOf(process.pid()), "cwd");
        try {
            if (Files.exists(cwd)) {
                return Optional.of(cwd.toRealPath());
            }
        } catch (IOException e) {
            // not readable: fall back to the command line
        }
        String[] args = process.info().arguments().orElse(new String[0]);
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("-D")) {
                return Optional.of(Path.of(args[i + 1]));
            }
        }
        return Optional.empty();
    }

    private boolean isOurs(Path other) {
        try {
            return Files.isSameFile(other, dataDir);
        } catch (IOException e) {
            return false;
        }
    }

    private void stop(ProcessHandle postmaster, List<String> pidLines) {
        long pid = postmaster.pid();
        String port = pidLines.size() > 3 ? pidLines.get(3).trim() : "?";
        log.warn("Found the embedded PostgreSQL of a previous run still running (pid {}, port {}, data {}): its"
                + " service died without stopping it. Shutting it down (fast shutdown) to start it again.", pid, port,
                dataDir);
        // SIGINT is PostgreSQL's fast shutdown: open transactions are rolled back, a checkpoint is
        // written, nothing committed is lost
        if (signal(pid, "INT") && awaitExit(postmaster, fastShutdownWait)) {
            log.warn("Stopped the orphaned embedded PostgreSQL (pid {}) with a fast shutdown", pid);
            return;
        }
        // SIGQUIT is immediate shutdown: no checkpoint, WAL replay on the next start (still no loss)
        log.warn("The orphaned embedded PostgreSQL (pid {}) did not stop within {} s; immediate shutdown", pid,
                fastShutdownWait.toSeconds());
        if (signal(pid, "QUIT") && awaitExit(postmaster, Duration.ofSeconds(10))) {
            log.warn("Stopped the orphaned embedded PostgreSQL (pid {}) with an immediate shutdown", pid);
            return;
        }
        log.warn("The orphaned embedded PostgreSQL (pid {}) ignored SIGQUIT; killing it", pid);
        postmaster.destroyForcibly();
        if (!awaitExit(postmaster, Duration.ofSeconds(10))) {
            throw new IllegalStateException("Could not stop the orphaned embedded PostgreSQL (pid " + pid + ") of "
                    + dataDir + "; stop it by hand");
        }
    }

    /** {@code kill -<signal> pid}; false when the signal could not be sent (no kill command). */
    private static boolean signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            // no kill(1) (Windows): SIGTERM / TerminateProcess is what Java can send
            return ProcessHandle.of(pid).map(ProcessHandle::destroy).orElse(false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration wait) {
        try {
            process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /**
     * Removes the pid file, and the Unix-socket lock file it points to when that one names the same
     * process and the process is gone (a live one may be another PostgreSQL that reused the pid).
     */
    private void removeStale(Path pidFile, List<String> lines, String why) {
        try {
            if (Files.deleteIfExists(pidFile)) {
                log.warn("Removed the stale {} ({})", pidFile, why);
            }
            if (lines.size() > 4 && !lines.get(0).isBlank() && !lines.get(4).isBlank()) {
                Path socketLock = Path.of(lines.get(4).trim(), ".s.PGSQL." + lines.get(3).trim() + ".lock");
                List<String> socketLines = Files.exists(socketLock) ? Files.readAllLines(socketLock) : List.of();
                boolean sameOwner = !socketLines.isEmpty() && socketLines.get(0).trim().equals(lines.get(0).trim());
                boolean ownerGone = parsePid(lines.get(0)).flatMap(ProcessHandle::of)
                        .map(p -> !p.isAlive()).orElse(true);
                if (sameOwner && ownerGone) {
                    Files.deleteIfExists(socketLock);
                    Files.deleteIfExists(socketLock.resolveSibling(".s.PGSQL." + lines.get(3).trim()));
                    log.warn("Removed the stale socket lock {}", socketLock);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the stale " + pidFile, e);
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            long pid = Long.parseLong(line.trim());
            return pid > 0 ? Optional.of(pid) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> procCmdline(ProcessHandle process) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(process.pid()), "cmdline"));
            return Optional.of(new String(raw).replace('\0', ' '));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String describe(ProcessHandle process) {
        return process.info().command().orElse("unknown command");
    }
}
