package com.rollyy.emsp.robotjobs;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;

import com.rollyy.emsp.ocpi.ObjectKey;

/**
 * A job's charging sessions as the operator console's job page shows them: each session's view
 * (the same as {@code GET /ocpi/2.2.1/sessions/job/{job_id}}), the CPO's CDR it is linked to, and
 * its energy over time.
 */
@Service
public class JobTimeline {

    /** The most sessions read for one job (a job retries a failed start a few times at most). */
    static final int MAX_SESSIONS = 20;

    private final JobSessionRepository sessions;
    private final SessionViews views;
    private final SessionProgress progress;

    JobTimeline(JobSessionRepository sessions, SessionViews views, SessionProgress progress) {
        this.sessions = sessions;
        this.views = views;
        this.progress = progress;
    }

    /**
     * One session of a job.
     *
     * @param cdr    the key of the CPO's CDR, once received
     * @param energy energy over time, oldest first (at most 1000 samples, one per 30 s at most)
     */
    public record JobSessionDetail(SessionView view, ObjectKey cdr, String tokenUid, Instant createdAt,
                                   Instant updatedAt, Instant endedAt, List<EnergySample> energy) {
    }

    /** The job's sessions, newest first. */
    public List<JobSessionDetail> sessions(RobotJob job) {
        return sessions.forJob(job.rollyyId()).stream().limit(MAX_SESSIONS)
                .map(js -> new JobSessionDetail(views.of(js, job), js.cdr(), js.tokenUid(), js.createdAt(),
                        js.updatedAt(), js.endedAt(), progress.samples(js.id())))
                .toList();
    }

    /** The latest change of the job's sessions (our record and energy samples), for a cheap "has it changed?". */
    public String version(UUID jobId) {
        return sessions.version(jobId);
    }
}
