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

    /** A session's move as {@link #move} made it: the session and its job as they are now. */
    record Moved(JobSession session, RobotJob job, boolean stopToReport) {
    }

    /** The job's columns, prefixed, beside a session's {@code *} in one row. */
    private static final String JOB_COLUMNS = """
            jr.id as job_id, jr.robot_id as job_robot_id, jr.job_type as job_job_type, jr.fleet_id as job_fleet_id,
            jr.place_id as job_place_id, jr.vehicle_id as job_vehicle_id, jr.status as job_status,
            jr.failure_reason as job_failure_reason, jr.charging_session_id as job_charging_session_id,
            jr.created_at as job_created_at, jr.updated_at as job_updated_at, jr.completed_at as job_completed_at""";

    /**
     * Moves a session to {@code to} and, unless it is abandoned, the job whose current session it
     * is (what {@code JobSessionRepository.status} and {@link #follow} do), in one statement that
     * answers the session and its job as they are after it. Moving to completed also marks the
     * session's stop as reported; {@code stopToReport} says whether it was not yet. The caller
     * holds the session's row lock.
     */
    Moved move(JobSession js, SessionStatus to, String failureReason) {
        JobStatus jobStatus = to.jobStatus();
        boolean completed = to == SessionStatus.COMPLETED;
        var moved = jdbc.sql("""
                with old as (
                    select stopped_reported from job_session where id = ?
                ), s as (
                    update job_session set status = ?, failure_reason = coalesce(?, failure_reason), updated_at = now(),
                           ended_at = case when ? then coalesce(ended_at, now()) else ended_at end,
                           stopped_reported = stopped_reported or ?
                     where id = ? returning *
                ), j as (
                    update robot_job set status = ?, failure_reason = ?, updated_at = now(),
                           completed_at = case when ? then now() else completed_at end
                     where ? and id = ? and charging_session_id = ? and status <> ?
                    returning *
                )
                select s.*, (select not stopped_reported from old) as stop_to_report,
                       exists (select 1 from j) as job_moved, %s
                  from s left join lateral (
                      select * from j
                      union all
                      select * from robot_job r where r.id = s.robot_job_id and not exists (select 1 from j)) jr on true
                """.formatted(JOB_COLUMNS))
                .params(js.id(), to.value(), failureReason, !to.isLive(), completed, js.id(),
                        jobStatus.value(), to == SessionStatus.FAILED ? failureReason : null, jobStatus.isFinal(),
                        !js.abandoned(), js.robotJobId(), js.id(), jobStatus.value())
                .query((rs, n) -> new Object[] {new Moved(JobSessionRepository.map(rs),
                        rs.getObject("job_id") == null ? null : map(rs, "job_"),
                        completed && rs.getBoolean("stop_to_report")), rs.getBoolean("job_moved")})
                .single();
        if ((Boolean) moved[1]) {
            entered(jobStatus);
        }
        return (Moved) moved[0];
    }

    /**
     * Marks the session's stop as reported (what {@code JobSessionRepository.markStoppedReported}
     * does) and answers its job as it is now; empty when the stop already was reported.
     */
    Optional<RobotJob> markStoppedReported(String sessionId) {
        return jdbc.sql("""
                with m as (
                    update job_session set stopped_reported = true where id = ? and not stopped_reported
                    returning robot_job_id
                )
                select r.* from m join robot_job r on r.id = m.robot_job_id""")
                .param(sessionId).query((rs, n) -> map(rs)).optional();
    }

    private static RobotJob map(ResultSet rs) throws SQLException {
        return map(rs, "");
    }

    private static RobotJob map(ResultSet rs, String prefix) throws SQLException {
        return new RobotJob(rs.getObject(prefix + "id", UUID.class), rs.getString(prefix + "robot_id"),
                rs.getString(prefix + "job_type"), rs.getString(prefix + "fleet_id"), rs.getString(prefix + "place_id"),
                rs.getString(prefix + "vehicle_id"), JobStatus.parse(rs.getString(prefix + "status")),
                rs.getString(prefix + "failure_reason"), rs.getString(prefix + "charging_session_id"),
                instant(rs, prefix + "created_at"), instant(rs, prefix + "updated_at"),
                instant(rs, prefix + "completed_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
