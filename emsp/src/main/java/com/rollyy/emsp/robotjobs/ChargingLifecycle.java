package com.rollyy.emsp.robotjobs;

import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.rollyy.emsp.ocpi.ObjectKey;
import com.rollyy.emsp.sessions.Session;
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
        move(js, to, failureReason, null, null);
    }

    /**
     * The same, told the CPO's Session {@code cpoKey} as the caller just stored it: the events
     * show it without reading it again. The session and its job are moved by one statement that
     * answers both as they are now, so the events are built from what it answered.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void move(JobSession js, SessionStatus to, String failureReason, ObjectKey cpoKey, Session cpoSession) {
        if (js.status() == to) {
            return;
        }
        var moved = jobs.move(js, to, failureReason);
        switch (to) {
            case ACTIVE -> {
                // once per session: a STOP that failed puts a stopping session back to active unannounced
                // (session.stop_failed says so)
                if (js.status() == SessionStatus.PENDING) {
                    publish(WebhookEvents.SESSION_STARTED, moved.job(), view(moved, cpoKey, cpoSession));
                }
            }
            case FAILED -> publish(js.status() == SessionStatus.PENDING ? WebhookEvents.SESSION_START_FAILED
                    : WebhookEvents.SESSION_FAILED, moved.job(), view(moved, cpoKey, cpoSession));
            case COMPLETED -> {
                // charging ended (reported once per session), and the session is complete: both events
                // show the same session and job
                SessionView view = view(moved, cpoKey, cpoSession);
                if (moved.stopToReport()) {
                    publish(WebhookEvents.SESSION_STOPPED, moved.job(), view);
                }
                publish(WebhookEvents.SESSION_COMPLETED, moved.job(), view);
            }
            default -> {
            }
        }
    }

    /**
     * Charging ended (STOP confirmed, session COMPLETED or CDR): reported once per session.
     * {@code js} is the session as it is now (its row locked).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void stopped(JobSession js) {
        jobs.markStoppedReported(js.id()).ifPresent(job ->
                publish(WebhookEvents.SESSION_STOPPED, job, views.of(js, job)));
    }

    private SessionView view(RobotJobRepository.Moved moved, ObjectKey cpoKey, Session cpoSession) {
        return views.of(moved.session(), moved.job() == null ? null : moved.job().status(), cpoKey, cpoSession);
    }

    private void publish(String type, RobotJob job, SessionView session) {
        var data = new java.util.LinkedHashMap<String, Object>();
        data.put("job", job);
        data.put("session", session);
        webhooks.publish(type, session.robotJobId(), data);
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
