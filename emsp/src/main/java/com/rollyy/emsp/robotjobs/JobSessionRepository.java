package com.rollyy.emsp.robotjobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.rollyy.emsp.ocpi.CiString;
import com.rollyy.emsp.ocpi.ObjectKey;

@Repository
class JobSessionRepository {

    /** How far a CPO's session start may lie before our START (clock skew) or after it (slow plug-in). */
    private static final Duration SKEW_BEFORE = Duration.ofMinutes(5);
    private static final Duration START_AFTER = Duration.ofHours(2);

    private final JdbcClient jdbc;

    JobSessionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<JobSession> find(String id, boolean forUpdate) {
        return jdbc.sql("select * from job_session where id = ?" + (forUpdate ? " for update" : "")).param(id)
                .query((rs, n) -> map(rs)).optional();
    }

    /** A job's status and its latest session, if any, in one statement; empty when there is no such job. */
    record JobAndLatest(JobStatus jobStatus, Optional<JobSession> latest) {
    }

    Optional<JobAndLatest> jobAndLatest(UUID jobId) {
        return jdbc.sql("""
                select j.status as job_status, s.* from robot_job j left join lateral (
                    select * from job_session where robot_job_id = j.id order by created_at desc limit 1) s on true
                 where j.id = ?""")
                .param(jobId).query((rs, n) -> new JobAndLatest(JobStatus.parse(rs.getString("job_status")),
                        rs.getString("id") == null ? Optional.empty() : Optional.of(map(rs))))
                .optional();
    }

    Optional<JobSession> latestForJob(UUID jobId) {
        return jdbc.sql("select * from job_session where robot_job_id = ? order by created_at desc limit 1")
                .param(jobId).query((rs, n) -> map(rs)).optional();
    }

    /** Our session with this id and those whose CPO session id is {@code ocpiSessionId}, newest first. */
    List<JobSession> byIdOrOcpiSessionId(String id, String ocpiSessionId) {
        return jdbc.sql("select * from job_session where id = ? or upper(ocpi_session_id) = ? order by created_at desc")
                .params(id, CiString.key(ocpiSessionId)).query((rs, n) -> map(rs)).list();
    }

    /** Sessions whose CPO session id is this one (ids are unique per CPO party, so maybe several). */
    List<JobSession> byOcpiSessionId(String ocpiSessionId) {
        return jdbc.sql("select * from job_session where upper(ocpi_session_id) = ? order by created_at desc")
                .param(CiString.key(ocpiSessionId)).query((rs, n) -> map(rs)).list();
    }

    /**
     * Which of our sessions a CPO's Session (or CDR) belongs to, locked: the one already linked to
     * it; else the one whose reference it echoes as authorization_reference; else (hubs replace
     * references) the one with its token at that EVSE, started around that time and not yet
     * linked to another session. A CDR without session_id (OCPI 2.1.1 has none) may also match a
     * session already linked to a CPO Session but still without a CDR.
     */
    Optional<JobSession> match(UUID connectionId, ObjectKey ocpiSession, String authorizationReference,
                               String tokenUid, String locationId, String evseUid, Instant start) {
        if (ocpiSession != null && authorizationReference != null) {
            // both first choices in one statement: the linked session if there is one, else the referenced one
            var found = jdbc.sql("""
                    select * from job_session
                     where connection_id = ? and ((upper(ocpi_session_id) = ? and ocpi_country_code = ?
                                                   and ocpi_party_id = ?) or id = lower(?))
                     order by (upper(ocpi_session_id) = ? and ocpi_country_code = ? and ocpi_party_id = ?) is true desc
                     limit 1 for update""")
                    .params(connectionId, ocpiSession.id(), ocpiSession.countryCode(), ocpiSession.partyId(),
                            authorizationReference, ocpiSession.id(), ocpiSession.countryCode(), ocpiSession.partyId())
                    .query((rs, n) -> map(rs)).optional();
            if (found.isPresent()) {
                return found;
            }
        } else if (ocpiSession != null) {
            var linked = jdbc.sql("""
                    select * from job_session where connection_id = ? and upper(ocpi_session_id) = ?
                       and ocpi_country_code = ? and ocpi_party_id = ? for update""")
                    .params(connectionId, ocpiSession.id(), ocpiSession.countryCode(), ocpiSession.partyId())
                    .query((rs, n) -> map(rs)).optional();
            if (linked.isPresent()) {
                return linked;
            }
        } else if (authorizationReference != null) {
            // our references are lower-case UUIDs; a CPO may return the CiString in any case
            var byReference = jdbc.sql("select * from job_session where id = lower(?) and connection_id = ? for update")
                    .params(authorizationReference, connectionId).query((rs, n) -> map(rs)).optional();
            if (byReference.isPresent()) {
                return byReference;
            }
        }
        if (tokenUid == null || start == null) {
            return Optional.empty();
        }
        String unlinked = ocpiSession == null ? "(ocpi_session_id is null or cdr_id is null)"
                : "ocpi_session_id is null";
        return jdbc.sql("""
                select * from job_session
                 where upper(token_uid) = ? and connection_id = ? and upper(location_id) = ? and upper(evse_uid) = ?
                   and %s and created_at between ? and ?
                 order by created_at desc limit 1 for update""".formatted(unlinked))
                .params(CiString.key(tokenUid), connectionId, CiString.key(locationId), CiString.key(evseUid),
                        Timestamp.from(start.minus(START_AFTER)), Timestamp.from(start.plus(SKEW_BEFORE)))
                .query((rs, n) -> map(rs)).optional();
    }

    /**
     * {@link #matchInOne}'s statements, one per set of ways that apply (bit 1: by the CPO's
     * session, 2: by our reference, 4: by token), each with only the parameters its ways use:
     * no flag or null parameter that would make PostgreSQL plan the statement anew per execution.
     */
    private static final String[] MATCH_IN_ONE = java.util.stream.IntStream.range(0, 8)
            .mapToObj(JobSessionRepository::matchInOneSql).toArray(String[]::new);

    private static String matchInOneSql(int ways) {
        if (ways == 0) {
            return null;
        }
        // a CDR without session_id may also match a session already linked to a CPO Session but without a CDR
        String unlinked = (ways & 1) != 0 ? "%1$socpi_session_id is null"
                : "(%1$socpi_session_id is null or %1$scdr_id is null)";
        var inner = new ArrayList<String>();
        var outer = new ArrayList<String>();
        if ((ways & 1) != 0) {
            String linkedTo = "%1$sconnection_id = ? and upper(%1$socpi_session_id) = ? and %1$socpi_country_code = ?"
                    + " and %1$socpi_party_id = ?";
            inner.add("(select id from job_session where " + linkedTo.formatted("") + ")");
            outer.add("(" + linkedTo.formatted("s.") + ")");
        }
        if ((ways & 2) != 0) {
            inner.add("(select id from job_session where id = lower(?) and connection_id = ?)");
            outer.add("(s.id = lower(?) and s.connection_id = ?)");
        }
        if ((ways & 4) != 0) {
            String tokenAt = "upper(%1$stoken_uid) = ? and %1$sconnection_id = ? and upper(%1$slocation_id) = ?"
                    + " and upper(%1$sevse_uid) = ? and " + unlinked + " and %1$screated_at between ? and ?";
            inner.add("(select id from job_session where " + tokenAt.formatted("")
                    + " order by created_at desc limit 1)");
            outer.add("(" + tokenAt.formatted("s.") + ")");
        }
        return "select * from job_session s where s.id = coalesce(" + String.join(", ", inner) + ", null)"
                + " and (" + String.join(" or ", outer) + ") for update";
    }

    /**
     * {@link #match} in one statement instead of up to three: the same three ways in the same
     * order (PostgreSQL evaluates each way only when the ones before found nothing), the session
     * locked. After waiting for a lock the row must still fit one of the ways (PostgreSQL checks
     * the outer condition again); when it no longer does, nothing matches (the CDR is then held
     * for review), as when the separate query's own condition no longer held. Two sessions linked
     * to one CPO session are an error, as there.
     */
    Optional<JobSession> matchInOne(UUID connectionId, ObjectKey ocpiSession, String authorizationReference,
                                    String tokenUid, String locationId, String evseUid, Instant start) {
        int ways = (ocpiSession != null ? 1 : 0) | (authorizationReference != null ? 2 : 0)
                | (tokenUid != null && start != null ? 4 : 0);
        if (ways == 0) {
            return Optional.empty();
        }
        // the inner ways and the outer check take the same parameters in the same order
        var way = new ArrayList<Object>();
        if ((ways & 1) != 0) {
            way.addAll(java.util.Arrays.asList(connectionId, ocpiSession.id(), ocpiSession.countryCode(),
                    ocpiSession.partyId()));
        }
        if ((ways & 2) != 0) {
            way.addAll(java.util.Arrays.asList(authorizationReference, connectionId));
        }
        if ((ways & 4) != 0) {
            way.addAll(java.util.Arrays.asList(CiString.key(tokenUid), connectionId, CiString.key(locationId),
                    CiString.key(evseUid), Timestamp.from(start.minus(START_AFTER)),
                    Timestamp.from(start.plus(SKEW_BEFORE))));
        }
        var params = new ArrayList<Object>(way);
        params.addAll(way);
        String sql = MATCH_IN_ONE[ways];
        return jdbc.sql(sql).params(params).query((rs, n) -> map(rs)).optional();
    }

    /**
     * Links the CPO's session; its id is kept in the CPO's spelling for STOP_SESSION. Returns our
     * session as it is after the update.
     */
    Optional<JobSession> link(String id, ObjectKey ocpiSession, String sessionIdAsSent) {
        return jdbc.sql("""
                update job_session set ocpi_country_code = ?, ocpi_party_id = ?, ocpi_session_id = ?, updated_at = now()
                 where id = ? returning *""")
                .params(ocpiSession.countryCode(), ocpiSession.partyId(), sessionIdAsSent, id)
                .query((rs, n) -> map(rs)).optional();
    }

    Optional<JobSession> byCdr(ObjectKey cdr) {
        return jdbc.sql("select * from job_session where cdr_country_code = ? and cdr_party_id = ? and cdr_id = ?")
                .params(cdr.countryCode(), cdr.partyId(), cdr.id()).query((rs, n) -> map(rs)).optional();
    }

    /** The connector's tariff_ids when START was sent. */
    java.util.List<String> tariffIdsAtStart(String id) {
        return jdbc.sql("select jsonb_array_elements_text(tariff_ids) from job_session where id = ?").param(id)
                .query(String.class).list();
    }

    /** Sessions of a job, newest first. */
    List<JobSession> forJob(UUID jobId) {
        return jdbc.sql("select * from job_session where robot_job_id = ? order by created_at desc")
                .param(jobId).query((rs, n) -> map(rs)).list();
    }

    /** Our sessions' latest change and energy sample for a job, as one comparable string. */
    String version(UUID jobId) {
        return jdbc.sql("""
                select coalesce(max(s.updated_at)::text, '') || '/' || count(*)
                       || '/' || coalesce((select max(p.at)::text || ':' || count(*) from job_session_progress p
                                            where p.job_session_id in (select id from job_session where robot_job_id = ?)), '')
                  from job_session s where s.robot_job_id = ?""")
                .params(jobId, jobId).query(String.class).single();
    }

    /** The sessions linked to any of these CDRs. */
    List<JobSession> byCdrs(java.util.Collection<ObjectKey> cdrs) {
        if (cdrs.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select s.* from job_session s join unnest(?::text[], ?::text[], ?::text[]) as k(cc, pid, id)
                  on s.cdr_country_code = k.cc and s.cdr_party_id = k.pid and s.cdr_id = k.id""")
                .params(column(cdrs, ObjectKey::countryCode), column(cdrs, ObjectKey::partyId),
                        column(cdrs, ObjectKey::id))
                .query((rs, n) -> map(rs)).list();
    }

    /** The sessions linked to any of these CPO Sessions. */
    List<JobSession> byOcpiSessions(java.util.Collection<ObjectKey> ocpiSessions) {
        if (ocpiSessions.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select s.* from job_session s join unnest(?::text[], ?::text[], ?::text[]) as k(cc, pid, id)
                  on s.ocpi_country_code = k.cc and s.ocpi_party_id = k.pid and upper(s.ocpi_session_id) = k.id""")
                .params(column(ocpiSessions, ObjectKey::countryCode), column(ocpiSessions, ObjectKey::partyId),
                        column(ocpiSessions, ObjectKey::id))
                .query((rs, n) -> map(rs)).list();
    }

    private static String[] column(java.util.Collection<ObjectKey> keys,
                                   java.util.function.Function<ObjectKey, String> part) {
        return keys.stream().map(part).toArray(String[]::new);
    }

    void linkCdr(String id, ObjectKey cdr) {
        jdbc.sql("update job_session set cdr_country_code = ?, cdr_party_id = ?, cdr_id = ?, updated_at = now()"
                        + " where id = ?")
                .params(cdr.countryCode(), cdr.partyId(), cdr.id(), id).update();
    }

    void status(String id, SessionStatus status, String failureReason) {
        jdbc.sql("""
                update job_session set status = ?, failure_reason = coalesce(?, failure_reason), updated_at = now(),
                       ended_at = case when ? then coalesce(ended_at, now()) else ended_at end
                 where id = ?""")
                .params(status.value(), failureReason, !status.isLive(), id).update();
    }

    /** Records the CPO's answer to START; the row, locked, as it is after the update. */
    Optional<JobSession> startResult(String id, String result) {
        return jdbc.sql("update job_session set start_result = ?, updated_at = now() where id = ? returning *")
                .params(result, id).query((rs, n) -> map(rs)).optional();
    }

    void abandon(String id) {
        jdbc.sql("update job_session set abandoned = true, status = 'stopping', updated_at = now() where id = ?")
                .param(id).update();
    }

    /** Marks the session's stop as reported; false when it already was. */
    boolean markStoppedReported(String id) {
        return jdbc.sql("update job_session set stopped_reported = true where id = ? and not stopped_reported")
                .param(id).update() == 1;
    }

    /** Connections with sessions that are not over yet: their Sessions are pulled more often. */
    List<UUID> connectionsWithLiveSessions() {
        return jdbc.sql("select distinct connection_id from job_session where status in ('pending', 'active', 'stopping')")
                .query(UUID.class).list();
    }

    static JobSession map(ResultSet rs) throws SQLException {
        String ocpiId = rs.getString("ocpi_session_id");
        String cdrId = rs.getString("cdr_id");
        return new JobSession(rs.getString("id"), rs.getObject("robot_job_id", UUID.class),
                rs.getObject("connection_id", UUID.class), rs.getString("cpo_country_code"),
                rs.getString("cpo_party_id"), rs.getString("location_id"), rs.getString("evse_uid"),
                rs.getString("connector_id"), rs.getObject("asset_id", UUID.class), rs.getString("token_uid"),
                SessionStatus.valueOf(rs.getString("status").toUpperCase(java.util.Locale.ROOT)),
                rs.getString("failure_reason"), rs.getString("start_result"), rs.getBoolean("abandoned"),
                ocpiId == null ? null : new ObjectKey(rs.getString("ocpi_country_code"), rs.getString("ocpi_party_id"),
                        ocpiId), ocpiId,
                cdrId == null ? null : new ObjectKey(rs.getString("cdr_country_code"), rs.getString("cdr_party_id"),
                        cdrId),
                rs.getBoolean("stopped_reported"), RobotJobRepository.instant(rs, "created_at"),
                RobotJobRepository.instant(rs, "updated_at"), RobotJobRepository.instant(rs, "ended_at"));
    }
}
