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

    void record(String jobSessionId, Instant at, BigDecimal kwh) {
        if (at == null || kwh == null) {
            return;
        }
        var latest = jdbc.sql("select at, kwh from job_session_progress where job_session_id = ? order by at desc limit 1")
                .param(jobSessionId)
                .query((rs, n) -> new EnergySample(rs.getTimestamp(1).toInstant(), rs.getBigDecimal(2)))
                .optional();
        if (latest.isEmpty()) {
            insert(jobSessionId, at, kwh);
            return;
        }
        EnergySample last = latest.get();
        if (last.kwh().compareTo(kwh) == 0 || !at.isAfter(last.at())) {
            return; // nothing new, or older news
        }
        if (Duration.between(last.at(), at).compareTo(MIN_GAP) < 0 && !isFirst(jobSessionId, last)) {
            jdbc.sql("update job_session_progress set at = ?, kwh = ? where job_session_id = ? and at = ?")
                    .params(Timestamp.from(at), kwh, jobSessionId, Timestamp.from(last.at())).update();
        } else {
            insert(jobSessionId, at, kwh);
        }
    }

    /** The first sample (where the curve starts) is never moved. */
    private boolean isFirst(String jobSessionId, EnergySample last) {
        return jdbc.sql("select count(*) from (select 1 from job_session_progress where job_session_id = ? limit 2) s")
                .param(jobSessionId).query(Integer.class).single() == 1;
    }

    private void insert(String jobSessionId, Instant at, BigDecimal kwh) {
        jdbc.sql("insert into job_session_progress (job_session_id, at, kwh) values (?, ?, ?) on conflict do nothing")
                .params(jobSessionId, Timestamp.from(at), kwh).update();
    }

    /** Oldest first, at most {@link #MAX_SAMPLES}. */
    List<EnergySample> samples(String jobSessionId) {
        return jdbc.sql("select at, kwh from job_session_progress where job_session_id = ? order by at limit ?")
                .params(jobSessionId, MAX_SAMPLES)
                .query((rs, n) -> new EnergySample(rs.getTimestamp(1).toInstant(), rs.getBigDecimal(2))).list();
    }
}
