package com.rollyy.emsp.robotjobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;

import org.springframework.stereotype.Repository;

import com.rollyy.emsp.config.AfterCommit;

@Repository
class RobotJobRepository {

    private final JdbcClient jdbc;
    private final MeterRegistry meters;

    RobotJobRepository(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    /** {@code rollyy_robot_job_transitions_total{status}}: jobs entering a status, counted once committed. */
    private void entered(JobStatus status) {
        AfterCommit.run(() -> meters.counter("rollyy.robot.job.transitions", "status", status.value()).increment());
    }

    void insert(RobotJob job) {
        jdbc.sql("""
                insert into robot_job (id, robot_id, job_type, fleet_id, place_id, vehicle_id, status, created_at,
                                       updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(job.rollyyId(), job.robotId(), job.jobType(), job.fleetId(), job.placeId(), job.vehicleId(),
                        job.status().value(), Timestamp.from(job.createdAt()), Timestamp.from(job.updatedAt()))
                .update();
        entered(job.status());
    }

    Optional<RobotJob> find(UUID id, boolean forUpdate) {
        return jdbc.sql("select * from robot_job where id = ?" + (forUpdate ? " for update" : "")).param(id)
                .query((rs, n) -> map(rs)).optional();
    }

    List<RobotJob> list(String robotId, JobStatus status, int limit) {
        return search(robotId, false, null, status, 0, limit);
    }

    /** Jobs that failed at or after {@code since}, the latest failure first (partial index robot_job_failed). */
    List<RobotJob> failedSince(java.time.Instant since, int limit) {
        return jdbc.sql("select * from robot_job where status = 'failed' and updated_at >= ? order by updated_at desc, id limit ?")
                .params(java.sql.Timestamp.from(since), limit).query((rs, n) -> map(rs)).list();
    }

    /**
     * The console's search: newest first, one page; each filter is an indexed column. The robot id
     * matches exactly, or as a prefix when {@code robotIdPrefix} (index robot_job_robot_prefix).
     */
    List<RobotJob> search(String robotId, boolean robotIdPrefix, UUID jobId, JobStatus status, int offset, int limit) {
        var sql = new StringBuilder("select * from robot_job where true");
        var params = new ArrayList<Object>();
        if (jobId != null) {
            sql.append(" and id = ?");
            params.add(jobId);
        }
        if (robotId != null && robotIdPrefix) {
            sql.append(" and robot_id like ? escape '\\'");
            params.add(robotId.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        } else if (robotId != null) {
            sql.append(" and robot_id = ?");
            params.add(robotId);
        }
        if (status != null) {
            sql.append(" and status = ?");
            params.add(status.value());
        }
        sql.append(" order by created_at desc, id offset ? limit ?");
        params.add(offset);
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> map(rs)).list();
    }

    /** The job as a START found it (before any change); {@code started} when the attempt began. */
    record ChargingStart(JobStatus status, String chargingSessionId, boolean started) {
    }

    /**
     * Starts a charging attempt in one statement: locks the job and, when its status is one of
     * {@code from}, stores the new session (PENDING, with the tariff ids in force) and points the
     * job at it (starting). Empty when there is no such job.
     */
    Optional<ChargingStart> startCharging(JobSession s, java.util.List<String> tariffIds,
                                          java.util.Set<JobStatus> from) {
        // a JSON array of the ids, built by PostgreSQL: a CiString may hold any printable ASCII, quotes too
        String[] tariffs = tariffIds.toArray(String[]::new);
        var start = jdbc.sql("""
                with job as (
                    select id, status, charging_session_id from robot_job where id = ? for update
                ), session as (
                    insert into job_session (id, robot_job_id, connection_id, cpo_country_code, cpo_party_id,
                                             location_id, evse_uid, connector_id, asset_id, token_uid, status,
                                             tariff_ids)
                    select ?, job.id, ?, ?, ?, ?, ?, ?, ?, ?, ?, to_jsonb(?::text[]) from job where job.status = any (?::text[])
                    returning robot_job_id, id
                ), started as (
                    update robot_job set status = 'starting', charging_session_id = session.id, failure_reason = null,
                                         completed_at = null, updated_at = now()
                      from session where robot_job.id = session.robot_job_id
                )
                select job.status, job.charging_session_id, exists (select 1 from session) from job""")
                .params(s.robotJobId(), s.id(), s.connectionId(), s.cpoCountryCode(), s.cpoPartyId(), s.locationId(),
                        s.evseUid(), s.connectorId(), s.assetId(), s.tokenUid(), s.status().value(), tariffs,
                        from.stream().map(JobStatus::value).toArray(String[]::new))
                .query((rs, n) -> new ChargingStart(JobStatus.parse(rs.getString(1)), rs.getString(2),
                        rs.getBoolean(3)))
                .optional();
        if (start.filter(ChargingStart::started).isPresent()) {
            entered(JobStatus.STARTING);
        }
        return start;
    }

    /** Moves the job whose current session this is; other (older) sessions never move a job. */
    boolean follow(UUID id, String sessionId, JobStatus status, String failureReason) {
        boolean moved = jdbc.sql("""
                update robot_job set status = ?, failure_reason = ?, updated_at = now(),
                       completed_at = case when ? then now() else completed_at end
                 where id = ? and charging_session_id = ? and status <> ?""")
                .params(status.value(), failureReason, status.isFinal(), id, sessionId, status.value())
                .update() == 1;
        if (moved) {
            entered(status);
        }
        return moved;
    }

    private static RobotJob map(ResultSet rs) throws SQLException {
        return new RobotJob(rs.getObject("id", UUID.class), rs.getString("robot_id"), rs.getString("job_type"),
                rs.getString("fleet_id"), rs.getString("place_id"), rs.getString("vehicle_id"),
                JobStatus.parse(rs.getString("status")), rs.getString("failure_reason"),
                rs.getString("charging_session_id"), instant(rs, "created_at"), instant(rs, "updated_at"),
                instant(rs, "completed_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
