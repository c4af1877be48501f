package com.rollyy.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.HdrHistogram.Histogram;

/**
 * What durable commits cost on this machine: single-row INSERTs, each its own transaction
 * (autocommit), back to back for a few seconds, from one connection and then from several at
 * once (PostgreSQL groups concurrent commits into one WAL flush). Runs on its own connections and
 * its own table, which it drops again, before the benchmarks start.
 */
final class CommitProbe {

    private static final long MAX_MICROS = 10_000_000L;

    record Result(int connections, long commits, double seconds, Histogram micros) {

        double perSecond() {
            return commits / seconds;
        }

        double millisAt(double percentile) {
            return micros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private CommitProbe() {
    }

    static Result run(String jdbcUrl, int connections, double seconds) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            c.createStatement().execute("create table if not exists bench_commit_probe (id bigserial primary key,"
                    + " at timestamptz not null default now(), note text)");
        }
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            long started = System.nanoTime();
            List<Future<Histogram>> futures = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                futures.add(pool.submit(() -> loop(jdbcUrl, deadline)));
            }
            Histogram all = new Histogram(MAX_MICROS, 3);
            for (var f : futures) {
                all.add(f.get());
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            return new Result(connections, all.getTotalCount(), elapsed, all);
        } finally {
            pool.shutdownNow();
            try (Connection c = DriverManager.getConnection(jdbcUrl)) {
                c.createStatement().execute("drop table if exists bench_commit_probe");
            }
        }
    }

    private static Histogram loop(String jdbcUrl, long deadline) throws SQLException {
        Histogram h = new Histogram(MAX_MICROS, 3);
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             var insert = c.prepareStatement("insert into bench_commit_probe (note) values ('probe')")) {
            c.setAutoCommit(true);
            // a bounded loop: at most a million commits, far above what a disk flush allows per probe
            for (int i = 0; i < 1_000_000 && System.nanoTime() < deadline; i++) {
                long t0 = System.nanoTime();
                insert.executeUpdate();
                h.recordValue(Math.min(MAX_MICROS, Math.max(1, (System.nanoTime() - t0) / 1000)));
            }
        }
        return h;
    }
}
