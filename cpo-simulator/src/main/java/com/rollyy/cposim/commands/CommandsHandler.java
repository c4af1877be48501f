package com.rollyy.cposim.commands;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import com.rollyy.cposim.CommandBehaviour;
import com.rollyy.cposim.SimulatorKnobs;
import com.rollyy.cposim.credentials.CpoIdentity;
import com.rollyy.cposim.credentials.RegistrationState;
import com.rollyy.cposim.credentials.RoutingHeaders;
import com.rollyy.cposim.locations.ChargingSite;
import com.rollyy.cposim.ocpi.Inbound;
import com.rollyy.cposim.ocpi.Json;
import com.rollyy.cposim.ocpi.OcpiEnvelope;
import com.rollyy.cposim.ocpi.OcpiPaths;
import com.rollyy.cposim.ocpi.Reply;
import com.rollyy.cposim.ocpi.Timestamps;
import com.rollyy.cposim.sessions.CdrToken;
import com.rollyy.cposim.sessions.ChargingSession;
import com.rollyy.cposim.sessions.ChargingSessions;

/**
 * The Commands Receiver interface: {@code POST /ocpi/2.2.1/commands/{command}}. START_SESSION and
 * STOP_SESSION are carried out (as the {@code commandBehaviour} knob says); the other commands of
 * 2.2.1, and unknown ones, are answered NOT_SUPPORTED. Every command is recorded.
 */
public final class CommandsHandler {

    public static final String COMMANDS = OcpiPaths.DETAILS + "/commands";
    private static final Set<String> TOKEN_TYPES = Set.of("AD_HOC_USER", "APP_USER", "OTHER", "RFID");
    private static final Set<String> WHITELIST_TYPES = Set.of("ALWAYS", "ALLOWED", "ALLOWED_OFFLINE", "NEVER");

    /** The synchronous answer: an envelope with a CommandResponse, or none when the body was unusable. */
    private record Answer(Reply reply, String result) {
    }

    /** A 2001 naming the field; thrown while reading a body. */
    private static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private final ChargingSessions sessions;
    private final SimulatorKnobs knobs;
    private final CpoIdentity identity;
    private final RegistrationState state;
    private final Consumer<ReceivedCommand> recorder;
    private final Clock clock;

    public CommandsHandler(ChargingSessions sessions, SimulatorKnobs knobs, CpoIdentity identity, RegistrationState state,
                    Consumer<ReceivedCommand> recorder, Clock clock) {
        this.sessions = sessions;
        this.knobs = knobs;
        this.identity = identity;
        this.state = state;
        this.recorder = recorder;
        this.clock = clock;
    }

    public static boolean serves(String path) {
        return path.equals(COMMANDS) || path.startsWith(COMMANDS + "/");
    }

    public Reply handle(Inbound request) {
        return route(request).withHeaders(RoutingHeaders.forResponse(request, identity, state));
    }

    private Reply route(Inbound request) {
        String rest = request.path().equals(COMMANDS) ? "" : request.path().substring(COMMANDS.length() + 1);
        if (rest.isEmpty() || rest.contains("/")) {
            return Reply.httpError(404, OcpiEnvelope.CLIENT_ERROR, "Unknown path: " + request.path());
        }
        if (!"POST".equals(request.method())) {
            return Reply.httpError(405, OcpiEnvelope.CLIENT_ERROR, "Method not allowed");
        }
        String command = URLDecoder.decode(rest, StandardCharsets.UTF_8);
        Instant receivedAt = Timestamps.now(clock);
        Optional<Map<String, Object>> body = Json.parse(request.body()).flatMap(Json::asObject);
        Answer answer;
        if (body.isEmpty()) {
            answer = new Answer(Reply.httpError(400, OcpiEnvelope.INVALID_PARAMETERS, "The body is not a JSON object"),
                    null);
        } else {
            answer = switch (command) {
                case "START_SESSION" -> start(body.get());
                case "STOP_SESSION" -> stop(body.get());
                case "RESERVE_NOW", "CANCEL_RESERVATION", "UNLOCK_CONNECTOR" ->
                        respond(OcpiEnvelope.SUCCESS, "NOT_SUPPORTED", 0, "The simulator does not support " + command);
                default -> respond(OcpiEnvelope.SUCCESS, "NOT_SUPPORTED", 0, "Unknown command: " + command);
            };
        }
        String responseUrl = body.flatMap(b -> Json.text(b, "response_url")).orElse(null);
        recorder.accept(new ReceivedCommand(command, request.body(), responseUrl, receivedAt, answer.result()));
        return answer.reply();
    }

    // ---- START_SESSION -----------------------------------------------------------------------------

    private Answer start(Map<String, Object> body) {
        ChargingSessions.StartOrder order;
        try {
            String responseUrl = responseUrl(body);
            CdrToken token = token(body.get("token"));
            String locationId = requiredText(body, "location_id");
            String evseUid = optionalText(body, "evse_uid");
            String connectorId = optionalText(body, "connector_id");
            String reference = optionalText(body, "authorization_reference");
            if (reference != null && reference.length() > 36) {
                throw new Invalid("authorization_reference is longer than 36 characters");
            }
            ChargingSite site;
            try {
                site = ChargingSite.resolve(sessions.dataset(), locationId, evseUid, connectorId);
            } catch (ChargingSite.Refusal refusal) {
                return respond(refusal.statusCode, "REJECTED", 0, refusal.getMessage());
            }
            order = new ChargingSessions.StartOrder(responseUrl, token, reference, site);
        } catch (Invalid e) {
            return invalid(e.getMessage());
        }
        CommandBehaviour behaviour = knobs.commandBehaviour();
        switch (behaviour) {
            case REJECT:
                return respond(OcpiEnvelope.SUCCESS, "REJECTED", 0, "StartSession rejected by the simulator");
            case NOT_SUPPORTED:
                return respond(OcpiEnvelope.SUCCESS, "NOT_SUPPORTED", 0, "StartSession not supported by the simulator");
            case ACCEPT_NO_RESULT:
                break;
            case ACCEPT_RESULT_FAILED:
                sessions.startAfterCommand(order, knobs.failedResultType(), knobs.resultDelayMillis(), false);
                break;
            case ACCEPT_RESULT_NO_SESSION:
                sessions.startAfterCommand(order, "ACCEPTED", knobs.resultDelayMillis(), false);
                break;
            case LATE_START:
                sessions.startAfterCommand(order, null, knobs.lateStartDelayMillis(), true);
                break;
            case SLOW:
                sleep(knobs.commandResponseDelayMillis());
                sessions.startAfterCommand(order, "ACCEPTED", knobs.resultDelayMillis(), true);
                break;
            case ACCEPT:
            default:
                sessions.startAfterCommand(order, "ACCEPTED", knobs.resultDelayMillis(), true);
                break;
        }
        return accepted();
    }

    // ---- STOP_SESSION ------------------------------------------------------------------------------

    private Answer stop(Map<String, Object> body) {
        String responseUrl;
        String sessionId;
        try {
            responseUrl = responseUrl(body);
            sessionId = requiredText(body, "session_id");
        } catch (Invalid e) {
            return invalid(e.getMessage());
        }
        Optional<ChargingSession> found = sessions.find(sessionId);
        if (found.isEmpty()) {
            return respond(OcpiEnvelope.SUCCESS, "UNKNOWN_SESSION", 0, "Unknown session: " + sessionId);
        }
        ChargingSession session = found.get();
        switch (knobs.commandBehaviour()) {
            case REJECT:
                return respond(OcpiEnvelope.SUCCESS, "REJECTED", 0, "StopSession rejected by the simulator");
            case NOT_SUPPORTED:
                return respond(OcpiEnvelope.SUCCESS, "NOT_SUPPORTED", 0, "StopSession not supported by the simulator");
            case ACCEPT_NO_RESULT:
                break;
            case ACCEPT_RESULT_FAILED:
                sessions.stopAfterCommand(session, responseUrl, knobs.failedResultType(), knobs.resultDelayMillis(), false);
                break;
            case ACCEPT_RESULT_NO_SESSION:
                sessions.stopAfterCommand(session, responseUrl, "ACCEPTED", knobs.resultDelayMillis(), false);
                break;
            case LATE_START:
                sessions.stopAfterCommand(session, responseUrl, null, knobs.lateStartDelayMillis(), true);
                break;
            case SLOW:
                sleep(knobs.commandResponseDelayMillis());
                sessions.stopAfterCommand(session, responseUrl, "ACCEPTED", knobs.resultDelayMillis(), true);
                break;
            case ACCEPT:
            default:
                // an ended session is stopped again harmlessly: the result comes, nothing else does
                sessions.stopAfterCommand(session, responseUrl, "ACCEPTED", knobs.resultDelayMillis(), true);
                break;
        }
        return accepted();
    }

    // ---- answers -----------------------------------------------------------------------------------

    private Answer accepted() {
        return respond(OcpiEnvelope.SUCCESS, "ACCEPTED", knobs.commandTimeoutSeconds(), null);
    }

    private static Answer respond(int statusCode, String result, int timeout, String message) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("result", result);
        response.put("timeout", timeout);
        if (message != null) {
            response.put("message", List.of(Map.of("language", "en", "text", message)));
        }
        String statusMessage = statusCode == OcpiEnvelope.SUCCESS ? "Success" : message;
        return new Answer(Reply.ok(OcpiEnvelope.withData(response, statusCode, statusMessage)), result);
    }

    private static Answer invalid(String message) {
        return new Answer(Reply.ocpiError(OcpiEnvelope.INVALID_PARAMETERS, message), null);
    }

    // ---- reading the body --------------------------------------------------------------------------

    private static String responseUrl(Map<String, Object> body) throws Invalid {
        String url = requiredText(body, "response_url");
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                throw new Invalid("response_url is not an absolute http(s) URL: " + url);
            }
        } catch (IllegalArgumentException e) {
            throw new Invalid("response_url is not a URL: " + url);
        }
        return url;
    }

    /** The Token a StartSession carries must be complete (mod_tokens, Token object: the required fields). */
    @SuppressWarnings("unchecked")
    private static CdrToken token(Object value) throws Invalid {
        if (!(value instanceof Map<?, ?> map)) {
            throw new Invalid(value == null ? "token is missing" : "token is not an object");
        }
        Map<String, Object> token = (Map<String, Object>) map;
        String countryCode = requiredText(token, "token.", "country_code");
        String partyId = requiredText(token, "token.", "party_id");
        String uid = requiredText(token, "token.", "uid");
        String type = requiredText(token, "token.", "type");
        if (!TOKEN_TYPES.contains(type)) {
            throw new Invalid("token.type is not a TokenType: " + type);
        }
        String contractId = requiredText(token, "token.", "contract_id");
        requiredText(token, "token.", "issuer");
        if (!(token.get("valid") instanceof Boolean)) {
            throw new Invalid("token.valid is missing or not a boolean");
        }
        String whitelist = requiredText(token, "token.", "whitelist");
        if (!WHITELIST_TYPES.contains(whitelist)) {
            throw new Invalid("token.whitelist is not a WhitelistType: " + whitelist);
        }
        requiredText(token, "token.", "last_updated");
        return new CdrToken(countryCode, partyId, uid, type, contractId);
    }

    private static String requiredText(Map<String, Object> object, String field) throws Invalid {
        return requiredText(object, "", field);
    }

    private static String requiredText(Map<String, Object> object, String prefix, String field) throws Invalid {
        Object value = object.get(field);
        if (value == null) {
            throw new Invalid(prefix + field + " is missing");
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw new Invalid(prefix + field + " is not a non-empty string");
        }
        return text;
    }

    private static String optionalText(Map<String, Object> object, String field) throws Invalid {
        Object value = object.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw new Invalid(field + " is not a non-empty string");
        }
        return text;
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
