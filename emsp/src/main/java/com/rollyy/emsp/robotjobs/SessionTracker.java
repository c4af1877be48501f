package com.rollyy.emsp.robotjobs;

import java.time.Instant;
import java.util.Map;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.rollyy.emsp.commands.CommandEvents;
import com.rollyy.emsp.commands.CommandProperties;
import com.rollyy.emsp.commands.CommandResult;
import com.rollyy.emsp.commands.CommandType;
import com.rollyy.emsp.sessions.Session;
import com.rollyy.emsp.sessions.SessionChanged;
import com.rollyy.emsp.sync.SyncService;
import com.rollyy.emsp.webhooks.WebhookEvents;

/**
 * Follows what the CPO tells us about a robot's session (command results, Sessions) and moves
 * our session and its job. Listeners run inside the transaction that stored the news.
 */
@Component
class SessionTracker {

    static final com.github.kagkarlsson.scheduler.task.TaskDescriptor<String> ACTIVATION_DEADLINE =
            com.github.kagkarlsson.scheduler.task.TaskDescriptor.of("session-activation-deadline", String.class);
    private static final Logger log = LoggerFactory.getLogger(SessionTracker.class);

    private final JobSessionRepository sessions;
    private final ChargingLifecycle lifecycle;
    private final ObjectProvider<SchedulerClient> scheduler;
    private final ObjectProvider<SyncService> sync;
    private final TransactionTemplate tx;
    private final com.rollyy.emsp.sessions.SessionService sessionService;
    private final CommandProperties commandProperties;
    private final SessionProgress progress;

    SessionTracker(JobSessionRepository sessions, ChargingLifecycle lifecycle, ObjectProvider<SchedulerClient> scheduler,
                   ObjectProvider<SyncService> sync, TransactionTemplate tx,
                   com.rollyy.emsp.sessions.SessionService sessionService, CommandProperties commandProperties,
                   SessionProgress progress) {
        this.progress = progress;
        this.sessionService = sessionService;
        this.commandProperties = commandProperties;
        this.sessions = sessions;
        this.lifecycle = lifecycle;
        this.scheduler = scheduler;
        this.sync = sync;
        this.tx = tx;
    }

    @EventListener
    void on(SessionChanged changed) {
        Session session = changed.session();
        var match = sessions.match(changed.connectionId(), changed.key(), session.authorizationReference(),
                session.cdrToken().uid(), session.locationId(), session.evseUid(), session.startDateTime());
        if (match.isEmpty()) {
            return; // not a robot's session (e.g. a card at a charger)
        }
        JobSession js = match.get();
        // energy over time for the console's job page (the CPO's Session keeps only the latest kwh)
        progress.record(js.id(), session.lastUpdated(), session.kwh());
        org.slf4j.MDC.put("robot_job_id", js.robotJobId().toString());
        org.slf4j.MDC.put("session_id", js.id());
        try {
            follow(changed, session, js);
        } finally {
            org.slf4j.MDC.remove("robot_job_id");
            org.slf4j.MDC.remove("session_id");
        }
    }

    private void follow(SessionChanged changed, Session session, JobSession js) {
        if (js.ocpiSession() == null) {
            js = sessions.link(js.id(), changed.key(), session.id()).orElseThrow();
            if (js.status() == SessionStatus.PENDING && !js.abandoned()
                    && (session.status() == Session.Status.PENDING || session.status() == Session.Status.RESERVATION)) {
                // reported but not charging yet: it has to become ACTIVE within the activation timeout
                scheduler.getObject().scheduleIfNotExists(ACTIVATION_DEADLINE.instance(js.id()).data(js.id())
                        .scheduledTo(Instant.now().plus(commandProperties.activationTimeout())));
            }
        }
        if (js.abandoned()) {
            if (session.status() == Session.Status.COMPLETED || session.status() == Session.Status.INVALID) {
                sessions.status(js.id(), session.status() == Session.Status.COMPLETED ? SessionStatus.COMPLETED
                        : SessionStatus.FAILED, null);
            }
            return;
        }
        if (js.status() == SessionStatus.FAILED || js.status() == SessionStatus.COMPLETED) {
            if (js.status() == SessionStatus.FAILED && (session.status() == Session.Status.ACTIVE
                    || session.status() == Session.Status.PENDING)) {
                abandon(js);
            }
            return;
        }
        // the events show the Session this transaction stored, not a second read of it
        switch (session.status()) {
            case ACTIVE -> {
                if (js.status() == SessionStatus.PENDING) {
                    lifecycle.move(js, SessionStatus.ACTIVE, null, changed.key(), session);
                }
            }
            case COMPLETED -> lifecycle.move(js, SessionStatus.COMPLETED, null, changed.key(), session);
            case INVALID -> lifecycle.move(js, SessionStatus.FAILED, "session_invalid: the CPO declared the session"
                    + " INVALID", changed.key(), session);
            default -> {
                // PENDING / RESERVATION: still starting
            }
        }
    }

    /**
     * The job gave up on this session (start failed or timed out) but the CPO started it anyway:
     * stop it. The STOP is sent by the scheduler after this transaction commits.
     */
    private void abandon(JobSession js) {
        log.info("Session {} of robot job {} started after the job gave up on it: stopping it", js.id(),
                js.robotJobId());
        sessions.abandon(js.id());
        scheduler.getObject().scheduleIfNotExists(ChargingService.STOP_ABANDONED.instance(js.id()).data(js.id())
                .scheduledTo(Instant.now()));
    }

    @EventListener
    void on(CommandEvents.ResultReceived result) {
        if (result.jobSessionId() == null) {
            return;
        }
        boolean accepted = result.result() == CommandResult.Type.ACCEPTED;
        if (accepted && result.command() == CommandType.START_SESSION) {
            return; // the CPO's Session moves ours; nothing to read or change before it comes
        }
        JobSession js = sessions.find(result.jobSessionId(), true).orElse(null);
        if (js == null || js.abandoned()) {
            return;
        }
        if (result.command() == CommandType.START_SESSION) {
            if (!accepted && js.status() == SessionStatus.PENDING) {
                lifecycle.move(js, SessionStatus.FAILED, "start_" + result.result().name().toLowerCase()
                        + (result.message() == null ? "" : ": " + result.message()));
            }
        } else if (result.command() == CommandType.STOP_SESSION) {
            if (accepted && js.status().isLive()) {
                lifecycle.stopped(js);
            } else if (!accepted && js.status() == SessionStatus.STOPPING) {
                lifecycle.move(js, SessionStatus.ACTIVE, null);
                lifecycle.report(WebhookEvents.SESSION_STOP_FAILED, js.id(),
                        Map.of("cpo_result", result.result().name()));
            }
        }
    }

    /**
     * No result in time. Before giving a START up, pull the CPO's Sessions once: the session may
     * exist and only its push was lost. A STOP without result whose session the CPO still reports
     * ACTIVE goes back to active (the robot may stop again). Idempotent: the deadline task runs
     * this again when it fails (e.g. while another Sessions pull of the connection is running).
     */
    @EventListener
    void on(CommandEvents.Expired expired) {
        if (expired.jobSessionId() == null) {
            return;
        }
        var before = sessions.find(expired.jobSessionId(), false);
        if (before.isEmpty() || before.get().abandoned()) {
            return;
        }
        if (expired.command() == CommandType.START_SESSION) {
            if (before.get().status() != SessionStatus.PENDING || before.get().ocpiSession() != null) {
                return;
            }
            pullSessions(expired);
            tx.executeWithoutResult(s -> sessions.find(expired.jobSessionId(), true)
                    .filter(js -> js.status() == SessionStatus.PENDING && js.ocpiSession() == null)
                    .ifPresent(js -> lifecycle.move(js, SessionStatus.FAILED, expired.resultAccepted()
                            ? "no_session: the CPO's CommandResult was ACCEPTED but it reported no session in time"
                            : expired.acceptedByCpo()
                            ? "no_session: the CPO accepted START_SESSION but reported no session in time"
                            : "start_timeout: the CPO did not confirm START_SESSION in time")));
        } else if (expired.command() == CommandType.STOP_SESSION && before.get().status() == SessionStatus.STOPPING) {
            pullSessions(expired);
            tx.executeWithoutResult(s -> sessions.find(expired.jobSessionId(), true)
                    .filter(js -> js.status() == SessionStatus.STOPPING && js.ocpiSession() != null)
                    .filter(js -> sessionService.find(js.ocpiSession())
                            .filter(cpo -> cpo.status() == Session.Status.ACTIVE).isPresent())
                    .ifPresent(js -> {
                        lifecycle.move(js, SessionStatus.ACTIVE, null);
                        lifecycle.report(WebhookEvents.SESSION_STOP_FAILED, js.id(), Map.of("cpo_result", "NO_RESULT"));
                    }));
        }
    }

    private void pullSessions(CommandEvents.Expired expired) {
        pullSessions(expired.connectionId(), "command " + expired.commandId());
    }

    private void pullSessions(java.util.UUID connectionId, String deadlineOf) {
        try {
            sync.getObject().run(connectionId, "sessions", false);
        } catch (com.rollyy.emsp.api.ApiException e) {
            if ("sync_running".equals(e.code())) {
                throw new IllegalStateException("Sessions of " + connectionId + " are being pulled: the"
                        + " deadline of " + deadlineOf + " is retried", e);
            }
            log.info("Sessions pull at the deadline of {} failed: {}", deadlineOf, e.getMessage());
        } catch (RuntimeException e) {
            log.info("Sessions pull at the deadline of {} failed: {}", deadlineOf, e.getMessage());
        }
    }

    /**
     * The CPO reported the session but it is still PENDING (or RESERVATION) after
     * {@code rollyy.commands.activation-timeout}: pull the CPO's Sessions once (an update may have
     * been lost), then give the job up. Should the session become ACTIVE later, it is stopped and
     * billed like any session that started after its job gave up.
     */
    void activationDeadline(String sessionId) {
        var before = sessions.find(sessionId, false);
        if (before.isEmpty() || before.get().abandoned() || before.get().status() != SessionStatus.PENDING) {
            return;
        }
        pullSessions(before.get().connectionId(), "the activation of session " + sessionId);
        tx.executeWithoutResult(s -> sessions.find(sessionId, true)
                .filter(js -> !js.abandoned() && js.status() == SessionStatus.PENDING)
                .ifPresent(js -> lifecycle.move(js, SessionStatus.FAILED, "session_not_activated: the CPO's session "
                        + js.ocpiSessionId() + " did not become ACTIVE within "
                        + commandProperties.activationTimeout().toSeconds() + " s")));
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Task {
        @org.springframework.context.annotation.Bean
        com.github.kagkarlsson.scheduler.task.helper.OneTimeTask<String> sessionActivationDeadlineTask(
                ObjectProvider<SessionTracker> tracker) {
            // a deadline that cannot settle yet (a Sessions pull of the connection running) is retried
            return com.github.kagkarlsson.scheduler.task.helper.Tasks.oneTime(ACTIVATION_DEADLINE)
                    .onFailure(new com.github.kagkarlsson.scheduler.task.FailureHandler.MaxRetriesFailureHandler<>(6,
                            new com.github.kagkarlsson.scheduler.task.FailureHandler.ExponentialBackoffFailureHandler<>(
                                    java.time.Duration.ofSeconds(2), 2.0)))
                    .execute((instance, context) -> tracker.getObject().activationDeadline(instance.getId()));
        }
    }
}
