package com.rollyy.emsp.chargingprofiles;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.connections.PeerLink;
import com.rollyy.emsp.connections.Peers;
import com.rollyy.emsp.locations.Evse;
import com.rollyy.emsp.locations.LocationQueries;
import com.rollyy.emsp.ocpi.InterfaceRole;
import com.rollyy.emsp.ocpi.OcpiCaller;
import com.rollyy.emsp.ocpi.OcpiClient;
import com.rollyy.emsp.ocpi.OcpiClientException;
import com.rollyy.emsp.ocpi.OcpiException;
import com.rollyy.emsp.ocpi.OcpiResult;
import com.rollyy.emsp.ocpi.OcpiStatus;
import com.rollyy.emsp.ocpi.PublicUrl;

/**
 * We are the ChargingProfiles SENDER: a user's power cap becomes a SetChargingProfile at the CPO
 * of the session (and, with a departure time, ChargingPreferences where the EVSE takes them).
 * Like commands, each request is stored before it is sent and gets its own response_url; the
 * first posted result counts. Only the latest request of a session moves its state.
 */
@Service
public class ChargingProfileService {

    static final String BASE = "/ocpi/2.2.1/chargingprofiles";
    static final String RESULTS = BASE + "/results";
    /** Largest cap we accept: above any charger in service today (megawatt charging included). */
    static final BigDecimal MAX_KW = BigDecimal.valueOf(1000);
    private static final Logger log = LoggerFactory.getLogger(ChargingProfileService.class);

    private final RobotSessionLookup sessions;
    private final Peers peers;
    private final LocationQueries locations;
    private final ChargingProfileRepository repository;
    private final OcpiClient client;
    private final PublicUrl publicUrl;
    private final TransactionTemplate tx;

    static final com.github.kagkarlsson.scheduler.task.TaskDescriptor<String> RESULT_DEADLINE =
            com.github.kagkarlsson.scheduler.task.TaskDescriptor.of("charging-profile-result-deadline", String.class);

    private final org.springframework.beans.factory.ObjectProvider<com.github.kagkarlsson.scheduler.SchedulerClient> scheduler;
    private final ChargingProfilesProperties timing;

    ChargingProfileService(RobotSessionLookup sessions, Peers peers, LocationQueries locations,
                           ChargingProfileRepository repository, OcpiClient client, PublicUrl publicUrl,
                           TransactionTemplate tx,
                           org.springframework.beans.factory.ObjectProvider<com.github.kagkarlsson.scheduler.SchedulerClient> scheduler,
                           ChargingProfilesProperties timing) {
        this.scheduler = scheduler;
        this.timing = timing;
        this.sessions = sessions;
        this.peers = peers;
        this.locations = locations;
        this.repository = repository;
        this.client = client;
        this.publicUrl = publicUrl;
        this.tx = tx;
    }

    public record SetRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "7.4", exclusiveMinimum = true, minimum = "0",
                                     maximum = "1000")
                             BigDecimal maxChargeRateKw,
                             @Schema(example = "2026-12-07T18:00:00Z") Instant departureTime) {
    }

    /** The state shown on the product's session view (never fails: a view must not fail its writer). */
    public Optional<ChargingProfileState> stateOf(String sessionId) {
        return repository.find(sessionId);
    }

    /** The robot session a user addresses, checked against the fleets the user's token names. */
    RobotSession session(String sessionIdOrOcpiId, List<String> fleets) {
        var lookup = sessions.find(sessionIdOrOcpiId);
        if (lookup.ambiguous()) {
            throw new ApiException(HttpStatus.CONFLICT, "ambiguous_session", "Several robot sessions have CPO session id "
                    + sessionIdOrOcpiId + ": use our session_id (what START_SESSION returned)");
        }
        RobotSession session = lookup.session().orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND,
                "unknown_session", "No robot session " + sessionIdOrOcpiId));
        if (!fleets.contains(session.fleetId())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "wrong_fleet", "Session " + sessionIdOrOcpiId
                    + " belongs to another fleet than this token's");
        }
        return session;
    }

    ChargingProfileState state(RobotSession session) {
        return repository.find(session.sessionId())
                .orElseGet(() -> ChargingProfileState.none(session.sessionId(), session.ocpiSessionId()));
    }

    record Answer(HttpStatus httpStatus, ChargingProfileState state) {
    }

    Answer set(RobotSession session, SetRequest request) {
        validate(request);
        refuseWhileTooOften(session);
        PeerLink peer = profilePeer(session);
        String endpoint = peer.endpoint("chargingprofiles", InterfaceRole.RECEIVER).orElseThrow();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        BigDecimal watts = request.maxChargeRateKw().multiply(BigDecimal.valueOf(1000)).setScale(1, RoundingMode.DOWN)
                .stripTrailingZeros();
        if (watts.scale() < 0) {
            watts = watts.setScale(0);
        }
        Integer duration = request.departureTime() == null ? null
                : (int) Math.min(Integer.MAX_VALUE, Duration.between(now, request.departureTime()).toSeconds());
        var profile = new ChargingProfile(now, duration, "W", null, List.of(new ChargingProfile.Period(0, watts)));
        UUID id = UUID.randomUUID();
        tx.executeWithoutResult(s -> {
            repository.insertRequest(id, session.sessionId(), session.connectionId(), "SET");
            repository.startSet(session.sessionId(), session.connectionId(), session.ocpiSessionId(), id,
                    request.maxChargeRateKw(), request.departureTime(), profile);
        });
        var body = Map.of("charging_profile", profile, "response_url", publicUrl.of(RESULTS + "/" + id));
        Sync sync = call(HttpMethod.PUT, slash(endpoint) + encode(session.ocpiSessionId()), peer, body);
        record(session, id, sync, sync.accepted() ? null : sync.unknown() ? "failed" : "rejected");
        log.info("SetChargingProfile {} ({} W) for session {} on connection {}: {}", id, watts, session.sessionId(),
                session.connectionId(), sync.result());
        if (request.departureTime() != null) {
            String preferences = preferences(session, peer, request.departureTime());
            repository.preferences(session.sessionId(), preferences);
        }
        return new Answer(httpStatus(sync), state(session));
    }

    Answer clear(RobotSession session) {
        refuseWhileTooOften(session);
        PeerLink peer = profilePeer(session);
        String endpoint = peer.endpoint("chargingprofiles", InterfaceRole.RECEIVER).orElseThrow();
        UUID id = UUID.randomUUID();
        tx.executeWithoutResult(s -> {
            repository.insertRequest(id, session.sessionId(), session.connectionId(), "CLEAR");
            repository.startClear(session.sessionId(), session.connectionId(), session.ocpiSessionId(), id);
        });
        String url = slash(endpoint) + encode(session.ocpiSessionId()) + "?response_url="
                + encode(publicUrl.of(RESULTS + "/" + id));
        Sync sync = call(HttpMethod.DELETE, url, peer, null);
        record(session, id, sync, sync.accepted() ? null : sync.unknown() ? "failed" : "clear_failed");
        log.info("ClearProfile {} for session {} on connection {}: {}", id, session.sessionId(),
                session.connectionId(), sync.result());
        return new Answer(httpStatus(sync), state(session));
    }

    /**
     * A result posted to one of our response_urls: only by the connection the request went to;
     * the first result counts, repeats are acknowledged and change nothing.
     */
    void receiveResult(OcpiCaller caller, String requestId, ProfileResult result) {
        if (result == null || result.result() == null || !ProfileResult.RESULTS.contains(result.result())) {
            throw OcpiException.invalidParameter("Field 'result' must be one of " + ProfileResult.RESULTS);
        }
        UUID id = parse(requestId);
        tx.executeWithoutResult(s -> {
            var request = repository.request(id).filter(r -> r.connectionId().equals(caller.connectionId()))
                    .orElseThrow(() -> unknown("charging profile request " + abbreviate(requestId)));
            if (request.result() != null) {
                log.info("Result {} for charging profile request {} repeated: acknowledged, nothing changed",
                        result.result(), id);
                return;
            }
            repository.requestResult(id, result.result());
            boolean accepted = result.result().equals("ACCEPTED");
            String status = switch (request.kind()) {
                case "SET" -> accepted ? "active" : "rejected";
                case "CLEAR" -> accepted ? "cleared" : "clear_failed";
                default -> null;
            };
            if (status != null) {
                repository.resulted(request.jobSessionId(), id, status, result.result());
            }
            if (result.profile() != null) {
                sessions.find(request.jobSessionId()).session().ifPresent(rs ->
                        repository.active(rs.sessionId(), rs.connectionId(), rs.ocpiSessionId(), result.profile()));
            }
            log.info("{} charging profile request {} result {}", request.kind(), id, result.result());
        });
    }

    /** The CPO's PUT of the ActiveChargingProfile of one of its sessions (ours by its connection). */
    void receiveActive(OcpiCaller caller, String ocpiSessionId, ActiveChargingProfile profile) {
        if (profile == null || profile.chargingProfile() == null || profile.startDateTime() == null
                || profile.chargingProfile().chargingRateUnit() == null) {
            throw OcpiException.invalidParameter("Fields 'start_date_time' and 'charging_profile' (with"
                    + " 'charging_rate_unit') are required");
        }
        // over a hub the sending party (OCPI-from) must own the session; directly, the connection does
        var party = caller.isHub() ? caller.soleParty(null) : null;
        RobotSession session = sessions.byOcpiSessionId(caller.connectionId(), ocpiSessionId, party)
                .orElseThrow(() -> unknown("session " + abbreviate(ocpiSessionId)));
        repository.active(session.sessionId(), session.connectionId(), session.ocpiSessionId(), profile);
        log.info("ActiveChargingProfile of session {} ({}) updated by the CPO", session.sessionId(), ocpiSessionId);
    }

    private void validate(SetRequest request) {
        if (request == null || request.maxChargeRateKw() == null) {
            throw ApiException.badRequest("Field 'max_charge_rate_kw' is required");
        }
        if (request.maxChargeRateKw().signum() <= 0 || request.maxChargeRateKw().compareTo(MAX_KW) > 0) {
            throw ApiException.badRequest("Field 'max_charge_rate_kw' must be above 0 and at most " + MAX_KW);
        }
        if (request.maxChargeRateKw().multiply(BigDecimal.valueOf(1000)).setScale(1, RoundingMode.DOWN).signum() <= 0) {
            throw ApiException.badRequest("Field 'max_charge_rate_kw' is too small (0.1 W is the finest limit)");
        }
        if (request.departureTime() != null && !request.departureTime().isAfter(Instant.now())) {
            throw ApiException.badRequest("Field 'departure_time' must be in the future");
        }
        if (request.departureTime() != null && request.departureTime().isAfter(Instant.now().plus(Duration.ofDays(7)))) {
            throw ApiException.badRequest("Field 'departure_time' must be within 7 days");
        }
    }

    private PeerLink profilePeer(RobotSession session) {
        if (!session.live()) {
            throw new ApiException(HttpStatus.CONFLICT, "session_" + session.status(), "Session "
                    + session.sessionId() + " is " + session.status() + ": no charging profile applies");
        }
        if (session.ocpiSessionId() == null) {
            throw new ApiException(HttpStatus.CONFLICT, "not_started", "The CPO has not reported session "
                    + session.sessionId() + " yet: a charging profile needs its session id; retry once it is active");
        }
        PeerLink peer = peers.active(session.connectionId()).orElseThrow(() -> new ApiException(HttpStatus.CONFLICT,
                "connection_inactive", "The connection of session " + session.sessionId() + " is not active"));
        var version = peer.peer().ocpiVersion();
        if (!version.hasModule("chargingprofiles")) {
            throw new ApiException(HttpStatus.CONFLICT, "not_supported_by_partner_version", "The CPO of this session ("
                    + peer.name() + ") speaks OCPI " + version.value() + ", which has no smart charging"
                    + " (ChargingProfiles came with 2.2): the robot has to enforce limits itself");
        }
        if (peer.endpoint("chargingprofiles", InterfaceRole.RECEIVER).isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "charging_profiles_not_supported", "The CPO of this session ("
                    + peer.name() + ") offers no chargingprofiles endpoint: smart charging is unavailable on this"
                    + " route; the robot has to enforce limits itself");
        }
        // over a hub: addressed to the CPO party that owns the session
        return peer.routedTo(session.cpoCountryCode(), session.cpoPartyId());
    }

    /** ChargingPreferences with the departure time, where the EVSE and the CPO take them; the answer, or why not sent. */
    private String preferences(RobotSession session, PeerLink peer, Instant departure) {
        var capabilities = session.assetId() == null ? List.<Evse.Capability>of()
                : locations.target(session.assetId()).map(t -> t.capabilities()).orElse(List.of());
        if (!capabilities.contains(Evse.Capability.CHARGING_PREFERENCES_CAPABLE)) {
            return "NOT_SENT_EVSE_NOT_CAPABLE";
        }
        Optional<String> endpoint = peer.endpoint("sessions", InterfaceRole.SENDER);
        if (endpoint.isEmpty()) {
            return "NOT_SENT_NO_SESSIONS_ENDPOINT";
        }
        String url = slash(endpoint.get()) + encode(session.ocpiSessionId()) + "/charging_preferences";
        try {
            OcpiResult<String> answer = client.send(HttpMethod.PUT, url, peer.peer().forModule("chargingprofiles"),
                    Map.of("profile_type", "REGULAR", "departure_time", departure), String.class);
            return answer.isSuccess() && answer.data() != null ? answer.data()
                    : "ERROR_HTTP_" + answer.httpStatus() + "_" + answer.statusCode();
        } catch (RuntimeException e) {
            // preferences are a bonus on top of the cap: their failure never fails the profile
            log.warn("ChargingPreferences for session {} failed: {}", session.sessionId(), e.getMessage());
            return "ERROR";
        }
    }

    private record Sync(String result, Integer timeout, String message) {
        boolean accepted() {
            return "ACCEPTED".equals(result);
        }

        boolean unknown() {
            return "UNREACHABLE".equals(result) || "TIMEOUT".equals(result);
        }
    }

    private Sync call(HttpMethod method, String url, PeerLink peer, Object body) {
        OcpiResult<ChargingProfileResponse> answer;
        try {
            answer = client.send(method, url, peer.peer().forModule("chargingprofiles"), body, ChargingProfileResponse.class);
        } catch (OcpiClientException e) {
            return new Sync(e.mayHaveArrived() ? "TIMEOUT" : "UNREACHABLE", null, e.getMessage());
        }
        var response = answer.data();
        if (answer.isSuccess() && response != null && response.result() != null) {
            return new Sync(response.result(), response.timeout(), null);
        }
        String message = "HTTP " + answer.httpStatus() + ", status_code " + answer.statusCode()
                + (answer.statusMessage() == null ? "" : ": " + answer.statusMessage());
        return new Sync(answer.httpStatus() >= 500 ? "TIMEOUT" : "REJECTED", null, message);
    }

    /** The synchronous answer, unless the posted result got there first. */
    private void record(RobotSession session, UUID id, Sync sync, String status) {
        tx.executeWithoutResult(s -> {
            var request = repository.request(id).orElseThrow();
            repository.requestAnswered(id, sync.result(), sync.timeout());
            repository.answered(session.sessionId(), id, request.result() == null ? status : null, sync.result(),
                    sync.message());
            if (request.result() == null && (sync.accepted() || sync.unknown())) {
                Duration wait = sync.timeout() != null && sync.timeout() > 0 ? Duration.ofSeconds(sync.timeout())
                        : Duration.ofSeconds(60);
                scheduler.getObject().scheduleIfNotExists(RESULT_DEADLINE.instance(id.toString()).data(session.sessionId())
                        .scheduledTo(Instant.now().plus(wait).plus(timing.resultGrace())));
            }
        });
    }

    /** The CPO's timeout (+ grace) passed without a result: the latest request says so (a late result still counts). */
    void resultDeadline(UUID requestId, String sessionId) {
        tx.executeWithoutResult(s -> repository.request(requestId).filter(r -> r.result() == null).ifPresent(r -> {
            repository.resulted(sessionId, requestId, "no_result", null);
            log.info("Charging profile request {} of session {}: no result from the CPO in time", requestId, sessionId);
        }));
    }

    /** After TOO_OFTEN the CPO is left alone for a while: refused here, with the time to wait. */
    private void refuseWhileTooOften(RobotSession session) {
        repository.find(session.sessionId())
                .filter(state -> "TOO_OFTEN".equals(state.cpoResult()) && state.updatedAt() != null)
                .map(state -> Duration.between(Instant.now(), state.updatedAt().plus(timing.tooOftenBackoff())))
                .filter(left -> !left.isNegative() && !left.isZero())
                .ifPresent(left -> {
                    throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "too_often", "The CPO answered TOO_OFTEN"
                            + " for this session: retry in " + Math.max(1, left.toSeconds()) + " s");
                });
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Task {
        @org.springframework.context.annotation.Bean
        com.github.kagkarlsson.scheduler.task.helper.OneTimeTask<String> chargingProfileResultDeadlineTask(
                org.springframework.beans.factory.ObjectProvider<ChargingProfileService> service) {
            return com.github.kagkarlsson.scheduler.task.helper.Tasks.oneTime(RESULT_DEADLINE).execute((instance, ctx) ->
                    service.getObject().resultDeadline(UUID.fromString(instance.getId()), instance.getData()));
        }
    }

    private static HttpStatus httpStatus(Sync sync) {
        return switch (sync.result()) {
            case "ACCEPTED", "TIMEOUT" -> HttpStatus.OK;
            case "UNREACHABLE" -> HttpStatus.BAD_GATEWAY;
            case "TOO_OFTEN" -> HttpStatus.TOO_MANY_REQUESTS;
            default -> HttpStatus.CONFLICT;
        };
    }

    private static String slash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw unknown("charging profile request " + abbreviate(id));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static OcpiException unknown(String what) {
        return new OcpiException(OcpiStatus.INVALID_PARAMETERS, HttpStatus.NOT_FOUND, "Unknown " + what);
    }
}
