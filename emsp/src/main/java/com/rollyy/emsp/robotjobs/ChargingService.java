package com.rollyy.emsp.robotjobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.commands.CommandResult;
import com.rollyy.emsp.commands.CommandService;
import com.rollyy.emsp.commands.CommandType;
import com.rollyy.emsp.commands.SentCommand;
import com.rollyy.emsp.config.RollyyProperties;
import com.rollyy.emsp.connections.PeerLink;
import com.rollyy.emsp.connections.Peers;
import com.rollyy.emsp.locations.ChargeTarget;
import com.rollyy.emsp.locations.LocationQueries;

/**
 * Starts and stops a robot job's charging session at the CPO that owns the EVSE. A START is
 * sent once: whatever happens to it (refusal, timeout, late result) is settled by results,
 * Sessions and deadlines, never by sending it again.
 */
@Service
class ChargingService {

    /** A job may start charging when it is new, or when its last attempt failed. */
    private static final java.util.Set<JobStatus> STARTABLE = java.util.EnumSet.of(JobStatus.QUEUED, JobStatus.FAILED);
    static final TaskDescriptor<String> STOP_ABANDONED = TaskDescriptor.of("stop-abandoned-session", String.class);
    private static final Logger log = LoggerFactory.getLogger(ChargingService.class);

    private final RobotJobRepository jobs;
    private final JobSessionRepository sessions;
    private final LocationQueries locations;
    private final Peers peers;
    private final CommandService commands;
    private final ChargingLifecycle lifecycle;
    private final TransactionTemplate tx;
    private final RollyyProperties properties;

    ChargingService(RobotJobRepository jobs, JobSessionRepository sessions, LocationQueries locations, Peers peers,
                    CommandService commands, ChargingLifecycle lifecycle, TransactionTemplate tx,
                    RollyyProperties properties) {
        this.jobs = jobs;
        this.sessions = sessions;
        this.locations = locations;
        this.peers = peers;
        this.commands = commands;
        this.lifecycle = lifecycle;
        this.tx = tx;
        this.properties = properties;
    }

    @Schema(description = "The robot job and the EVSE: either asset_id, or location_id and evse_uid")
    record StartRequest(@Schema(example = "LOC000001-E1") String evseUid, @Schema(example = "LOC000001") String locationId,
                        UUID assetId, String connectorId, @Schema(requiredMode = Schema.RequiredMode.REQUIRED) UUID robotJobId) {
    }

    /** What the product API answers; {@code refused} when the CPO (or the road to it) said no. */
    record CommandAnswer(String sessionId, UUID robotJobId, String ocpiSessionId, String cpoResult, String status,
                         String message, @com.fasterxml.jackson.annotation.JsonIgnore HttpStatus httpStatus) {
    }

    CommandAnswer start(StartRequest request) {
        if (request.robotJobId() == null) {
            throw ApiException.badRequest("Field 'robot_job_id' is required");
        }
        ChargeTarget target = target(request);
        if (!target.remoteStartable()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "not_remote_startable", "EVSE " + target.evseUid()
                    + " at " + target.locationId() + " does not list REMOTE_START_STOP_CAPABLE");
        }
        String connectorId = request.connectorId();
        if (connectorId != null && target.connectorIds().stream().noneMatch(connectorId::equalsIgnoreCase)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "unknown_connector", "EVSE " + target.evseUid()
                    + " has no connector '" + connectorId + "' (it has " + target.connectorIds() + ")");
        }
        if (connectorId == null && target.requiresConnector() && !target.connectorIds().isEmpty()) {
            connectorId = target.connectorIds().get(0);
        }
        // over a hub: OCPI-to names the EVSE's CPO party; a party the hub reports offline fails here, unsent
        PeerLink peer = activePeer(target.connectionId()).routedTo(target.countryCode(), target.partyId());
        String reference = UUID.randomUUID().toString();
        String connector = connectorId;
        // the job, our session and the command with its deadline commit together before the CPO is
        // called: three statements and the commit
        UUID commandId = tx.execute(s -> {
            var started = jobs.startCharging(new JobSession(reference, request.robotJobId(), target.connectionId(),
                            target.countryCode(), target.partyId(), target.locationId(), target.evseUid(), connector,
                            target.assetId(), reference, SessionStatus.PENDING, null, null, false, null, null, null,
                            false, null, null, null), target.assetId() == null ? List.of() : target.tariffIds(connector),
                    STARTABLE).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "unknown_job",
                    "No robot job " + request.robotJobId()));
            if (!started.started()) {
                throw new ApiException(HttpStatus.CONFLICT, "job_" + started.status().value(), "Robot job "
                        + request.robotJobId() + " is " + started.status().value()
                        + (started.chargingSessionId() == null ? "" : " (session " + started.chargingSessionId() + ")")
                        + ": no second START is sent");
            }
            return commands.prepare(target.connectionId(), CommandType.START_SESSION, reference);
        });
        var after = new java.util.concurrent.atomic.AtomicReference<JobSession>();
        SentCommand sent = commands.send(peer, commandId, CommandType.START_SESSION, responseUrl -> {
            var body = new LinkedHashMap<String, Object>();
            body.put("response_url", responseUrl);
            body.put("token", JobToken.of(reference, properties));
            body.put("location_id", target.locationId());
            body.put("evse_uid", target.evseUid());
            if (connector != null) {
                body.put("connector_id", connector);
            }
            body.put("authorization_reference", reference);
            return body;
        }, answered -> {
            // the update locks our session and returns it as it is now
            JobSession js = sessions.startResult(reference, answered.outcome().name()).orElseThrow();
            if (!answered.pending() && js.status() == SessionStatus.PENDING) {
                lifecycle.move(js, SessionStatus.FAILED, "start_" + answered.outcome().name().toLowerCase()
                        + (answered.message() == null ? "" : ": " + answered.message()));
                js = sessions.find(reference, false).orElseThrow();
            }
            after.set(js);
        });
        return new CommandAnswer(reference, request.robotJobId(), after.get().ocpiSessionId(), sent.outcome().name(),
                after.get().status().value(), sent.message(), httpStatus(sent));
    }

    /**
     * Which session to stop: {@code ocpi_session_id} takes our session id (what START answered) or
     * the CPO's; {@code session_id} is ours only; {@code connection_id} narrows a CPO id that two
     * CPOs use.
     */
    record StopRequest(String ocpiSessionId, String sessionId, UUID connectionId) {
    }

    CommandAnswer stop(StopRequest request) {
        JobSession js = find(request);
        if (!js.status().isLive()) {
            throw new ApiException(HttpStatus.CONFLICT, "session_" + js.status().value(), "Session " + js.id()
                    + " is " + js.status().value() + ": nothing to stop");
        }
        if (js.ocpiSessionId() == null) {
            throw new ApiException(HttpStatus.CONFLICT, "not_started", "The CPO has not reported session " + js.id()
                    + " yet, so there is no CPO session id to stop; retry once it is pending or active");
        }
        var after = new java.util.concurrent.atomic.AtomicReference<SessionStatus>();
        SentCommand sent = sendStop(js, (commandId, answered) -> {
            JobSession locked = sessions.find(js.id(), true).orElseThrow();
            // a refusal posted as result before this answer was recorded has already been seen
            boolean refusedMeanwhile = answered.resultBefore() != null
                    && answered.resultBefore() != CommandResult.Type.ACCEPTED;
            if (answered.pending() && !refusedMeanwhile
                    && (locked.status() == SessionStatus.ACTIVE || locked.status() == SessionStatus.PENDING)) {
                lifecycle.move(locked, SessionStatus.STOPPING, null);
                after.set(SessionStatus.STOPPING);
            } else {
                after.set(locked.status());
            }
        });
        return new CommandAnswer(js.id(), js.robotJobId(), js.ocpiSessionId(), sent.outcome().name(),
                after.get().value(), sent.message(), httpStatus(sent));
    }

    /**
     * A session that started after its job had given up: stop it (the energy is still billed).
     * Anything but ACCEPTED (or an unknown outcome) fails the task, which retries with backoff.
     */
    void stopAbandoned(String sessionId) {
        var js = sessions.find(sessionId, false)
                .filter(s -> s.abandoned() && s.status() == SessionStatus.STOPPING && s.ocpiSessionId() != null);
        if (js.isEmpty()) {
            return;
        }
        SentCommand sent = sendStop(js.get(), (commandId, answered) -> { });
        log.info("Session {} started after its job gave up: STOP_SESSION {}", sessionId, sent.outcome());
        if (!sent.pending()) {
            throw new IllegalStateException("STOP_SESSION of abandoned session " + sessionId + ": " + sent.outcome()
                    + (sent.message() == null ? "" : " (" + sent.message() + ")") + "; retried");
        }
    }

    private SentCommand sendStop(JobSession js, java.util.function.BiConsumer<UUID, SentCommand> inTransaction) {
        PeerLink peer = activePeer(js.connectionId()).routedTo(js.cpoCountryCode(), js.cpoPartyId());
        UUID commandId = commands.prepare(js.connectionId(), CommandType.STOP_SESSION, js.id());
        return commands.send(peer, commandId, CommandType.STOP_SESSION, responseUrl -> {
            var body = new LinkedHashMap<String, Object>();
            body.put("response_url", responseUrl);
            body.put("session_id", js.ocpiSessionId());
            return body;
        }, answered -> inTransaction.accept(commandId, answered));
    }

    private JobSession find(StopRequest request) {
        if (request.sessionId() != null && !request.sessionId().isBlank()) {
            return sessions.find(request.sessionId(), false).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND,
                    "unknown_session", "No session " + request.sessionId()));
        }
        if (request.ocpiSessionId() == null || request.ocpiSessionId().isBlank()) {
            throw ApiException.badRequest("Field 'ocpi_session_id' (or 'session_id') is required");
        }
        String id = request.ocpiSessionId().strip();
        String ownId = id.toLowerCase(java.util.Locale.ROOT);
        List<JobSession> candidates = sessions.byIdOrOcpiSessionId(ownId, id).stream()
                .filter(js -> request.connectionId() == null || js.connectionId().equals(request.connectionId()))
                .toList();
        // our own session id, as START_SESSION answered it, first: one id throughout the product API
        var own = candidates.stream().filter(js -> js.id().equals(ownId)).findFirst();
        if (own.isPresent()) {
            return own.get();
        }
        List<JobSession> matches = candidates.stream().filter(js -> js.ocpiSessionId() != null
                && com.rollyy.emsp.ocpi.CiString.key(js.ocpiSessionId()).equals(com.rollyy.emsp.ocpi.CiString.key(id)))
                .toList();
        var connections = matches.stream().map(JobSession::connectionId).distinct().toList();
        if (connections.size() > 1) {
            // session ids are unique per CPO party only: never guess which robot to stop
            throw new ApiException(HttpStatus.CONFLICT, "ambiguous_session", "CPO session id " + id + " is used on "
                    + connections.size() + " connections: " + matches.stream()
                    .map(js -> "connection " + js.connectionId() + " (our session " + js.id() + ", " + js.status().value()
                            + ")").distinct().collect(java.util.stream.Collectors.joining(", "))
                    + "; send our session_id, or connection_id to choose");
        }
        // one CPO may reuse an id over time: its live session, else its newest
        return matches.stream().filter(js -> js.status().isLive()).findFirst().or(() -> matches.stream().findFirst())
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "unknown_session",
                        "No robot session with id " + id + (request.connectionId() == null ? ""
                                : " on connection " + request.connectionId())));
    }

    private ChargeTarget target(StartRequest request) {
        if (request.assetId() != null) {
            return locations.target(request.assetId()).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND,
                    "unknown_evse", "No current charging asset " + request.assetId()));
        }
        if (request.locationId() == null || request.locationId().isBlank() || request.evseUid() == null
                || request.evseUid().isBlank()) {
            throw ApiException.badRequest("Fields 'location_id' and 'evse_uid' (or 'asset_id') are required");
        }
        List<ChargeTarget> targets = locations.targets(request.locationId(), request.evseUid());
        if (targets.isEmpty()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "unknown_evse", "No current EVSE " + request.evseUid()
                    + " at Location " + request.locationId());
        }
        if (targets.size() > 1) {
            throw new ApiException(HttpStatus.CONFLICT, "ambiguous_evse", targets.size() + " CPOs have EVSE "
                    + request.evseUid() + " at a Location " + request.locationId() + ": send asset_id instead");
        }
        return targets.get(0);
    }

    private PeerLink activePeer(UUID connectionId) {
        PeerLink peer = peers.active(connectionId).orElseThrow(() -> new ApiException(HttpStatus.CONFLICT,
                "connection_inactive", "The connection to this EVSE's CPO (" + connectionId + ") is not active"));
        if (!CommandService.supported(peer)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "commands_not_supported", "The CPO of connection "
                    + connectionId + " (" + peer.name() + ") offers no commands endpoint: it cannot be started remotely");
        }
        return peer;
    }

    private static HttpStatus httpStatus(SentCommand sent) {
        return switch (sent.outcome()) {
            case ACCEPTED, TIMEOUT -> HttpStatus.OK;
            case UNREACHABLE -> HttpStatus.BAD_GATEWAY;
            default -> HttpStatus.BAD_REQUEST;
        };
    }

    @Configuration(proxyBeanMethods = false)
    static class Task {
        @Bean
        OneTimeTask<String> stopAbandonedSessionTask(ObjectProvider<ChargingService> charging) {
            return Tasks.oneTime(STOP_ABANDONED)
                    .onFailure(new com.github.kagkarlsson.scheduler.task.FailureHandler.MaxRetriesFailureHandler<>(8,
                            new com.github.kagkarlsson.scheduler.task.FailureHandler.ExponentialBackoffFailureHandler<>(
                                    java.time.Duration.ofSeconds(30), 2.0)))
                    .execute((instance, context) -> charging.getObject().stopAbandoned(instance.getId()));
        }
    }
}
