package com.rollyy.cposim.chargingprofiles;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rollyy.cposim.Endpoint;
import com.rollyy.cposim.SimulatorException;
import com.rollyy.cposim.credentials.CpoIdentity;
import com.rollyy.cposim.credentials.EmspPusher;
import com.rollyy.cposim.credentials.RegistrationState;
import com.rollyy.cposim.credentials.RoutingHeaders;
import com.rollyy.cposim.ocpi.Inbound;
import com.rollyy.cposim.ocpi.Json;
import com.rollyy.cposim.ocpi.OcpiEnvelope;
import com.rollyy.cposim.ocpi.OcpiPaths;
import com.rollyy.cposim.ocpi.Reply;
import com.rollyy.cposim.ocpi.Timestamps;
import com.rollyy.cposim.sessions.ChargingSessions;

/**
 * The ChargingProfiles Receiver: {@code PUT/GET/DELETE /ocpi/2.2.1/chargingprofiles/{session_id}}.
 * Answers as {@link ProfileKnobs} say, posts the result to the request's response_url after a
 * delay and, once a profile is accepted, PUTs the ActiveChargingProfile to the eMSP's
 * chargingprofiles endpoint. Every request is recorded.
 */
public final class ChargingProfilesHandler {

    static final String PROFILES = OcpiPaths.DETAILS + "/chargingprofiles";
    private static final Logger LOG = LoggerFactory.getLogger(ChargingProfilesHandler.class);

    private final ChargingSessions sessions;
    private final EmspPusher pusher;
    private final CpoIdentity identity;
    private final RegistrationState state;
    private final Clock clock;
    private final ProfileKnobs knobs = new ProfileKnobs();
    private final Queue<ReceivedProfile> received = new ConcurrentLinkedQueue<>();
    /** The charging_profile currently set per session id. */
    private final Map<String, Object> active = new ConcurrentHashMap<>();

    public ChargingProfilesHandler(ChargingSessions sessions, EmspPusher pusher, CpoIdentity identity,
                            RegistrationState state, Clock clock) {
        this.sessions = sessions;
        this.pusher = pusher;
        this.identity = identity;
        this.state = state;
        this.clock = clock;
    }

    public ProfileKnobs knobs() {
        return knobs;
    }

    public List<ReceivedProfile> received() {
        return List.copyOf(received);
    }

    public Optional<Endpoint> endpoint(String baseUrl) {
        return knobs.offered() ? Optional.of(new Endpoint("chargingprofiles", "RECEIVER", baseUrl + PROFILES))
                : Optional.empty();
    }

    public boolean serves(String path) {
        return knobs.offered() && path.startsWith(PROFILES + "/");
    }

    public Reply handle(Inbound request) {
        return route(request).withHeaders(RoutingHeaders.forResponse(request, identity, state));
    }

    private Reply route(Inbound request) {
        String rest = request.path().substring(PROFILES.length() + 1);
        if (rest.isEmpty() || rest.contains("/")) {
            return Reply.httpError(404, OcpiEnvelope.CLIENT_ERROR, "Unknown path: " + request.path());
        }
        String sessionId = URLDecoder.decode(rest, StandardCharsets.UTF_8);
        String method = request.method();
        String responseUrl;
        Object profile = null;
        if ("PUT".equals(method)) {
            Optional<Map<String, Object>> body = Json.parse(request.body()).flatMap(Json::asObject);
            if (body.isEmpty()) {
                return invalid(method, sessionId, request, null, "The body is not a JSON object");
            }
            profile = body.get().get("charging_profile");
            String problem = profileProblem(profile);
            if (problem != null) {
                return invalid(method, sessionId, request, Json.text(body.get(), "response_url").orElse(null), problem);
            }
            responseUrl = Json.text(body.get(), "response_url").orElse(null);
        } else if ("GET".equals(method) || "DELETE".equals(method)) {
            responseUrl = query(request.query(), "response_url");
        } else {
            return Reply.httpError(405, OcpiEnvelope.CLIENT_ERROR, "Method not allowed");
        }
        if (responseUrl == null || !absolute(responseUrl)) {
            return invalid(method, sessionId, request, responseUrl, "response_url is required (an absolute http(s) URL)");
        }
        boolean known = sessions.session(sessionId).filter(s -> !"COMPLETED".equals(s.status())).isPresent();
        String result = known ? knobs.syncResult() : "UNKNOWN_SESSION";
        received.add(new ReceivedProfile(method, sessionId, request.body(), responseUrl, result, Timestamps.now(clock)));
        if ("ACCEPTED".equals(result)) {
            scheduleResult(method, sessionId, responseUrl, profile);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("result", result);
        response.put("timeout", knobs.timeoutSeconds());
        return Reply.ok(OcpiEnvelope.success(response));
    }

    private void scheduleResult(String method, String sessionId, String responseUrl, Object profile) {
        String outcome = knobs.asyncResult();
        if (outcome == null) {
            return;
        }
        CompletableFuture.delayedExecutor(knobs.resultDelayMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            try {
                boolean accepted = "ACCEPTED".equals(outcome);
                if (accepted && "PUT".equals(method)) {
                    active.put(sessionId, profile);
                } else if (accepted && "DELETE".equals(method)) {
                    active.remove(sessionId);
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("result", outcome);
                if ("GET".equals(method) && accepted && active.containsKey(sessionId)) {
                    body.put("profile", activeProfile(sessionId));
                }
                pusher.sendTo("POST", responseUrl, Json.write(body));
                if (accepted && !"GET".equals(method) && active.containsKey(sessionId)) {
                    pusher.pushAnywhere("PUT", "chargingprofiles", "/" + sessionId, Json.write(activeProfile(sessionId)));
                }
            } catch (SimulatorException | RuntimeException e) {
                LOG.warn("charging profile result for session {} not delivered: {}", sessionId, e.getMessage());
            }
        });
    }

    private Map<String, Object> activeProfile(String sessionId) {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("start_date_time", Timestamps.format(Timestamps.now(clock)));
        profile.put("charging_profile", active.get(sessionId));
        return profile;
    }

    private Reply invalid(String method, String sessionId, Inbound request, String responseUrl, String message) {
        received.add(new ReceivedProfile(method, sessionId, request.body(), responseUrl, null, Timestamps.now(clock)));
        return Reply.httpError(400, OcpiEnvelope.INVALID_PARAMETERS, message);
    }

    private static String profileProblem(Object value) {
        Optional<Map<String, Object>> profile = Json.asObject(value);
        if (profile.isEmpty()) {
            return "charging_profile is required";
        }
        Object unit = profile.get().get("charging_rate_unit");
        if (!"W".equals(unit) && !"A".equals(unit)) {
            return "charging_profile.charging_rate_unit must be W or A";
        }
        Optional<List<Object>> periods = Json.asList(profile.get().get("charging_profile_period"));
        if (periods.isEmpty() || periods.get().isEmpty()) {
            return "charging_profile.charging_profile_period must list at least one period";
        }
        for (Object period : periods.get()) {
            var p = Json.asObject(period);
            if (p.isEmpty() || !(p.get().get("start_period") instanceof Number)
                    || !(p.get().get("limit") instanceof Number limit) || limit.doubleValue() < 0) {
                return "each charging_profile_period needs start_period and a non-negative limit";
            }
        }
        return null;
    }

    private static String query(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static boolean absolute(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

}
