package com.rollyy.emsp.robotjobs;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Energy over time of our robot sessions (table job_session_progress), written from the Session
 * updates the CPO sends. Only a changed kwh is kept, and at most one sample per {@link #MIN_GAP}:
 * a newer update within that gap replaces the latest sample, so an eight-hour session holds at most
 * a thousand rows whatever the CPO's update rate. Callers hold the job_session row's lock.
 */
@Repository
class SessionProgress {

    static final Duration MIN_GAP = Duration.ofSeconds(30);
    /** The most samples read for one session. */
    static final int MAX_SAMPLES = 1000;

    private final JdbcClient jdbc;

    SessionProgress(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One statement: a new kwh newer than the latest sample moves that sample when it is within
     * {@link #MIN_GAP} and not the first (where the curve starts); otherwise it is added. The same
     * kwh, or older news, changes nothing.
     */
    void record(String jobSessionId, Instant at, BigDecimal kwh) {
        if (at == null || kwh == null) {
            return;
        }
        jdbc.sql("""
                with news as (
                    select cast(:id as text) as id, cast(:at as timestamptz) as at, cast(:kwh as numeric) as kwh
                ), latest as (
                    select at, kwh from job_session_progress where job_session_id = :id order by at desc limit 2
                ), last as (
                    select at, kwh, (select count(*) from latest) = 1 as first from latest order by at desc limit 1
                ), moved as (
                    update job_session_progress p set at = news.at, kwh = news.kwh from last, news
                     where p.job_session_id = news.id and p.at = last.at and last.kwh <> news.kwh
                       and news.at > last.at and news.at - last.at < :gap * interval '1 millisecond' and not last.first
                    returning 1
                )
                insert into job_session_progress (job_session_id, at, kwh)
                select news.id, news.at, news.kwh from news
                 where not exists (select 1 from moved)
                   and not exists (select 1 from last where last.kwh = news.kwh or news.at <= last.at)
                on conflict do nothing""")
                .param("id", jobSessionId)
                .param("at", Timestamp.from(at))
                .param("kwh", kwh)
                .param("gap", MIN_GAP.toMillis())
                .update();
    }

    /** Oldest first, at most {@link #MAX_SAMPLES}. */
    List<EnergySample> samples(String jobSessionId) {
        return jdbc.sql("select at, kwh from job_session_progress where job_session_id = ? order by at limit ?")
                .params(jobSessionId, MAX_SAMPLES)
                .query((rs, n) -> new EnergySample(rs.getTimestamp(1).toInstant(), rs.getBigDecimal(2))).list();
    }
}
