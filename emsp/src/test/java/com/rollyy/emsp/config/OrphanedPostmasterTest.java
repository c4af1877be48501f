package com.rollyy.emsp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real PostgreSQL clusters: "ours" in one directory, whose postmaster is left running with no
 * service holding it (what a kill -9 of the service leaves behind), and "another" in a second
 * directory, held by a running EmbeddedPostgres, which must stay up whatever happens to ours.
 */
class OrphanedPostmasterTest {

    /** Both clusters are created once for the class (initdb takes seconds); each test leaves ours stopped. */
    @TempDir
    static Path tmp;

    private static Path ours;
    private static String postgresBinary;
    private static EmbeddedPostgres another;
    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void clusters() throws IOException {
        ours = tmp.resolve("ours");
        try (var pg = cluster(ours)) {
            long pid = Long.parseLong(Files.readAllLines(ours.resolve("postmaster.pid")).get(0).trim());
            postgresBinary = ProcessHandle.of(pid).orElseThrow().info().command().orElseThrow();
        }
        another = cluster(tmp.resolve("another"));
    }

    @AfterAll
    static void stopAnother() throws IOException {
        another.close();
    }

    @AfterEach
    void stopStarted() throws IOException {
        started.forEach(Process::destroyForcibly);
        Files.deleteIfExists(ours.resolve("postmaster.pid"));
    }

    @Test
    void anOrphanedPostmasterOfOurDirectoryIsShutDownAndOursStarts() throws Exception {
        Process orphan = orphanedPostmaster(ours);

        var action = new OrphanedPostmaster(ours, Duration.ofSeconds(30)).clear();

        assertThat(action).isEqualTo(OrphanedPostmaster.Action.STOPPED);
        assertThat(orphan.isAlive()).isFalse();
        assertThat(ours.resolve("postmaster.pid")).doesNotExist();
        try (var restarted = cluster(ours)) {
            assertThat(selectOne(restarted)).isEqualTo(1);
        }
        assertThat(selectOne(another)).as("the cluster of another directory").isEqualTo(1);
    }

    @Test
    void aPidFileNamingAPostgresOfAnotherDirectoryIsStaleAndThatPostgresIsLeftAlone() throws Exception {
        // a pid reused by another cluster's postmaster: PostgreSQL itself would refuse to start
        long anotherPid = pid(tmp.resolve("another"));
        writePidFile(ours, anotherPid);

        var action = new OrphanedPostmaster(ours, Duration.ofSeconds(30)).clear();

        assertThat(action).isEqualTo(OrphanedPostmaster.Action.REMOVED_STALE_PID_FILE);
        assertThat(ProcessHandle.of(anotherPid)).get().matches(ProcessHandle::isAlive);
        assertThat(selectOne(another)).isEqualTo(1);
        try (var restarted = cluster(ours)) {
            assertThat(selectOne(restarted)).isEqualTo(1);
        }
    }

    @Test
    void aPidFileOfADeadOrForeignProcessIsRemoved() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        started.add(sleeper);
        writePidFile(ours, sleeper.pid());

        assertThat(new OrphanedPostmaster(ours, Duration.ofSeconds(30)).clear())
                .isEqualTo(OrphanedPostmaster.Action.REMOVED_STALE_PID_FILE);
        assertThat(sleeper.isAlive()).as("a process that is no postgres is never signalled").isTrue();
        try (var restarted = cluster(ours)) {
            assertThat(selectOne(restarted)).isEqualTo(1);
        }
        sleeper.destroyForcibly().waitFor();
        writePidFile(ours, sleeper.pid());
        assertThat(new OrphanedPostmaster(ours, Duration.ofSeconds(30)).clear())
                .isEqualTo(OrphanedPostmaster.Action.REMOVED_STALE_PID_FILE);
        assertThat(ours.resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void aClusterHeldByARunningServiceIsNotTouched() throws Exception {
        Path dir = tmp.resolve("another");
        long pid = pid(dir);

        assertThatThrownBy(() -> new OrphanedPostmaster(dir, Duration.ofSeconds(30)).clear())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use by another running service");
        assertThat(ProcessHandle.of(pid)).get().matches(ProcessHandle::isAlive);
        assertThat(selectOne(another)).isEqualTo(1);
    }

    @Test
    void noPidFileNothingToDo() {
        assertThat(new OrphanedPostmaster(ours, Duration.ofSeconds(30)).clear())
                .isEqualTo(OrphanedPostmaster.Action.NOTHING);
    }

    private static EmbeddedPostgres cluster(Path dir) throws IOException {
        Files.createDirectories(dir);
        return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).start();
    }

    /** A postmaster on {@code dir} that no EmbeddedPostgres holds, as a killed service leaves it. */
    private Process orphanedPostmaster(Path dir) throws Exception {
        var command = new ArrayList<String>();
        if ("root".equals(System.getProperty("user.name"))) {
            // PostgreSQL refuses to run as root; zonky runs it in a user namespace the same way
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(postgresBinary, "-D", dir.toString(), "-p", String.valueOf(freePort())));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("orphan.log").toFile()).start();
        started.add(process);
        Instant until = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(until)) {
            Path pidFile = dir.resolve("postmaster.pid");
            if (Files.exists(pidFile)) {
                List<String> lines = Files.readAllLines(pidFile);
                if (lines.size() > 7 && lines.get(7).trim().equals("ready")) {
                    return process;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("orphan did not start: " + Files.readString(tmp.resolve("orphan.log")));
    }

    private static long pid(Path dir) throws IOException {
        return Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim());
    }

    private static void writePidFile(Path dir, long pid) throws IOException {
        Files.writeString(dir.resolve("postmaster.pid"),
                pid + "\n" + dir + "\n1700000000\n" + freePort() + "\n/tmp\nlocalhost\n  0  0\nready   \n");
    }

    private static int selectOne(EmbeddedPostgres pg) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); var rs = c.createStatement()
                .executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
