package com.rollyy.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PostgreSQL-side observations: server settings, cumulative counters (transactions, tuples, WAL)
 * read before and after a phase, and a sampler of what the client backends are doing
 * ({@code pg_stat_activity} state and wait event) on a dedicated connection outside the eMSP's pool.
 */
final class PgStats {

    private final JdbcClient jdbc;

    PgStats(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("version", jdbc.sql("select split_part(version(), ' on ', 1)").query(String.class).single());
        for (String name : List.of("synchronous_commit", "fsync", "shared_buffers", "max_connections", "max_wal_size",
                "wal_level", "full_page_writes")) {
            s.put(name, jdbc.sql("select current_setting('" + name + "')").query(String.class).single());
        }
        s.put("database collation (datcollate)", jdbc.sql("select datcollate from pg_database"
                + " where datname = current_database()").query(String.class).single());
        return s;
    }

    /** Cumulative counters; subtract two of them. Counters are flushed by backends about once a second. */
    Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        jdbc.sql("select xact_commit, xact_rollback, tup_fetched, tup_inserted, tup_updated, blks_read, blks_hit"
                        + " from pg_stat_database where datname = current_database()")
                .query(rs -> {
                    for (String col : List.of("xact_commit", "xact_rollback", "tup_fetched", "tup_inserted",
                            "tup_updated", "blks_read", "blks_hit")) {
                        c.put(col, rs.getLong(col));
                    }
                });
        try {
            jdbc.sql("select wal_records, wal_fpi, wal_bytes::bigint as wal_bytes, wal_sync from pg_stat_wal")
                    .query(rs -> {
                        for (String col : List.of("wal_records", "wal_fpi", "wal_bytes", "wal_sync")) {
                            c.put(col, rs.getLong(col));
                        }
                    });
        } catch (RuntimeException e) {
            // pg_stat_wal: PostgreSQL 14+
        }
        jdbc.sql("select relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, autovacuum_count, autoanalyze_count"
                        + " from pg_stat_user_tables where relname in ('location', 'evse') order by relname")
                .query(rs -> {
                    String t = rs.getString("relname");
                    for (String col : List.of("n_tup_ins", "n_tup_upd", "n_tup_hot_upd", "autovacuum_count",
                            "autoanalyze_count")) {
                        c.put(t + "." + col, rs.getLong(col));
                    }
                });
        try {
            jdbc.sql("select num_timed, num_requested, buffers_written from pg_stat_checkpointer")
                    .query(rs -> {
                        c.put("checkpoints (timed + requested)", rs.getLong(1) + rs.getLong(2));
                        c.put("checkpoint buffers written", rs.getLong(3));
                    });
        } catch (RuntimeException e) {
            // pg_stat_checkpointer: PostgreSQL 17+
        }
        return c;
    }

    /** pg_stat_statements is loaded (only with --pg-statements). */
    boolean statementsAvailable() {
        try {
            jdbc.sql("create extension if not exists pg_stat_statements").update();
            jdbc.sql("select count(*) from pg_stat_statements").query(Long.class).single();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    void resetStatements() {
        jdbc.sql("select pg_stat_statements_reset()").query((rs, n) -> 1).list();
    }

    /** The statements that took the most execution time since the last reset, as a Markdown table. */
    String topStatements(String title, int top, long operations, String perWhat) {
        var sb = new StringBuilder("### ").append(title).append("\n\n");
        sb.append("Server-side execution time only (pg_stat_statements, `track = all`); parse/bind/network"
                + " and the JVM side are not in it.\n\n");
        sb.append("| total ms | calls | calls per ").append(perWhat).append(" | mean µs | rows | query |\n");
        sb.append("|---:|---:|---:|---:|---:|---|\n");
        jdbc.sql("select total_exec_time, calls, mean_exec_time, rows, regexp_replace(query, '\\s+', ' ', 'g') as q"
                        + " from pg_stat_statements where query not like '%pg_stat%' and dbid = (select oid from"
                        + " pg_database where datname = current_database()) order by total_exec_time desc limit ?")
                .param(top)
                .query(rs -> {
                    String q = rs.getString("q");
                    q = q.length() > 220 ? q.substring(0, 220) + " …" : q;
                    sb.append(String.format(java.util.Locale.ROOT, "| %,.0f | %,d | %.2f | %,.0f | %,d | `%s` |%n",
                            rs.getDouble(1), rs.getLong(2), operations == 0 ? 0.0 : rs.getLong(2) / (double) operations,
                            rs.getDouble(3) * 1000, rs.getLong(4), q.replace("|", "\\|").replace("`", "'")));
                });
        Double sum = jdbc.sql("select sum(total_exec_time) from pg_stat_statements where query not like '%pg_stat%'")
                .query(Double.class).single();
        sb.append(String.format(java.util.Locale.ROOT, "%nSum of all statements: %,.0f ms.%n", sum == null ? 0 : sum));
        return sb.toString();
    }

    static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> d = new LinkedHashMap<>();
        after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0L)));
        return d;
    }

    /** Samples {@code pg_stat_activity} of the client backends every {@code periodMillis}. */
    static final class ActivitySampler implements AutoCloseable {

        private final Map<String, AtomicLong> counts = new TreeMap<>();
        private final AtomicLong samples = new AtomicLong();
        private final Thread thread;
        private final Connection connection;
        private volatile boolean running = true;

        private final com.zaxxer.hikari.HikariPoolMXBean pool;

        /** @param pool the eMSP's connection pool, to sample too; null if it is not Hikari */
        ActivitySampler(String jdbcUrl, long periodMillis, com.zaxxer.hikari.HikariPoolMXBean pool) throws SQLException {
            this.pool = pool;
            this.connection = DriverManager.getConnection(jdbcUrl);
            this.thread = new Thread(() -> loop(periodMillis), "bench-pg-activity");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop(long periodMillis) {
            try (Statement st = connection.createStatement()) {
                while (running) {
                    try (ResultSet rs = st.executeQuery("select state, coalesce(wait_event_type || ':' || wait_event,"
                            + " 'on CPU (no wait event)') from pg_stat_activity where backend_type = 'client backend'"
                            + " and pid <> pg_backend_pid() and state <> 'idle'")) {
                        while (rs.next()) {
                            String key = rs.getString(1).equals("active") ? "active, " + rs.getString(2)
                                    : rs.getString(1) + " (waiting for the JVM)";
                            synchronized (counts) {
                                counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
                            }
                        }
                    }
                    if (pool != null) {
                        synchronized (counts) {
                            counts.computeIfAbsent("Hikari pool: connections in use (eMSP side)",
                                    k -> new AtomicLong()).addAndGet(pool.getActiveConnections());
                            counts.computeIfAbsent("Hikari pool: threads waiting for a connection",
                                    k -> new AtomicLong()).addAndGet(pool.getThreadsAwaitingConnection());
                        }
                    }
                    samples.incrementAndGet();
                    Thread.sleep(periodMillis);
                }
            } catch (SQLException | InterruptedException e) {
                // closed
            }
        }

        /** Average number of non-idle backends in each state over the samples, biggest first. */
        List<Map.Entry<String, Double>> averages() {
            long n = Math.max(1, samples.get());
            synchronized (counts) {
                return counts.entrySet().stream()
                        .map(e -> Map.entry(e.getKey(), e.getValue().get() / (double) n))
                        .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                        .toList();
            }
        }

        long samples() {
            return samples.get();
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                connection.close();
            } catch (SQLException e) {
                // ignore
            }
        }
    }
}
