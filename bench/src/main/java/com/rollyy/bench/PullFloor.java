package com.rollyy.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import org.postgresql.PGConnection;

/**
 * The floor under the pull: the rows a pull stored, written again straight into PostgreSQL the
 * fastest way a client can, one {@code COPY … FROM STDIN (FORMAT binary)} per table through
 * PgJDBC's CopyManager, in one transaction, into scratch tables shaped like the real ones
 * (schema {@value #SCHEMA}: {@code like … including all}, the same foreign keys and EVSE
 * fillfactor), dropped afterwards. The rows are exactly the stored ones (every column, the
 * connectors inside the EVSE documents), exported first with {@code COPY … TO STDOUT} into a
 * file; only the COPY into PostgreSQL and its durable commit are timed.
 */
final class PullFloor {

    static final String SCHEMA = "bench_floor";

    /**
     * @param seconds   COPY of both tables and the commit
     * @param locations location rows written
     * @param evses     evse rows written
     * @param bytes     size of the binary COPY data sent, both tables
     */
    record Result(double seconds, long locations, long evses, long bytes, double locationSeconds,
                  double evseSeconds, double commitSeconds) {
    }

    private PullFloor() {
    }

    static Result run(String jdbcUrl, Path workDir) throws Exception {
        Path locationFile = workDir.resolve("floor-location.bin");
        Path evseFile = workDir.resolve("floor-evse.bin");
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            try (Statement s = c.createStatement()) {
                s.execute("drop schema if exists " + SCHEMA + " cascade");
                s.execute("create schema " + SCHEMA);
                s.execute("create table " + SCHEMA + ".location (like public.location including all)");
                s.execute("alter table " + SCHEMA + ".location add foreign key (connection_id)"
                        + " references public.connection (id)");
                s.execute("create table " + SCHEMA + ".evse (like public.evse including all)");
                s.execute("alter table " + SCHEMA + ".evse add foreign key (country_code, party_id, location_id)"
                        + " references " + SCHEMA + ".location on delete cascade");
                s.execute("alter table " + SCHEMA + ".evse set (fillfactor = 85)");
            }
            try {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(locationFile), 1 << 16)) {
                    copy.copyOut("copy public.location to stdout (format binary)", out);
                }
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(evseFile), 1 << 16)) {
                    copy.copyOut("copy public.evse to stdout (format binary)", out);
                }
                // read both files once so the timed part does not wait for the disk
                long bytes = warm(locationFile) + warm(evseFile);
                c.setAutoCommit(false);
                long t0 = System.nanoTime();
                long locations;
                try (InputStream in = new BufferedInputStream(Files.newInputStream(locationFile), 1 << 16)) {
                    locations = copy.copyIn("copy " + SCHEMA + ".location from stdin (format binary)", in);
                }
                long t1 = System.nanoTime();
                long evses;
                try (InputStream in = new BufferedInputStream(Files.newInputStream(evseFile), 1 << 16)) {
                    evses = copy.copyIn("copy " + SCHEMA + ".evse from stdin (format binary)", in);
                }
                long t2 = System.nanoTime();
                c.commit();
                long t3 = System.nanoTime();
                c.setAutoCommit(true);
                return new Result((t3 - t0) / 1e9, locations, evses, bytes, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                        (t3 - t2) / 1e9);
            } finally {
                if (!c.getAutoCommit()) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
                try (Statement s = c.createStatement()) {
                    s.execute("drop schema if exists " + SCHEMA + " cascade");
                }
                Files.deleteIfExists(locationFile);
                Files.deleteIfExists(evseFile);
            }
        }
    }

    private static long warm(Path file) throws Exception {
        long n = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int r; (r = in.read(buffer)) > 0; ) {
                n += r;
            }
        }
        return n;
    }
}
