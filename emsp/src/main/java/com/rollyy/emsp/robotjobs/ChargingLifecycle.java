package com.rollyy.emsp.robotjobs;

import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.rollyy.emsp.webhooks.WebhookEvents;

/**
 * The one place a charging session changes status: the job follows, and the robot backend is
 * told, in the same transaction. Callers hold the session's row lock.
 */
@Component
class ChargingLifecycle {

    private final JobSessionRepository sessions;
    private final RobotJobRepository jobs;
    private final SessionViews views;
    private final WebhookEvents webhooks;

    ChargingLifecycle(JobSessionRepository sessions, RobotJobRepository jobs, SessionViews views,
                      WebhookEvents webhooks) {
        this.sessions = sessions;
        this.jobs = jobs;
        this.views = views;
        this.webhooks = webhooks;
    }

    /** Moves a session (and its job, if this is the job's current session) and reports it. */
    @Transactional(propagation = Propagation.MANDATORY)
    void move(JobSession js, SessionStatus to, String failureReason) {
        if (js.status() == to) {
            return;
        }
        sessions.status(js.id(), to, failureReason);
        if (!js.abandoned()) {
            jobs.follow(js.robotJobId(), js.id(), to.jobStatus(), to == SessionStatus.FAILED ? failureReason : null);
        }
        switch (to) {
            case ACTIVE -> {
                // once per session: a STOP that failed puts a stopping session back to active unannounced
                // (session.stop_failed says so)
                if (js.status() == SessionStatus.PENDING) {
                    report(WebhookEvents.SESSION_STARTED, js.id());
                }
            }
            case FAILED -> report(js.status() == SessionStatus.PENDING ? WebhookEvents.SESSION_START_FAILED
                    : WebhookEvents.SESSION_FAILED, js.id());
            case COMPLETED -> {
                stopped(js);
                report(WebhookEvents.SESSION_COMPLETED, js.id());
            }
            default -> {
            }
        }
    }

    /** Charging ended (STOP confirmed, session COMPLETED or CDR): reported once per session. */
    @Transactional(propagation = Propagation.MANDATORY)
    void stopped(JobSession js) {
        if (sessions.markStoppedReported(js.id())) {
            report(WebhookEvents.SESSION_STOPPED, js.id());
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void report(String type, String sessionId) {
        report(type, sessionId, Map.of());
    }

    /** An event with the job and session as they are now, plus {@code extra} fields. */
    @Transactional(propagation = Propagation.MANDATORY)
    void report(String type, String sessionId, Map<String, Object> extra) {
        var js = sessions.find(sessionId, false).orElseThrow();
        var job = jobs.find(js.robotJobId(), false).orElse(null);
        var data = new java.util.LinkedHashMap<String, Object>();
        data.put("job", job);
        data.put("session", views.of(js, job));
        data.putAll(extra);
        webhooks.publish(type, js.robotJobId(), data);
    }
}
