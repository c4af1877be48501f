package com.rollyy.cposim.sessions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.rollyy.cposim.SimulatorKnobs;
import com.rollyy.cposim.credentials.CpoIdentity;
import com.rollyy.cposim.credentials.RegistrationState;
import com.rollyy.cposim.credentials.RoutingHeaders;
import com.rollyy.cposim.ocpi.Inbound;
import com.rollyy.cposim.ocpi.Json;
import com.rollyy.cposim.ocpi.OcpiEnvelope;
import com.rollyy.cposim.ocpi.OcpiPaths;
import com.rollyy.cposim.ocpi.PageRequest;
import com.rollyy.cposim.ocpi.Reply;

/**
 * The CPO's Sessions and CDRs Sender interfaces: {@code GET /ocpi/2.2.1/sessions} and
 * {@code GET /ocpi/2.2.1/cdrs}, paginated like the Locations and Tariffs lists (same parameters,
 * Link, X-Total-Count, X-Limit and {@code maxPageSize} knob), oldest {@code last_updated} first.
 * The Sessions list requires {@code date_from} (mod_sessions, GET method), the CDRs list does not.
 */
public final class SessionsCdrsSender {

    public static final String SESSIONS = OcpiPaths.DETAILS + "/sessions";
    public static final String CDRS = OcpiPaths.DETAILS + "/cdrs";

    private final ChargingSessions sessions;
    private final SimulatorKnobs knobs;
    private final Supplier<String> baseUrl;
    private final CpoIdentity identity;
    private final RegistrationState state;

    public SessionsCdrsSender(ChargingSessions sessions, SimulatorKnobs knobs, Supplier<String> baseUrl,
                       CpoIdentity identity, RegistrationState state) {
        this.sessions = sessions;
        this.knobs = knobs;
        this.baseUrl = baseUrl;
        this.identity = identity;
        this.state = state;
    }

    private static final String PREFERENCES = "/charging_preferences";
    private static final java.util.Set<String> PROFILE_TYPES = java.util.Set.of("CHEAP", "FAST", "GREEN", "REGULAR");

    /** ChargingPreferences the eMSP sent ({@code PUT {sessions}/{id}/charging_preferences}), oldest first. */
    private final List<Map<String, Object>> preferences = new java.util.concurrent.CopyOnWriteArrayList<>();

    public static boolean serves(String path) {
        return path.equals(SESSIONS) || path.equals(CDRS) || isPreferences(path);
    }

    private static boolean isPreferences(String path) {
        return path.startsWith(SESSIONS + "/") && path.endsWith(PREFERENCES)
                && path.length() > SESSIONS.length() + 1 + PREFERENCES.length();
    }

    public List<Map<String, Object>> preferences() {
        return List.copyOf(preferences);
    }

    public Reply handle(Inbound request) {
        return route(request).withHeaders(RoutingHeaders.forResponse(request, identity, state));
    }

    private Reply route(Inbound request) {
        if (isPreferences(request.path())) {
            return preferences(request);
        }
        if (!"GET".equals(request.method())) {
            return Reply.httpError(405, OcpiEnvelope.CLIENT_ERROR, "Method not allowed");
        }
        PageRequest page;
        try {
            page = PageRequest.parse(request.query(), knobs.maxPageSize());
        } catch (IllegalArgumentException e) {
            return Reply.ocpiError(OcpiEnvelope.INVALID_PARAMETERS, e.getMessage());
        }
        boolean sessionList = request.path().equals(SESSIONS);
        if (sessionList && page.dateFrom == null) {
            return Reply.ocpiError(OcpiEnvelope.INVALID_PARAMETERS, "date_from is required");
        }
        List<Supplier<Map<String, Object>>> matching = sessionList
                ? sessions.sessionsUpdated(page.dateFrom, page.dateTo)
                : sessions.cdrsCreated(page.dateFrom, page.dateTo);
        int from = (int) Math.min(page.offset, matching.size());
        int to = (int) Math.min((long) from + page.limit, matching.size());
        List<Map<String, Object>> items = matching.subList(from, to).stream().map(Supplier::get).toList();

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Total-Count", Integer.toString(matching.size()));
        headers.put("X-Limit", Integer.toString(knobs.maxPageSize()));
        if (!items.isEmpty() && to < matching.size()) {
            headers.put("Link", "<" + baseUrl.get() + request.path() + "?" + page.query(to) + ">; rel=\"next\"");
        }
        return Reply.ok(OcpiEnvelope.success(items)).withHeaders(headers);
    }

    /**
     * The Sessions module's ChargingPreferences: the answer is a ChargingPreferencesResponse
     * (ACCEPTED for a session we run; a bad body 2001; an unknown session 404 with 2001).
     */
    private Reply preferences(Inbound request) {
        if (!"PUT".equals(request.method())) {
            return Reply.httpError(405, OcpiEnvelope.CLIENT_ERROR, "Method not allowed");
        }
        String path = request.path();
        String sessionId = java.net.URLDecoder.decode(path.substring(SESSIONS.length() + 1,
                path.length() - PREFERENCES.length()), java.nio.charset.StandardCharsets.UTF_8);
        var parsed = Json.parseExact(request.body()).flatMap(Json::asObject);
        if (parsed.isEmpty()) {
            return Reply.httpError(400, OcpiEnvelope.INVALID_PARAMETERS, "body is not a JSON object");
        }
        Map<String, Object> body = parsed.get();
        Object type = body.get("profile_type");
        if (!(type instanceof String t) || !PROFILE_TYPES.contains(t)) {
            return Reply.ocpiError(OcpiEnvelope.INVALID_PARAMETERS, "profile_type must be one of " + PROFILE_TYPES);
        }
        if (sessions.find(sessionId).isEmpty()) {
            return Reply.httpError(404, OcpiEnvelope.INVALID_PARAMETERS, "Unknown session: " + sessionId);
        }
        var recorded = new LinkedHashMap<String, Object>(body);
        recorded.put("session_id", sessionId);
        preferences.add(recorded);
        return Reply.ok(OcpiEnvelope.success("ACCEPTED"));
    }
}
