package com.rollyy.emsp.sync;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SyncStateRepository implements com.rollyy.emsp.connections.PullStates {

    private final JdbcClient jdbc;

    SyncStateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record State(Instant lastStartedAt, Instant lastFullAt, Instant nextRunAt) {
    }

    /**
     * Claims the right to run a pull (one at a time per connection and module, across
     * instances); a claim whose heartbeat is older than {@code abandonedAfter} is considered
     * abandoned (its instance died). With {@code onlyIfDue} the claim also needs the pull to be due, so two instances
     * that both saw it due run it once.
     */
    Optional<State> claim(UUID connectionId, String module, Duration abandonedAfter, boolean onlyIfDue) {
        jdbc.sql("insert into sync_state (connection_id, module) values (?, ?) on conflict do nothing")
                .params(connectionId, module).update();
        return jdbc.sql("""
                update sync_state set running_since = now()
                 where connection_id = ? and module = ?
                   and (running_since is null or running_since < now() - make_interval(secs => ?))
                   and (not ? or next_run_at is null or next_run_at <= now())
                returning last_started_at, last_full_at, next_run_at""")
                .params(connectionId, module, (double) abandonedAfter.toMillis() / 1000, onlyIfDue)
                .query((rs, n) -> new State(instant(rs.getTimestamp(1)), instant(rs.getTimestamp(2)),
                        instant(rs.getTimestamp(3))))
                .optional();
    }

    /** Marks the pulls this instance is running as alive (see {@code rollyy.sync.claim-timeout}). */
    void heartbeat(java.util.Collection<Running> pulls) {
        for (Running pull : pulls) {
            jdbc.sql("update sync_state set running_since = now() where connection_id = ? and module = ?"
                    + " and running_since is not null").params(pull.connectionId(), pull.module()).update();
        }
    }

    record Running(UUID connectionId, String module) {
    }

    void succeeded(UUID connectionId, String module, Instant startedAt, boolean full, int count, Instant nextRun) {
        jdbc.sql("""
                update sync_state set running_since = null, last_started_at = ?, last_success_at = now(),
                       last_full_at = case when ? then ? else last_full_at end, last_count = ?, last_error = null,
                       next_run_at = ?
                 where connection_id = ? and module = ?""")
                .params(Timestamp.from(startedAt), full, Timestamp.from(startedAt), count, Timestamp.from(nextRun),
                        connectionId, module)
                .update();
    }

    void failed(UUID connectionId, String module, String error, Instant nextRun) {
        jdbc.sql("update sync_state set running_since = null, last_error = ?, next_run_at = ?"
                        + " where connection_id = ? and module = ?")
                .params(error, Timestamp.from(nextRun), connectionId, module).update();
    }

    private static final String PULL_STATES = "select connection_id, module, last_success_at, last_error,"
            + " last_count, running_since is not null from sync_state";

    @Override
    public java.util.List<PullState> of(UUID connectionId) {
        return jdbc.sql(PULL_STATES + " where connection_id = ? order by module").param(connectionId)
                .query((rs, n) -> pullState(rs)).list();
    }

    @Override
    public java.util.Map<UUID, java.util.List<PullState>> all() {
        var all = new java.util.HashMap<UUID, java.util.List<PullState>>();
        jdbc.sql(PULL_STATES + " order by connection_id, module").query(rs -> {
            all.computeIfAbsent(rs.getObject(1, UUID.class), k -> new java.util.ArrayList<>()).add(pullState(rs));
        });
        return all;
    }

    private static PullState pullState(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new PullState(rs.getString(2), instant(rs.getTimestamp(3)), rs.getString(4),
                (Integer) rs.getObject(5), rs.getBoolean(6));
    }

    boolean due(UUID connectionId, String module) {
        return jdbc.sql("select next_run_at from sync_state where connection_id = ? and module = ?")
                .params(connectionId, module)
                .query((rs, n) -> instant(rs.getTimestamp(1))).optional()
                .map(next -> next == null || !next.isAfter(Instant.now()))
                .orElse(true);
    }

    long nextRunId() {
        return jdbc.sql("select nextval('sync_run_seq')").query(Long.class).single();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
