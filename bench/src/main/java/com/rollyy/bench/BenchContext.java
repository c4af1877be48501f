package com.rollyy.bench;

import java.nio.file.Path;
import java.sql.SQLException;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.rollyy.cposim.CpoSimulator;

/** What the benchmarks share: the running eMSP and simulator, and the instruments. */
record BenchContext(CpoSimulator sim, ProductApi api, String connectionId, JdbcClient jdbc, PgStats pg,
                    String postgresJdbcUrl, Path postgresDataDir, HeapSampler heap,
                    com.zaxxer.hikari.HikariPoolMXBean pool) {

    ResourceSnapshot resources() {
        return ResourceSnapshot.take(postgresDataDir);
    }

    /** Samples what PostgreSQL's client backends do, every 100 ms, on a connection of its own. */
    PgStats.ActivitySampler activitySampler() throws SQLException {
        return new PgStats.ActivitySampler(postgresJdbcUrl, 100, pool);
    }
}
