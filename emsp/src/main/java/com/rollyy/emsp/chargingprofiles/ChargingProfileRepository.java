package com.rollyy.emsp.chargingprofiles;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;

@Repository
class ChargingProfileRepository {

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;

    ChargingProfileRepository(JdbcClient jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    record Request(UUID id, String jobSessionId, UUID connectionId, String kind, String cpoResult, String result) {
    }

    void insertRequest(UUID id, String jobSessionId, UUID connectionId, String kind) {
        jdbc.sql("insert into charging_profile_request (id, job_session_id, connection_id, kind) values (?, ?, ?, ?)")
                .params(id, jobSessionId, connectionId, kind).update();
    }

    Optional<Request> request(UUID id) {
        return jdbc.sql("select id, job_session_id, connection_id, kind, cpo_result, result"
                        + " from charging_profile_request where id = ? for update").param(id)
                .query((rs, n) -> new Request(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getString(4), rs.getString(5), rs.getString(6))).optional();
    }

    void requestAnswered(UUID id, String cpoResult, Integer timeoutSeconds) {
        jdbc.sql("update charging_profile_request set cpo_result = ?, cpo_timeout_seconds = ? where id = ?")
                .params(cpoResult, timeoutSeconds, id).update();
    }

    void requestResult(UUID id, String result) {
        jdbc.sql("update charging_profile_request set result = ?, result_at = now() where id = ?")
                .params(result, id).update();
    }

    /** A new SET request becomes the session's latest: what we asked for, nothing answered yet. */
    void startSet(String jobSessionId, UUID connectionId, String ocpiSessionId, UUID requestId, BigDecimal kw,
                  Instant departure, ChargingProfile profile) {
        jdbc.sql("""
                insert into charging_profile (job_session_id, connection_id, ocpi_session_id, status, max_charge_rate_kw,
                                              departure_time, profile, last_request_id)
                values (?, ?, ?, 'setting', ?, ?, ?::jsonb, ?)
                on conflict (job_session_id) do update set status = 'setting', max_charge_rate_kw = excluded.max_charge_rate_kw,
                    departure_time = excluded.departure_time, profile = excluded.profile,
                    last_request_id = excluded.last_request_id, cpo_result = null, cpo_message = null, result = null,
                    result_at = null, preferences_result = null, updated_at = now()""")
                .params(jobSessionId, connectionId, ocpiSessionId, kw, ts(departure),
                        mapper.writeValueAsString(profile), requestId)
                .update();
    }

    void startClear(String jobSessionId, UUID connectionId, String ocpiSessionId, UUID requestId) {
        jdbc.sql("""
                insert into charging_profile (job_session_id, connection_id, ocpi_session_id, status, last_request_id)
                values (?, ?, ?, 'clearing', ?)
                on conflict (job_session_id) do update set status = 'clearing', last_request_id = excluded.last_request_id,
                    max_charge_rate_kw = null, departure_time = null, profile = null, preferences_result = null,
                    cpo_result = null, cpo_message = null, result = null, result_at = null, updated_at = now()""")
                .params(jobSessionId, connectionId, ocpiSessionId, requestId).update();
    }

    /** The CPO's synchronous answer, for the session's latest request only. */
    void answered(String jobSessionId, UUID requestId, String status, String cpoResult, String message) {
        jdbc.sql("""
                update charging_profile set status = coalesce(?, status), cpo_result = ?, cpo_message = ?, updated_at = now()
                 where job_session_id = ? and last_request_id = ?""")
                .params(status, cpoResult, message, jobSessionId, requestId).update();
    }

    /** The posted result, for the session's latest request only. */
    void resulted(String jobSessionId, UUID requestId, String status, String result) {
        jdbc.sql("""
                update charging_profile set status = ?, result = ?, result_at = now(), updated_at = now()
                 where job_session_id = ? and last_request_id = ?""")
                .params(status, result, jobSessionId, requestId).update();
    }

    void preferences(String jobSessionId, String answer) {
        jdbc.sql("update charging_profile set preferences_result = ?, updated_at = now() where job_session_id = ?")
                .params(answer, jobSessionId).update();
    }

    /** The profile the charger applies now, as the CPO reported it (also for sessions we never sent one for). */
    void active(String jobSessionId, UUID connectionId, String ocpiSessionId, ActiveChargingProfile profile) {
        jdbc.sql("""
                insert into charging_profile (job_session_id, connection_id, ocpi_session_id, status, active_profile, active_at)
                values (?, ?, ?, 'none', ?::jsonb, now())
                on conflict (job_session_id) do update set active_profile = excluded.active_profile, active_at = now(),
                    updated_at = now()""")
                .params(jobSessionId, connectionId, ocpiSessionId, mapper.writeValueAsString(profile)).update();
    }

    Optional<ChargingProfileState> find(String jobSessionId) {
        return jdbc.sql("select * from charging_profile where job_session_id = ?").param(jobSessionId)
                .query((rs, n) -> map(rs)).optional();
    }

    private ChargingProfileState map(ResultSet rs) throws SQLException {
        String status = rs.getString("status");
        String profileJson = rs.getString("profile");
        ChargingProfile profile = profileJson == null ? null : mapper.readValue(profileJson, ChargingProfile.class);
        String activeJson = rs.getString("active_profile");
        boolean set = status.equals("setting") || status.equals("active");
        return new ChargingProfileState(rs.getString("job_session_id"), rs.getString("ocpi_session_id"), status,
                set, rs.getBigDecimal("max_charge_rate_kw"), instant(rs, "departure_time"),
                profile == null || !set ? List.of() : profile.chargingProfilePeriod(),
                rs.getString("cpo_result"), rs.getString("cpo_message"), rs.getString("result"),
                instant(rs, "result_at"), rs.getString("preferences_result"),
                activeJson == null ? null : mapper.readValue(activeJson, ActiveChargingProfile.class),
                instant(rs, "active_at"), instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
