package com.rollyy.cposim.tokens;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.rollyy.cposim.credentials.CpoIdentity;
import com.rollyy.cposim.credentials.RegistrationState;
import com.rollyy.cposim.credentials.RoutingHeaders;
import com.rollyy.cposim.ocpi.Inbound;
import com.rollyy.cposim.ocpi.Json;
import com.rollyy.cposim.ocpi.OcpiEnvelope;
import com.rollyy.cposim.ocpi.OcpiPaths;
import com.rollyy.cposim.ocpi.Reply;

/**
 * The CPO's Tokens Receiver: {@code PUT/PATCH/GET /ocpi/2.2.1/tokens/{cc}/{pid}/{uid}[?type=]},
 * kept in memory. A PATCH of a token we do not hold answers 404 with 2004, so an eMSP learns
 * it has to PUT the full token (the spec's advice after a failed PATCH).
 */
public final class TokensReceiver {

    public static final String TOKENS = OcpiPaths.DETAILS + "/tokens";
    static final int UNKNOWN_TOKEN = 2004;
    /**
     * {@code ?type=*}: the token with this uid whatever its type (RFID first). Never sent by a 2.2.1
     * peer; the 2.1.1 edge asks for it, as a 2.1.1 token URL names the uid only (mod_tokens.md §2.1).
     */
    public static final String ANY_TYPE = "*";

    private final Map<String, Map<String, Object>> tokens = new ConcurrentHashMap<>();
    private final TokenReceiverKnobs knobs;
    private final CpoIdentity identity;
    private final RegistrationState state;

    public TokensReceiver(TokenReceiverKnobs knobs, CpoIdentity identity, RegistrationState state) {
        this.knobs = knobs;
        this.identity = identity;
        this.state = state;
    }

    public static boolean serves(String path) {
        return path.equals(TOKENS) || path.startsWith(TOKENS + "/");
    }

    public Reply handle(Inbound request) {
        return route(request).withHeaders(RoutingHeaders.forResponse(request, identity, state));
    }

    /** Every token held, in no particular order. */
    public List<Map<String, Object>> all() {
        return tokens.values().stream().map(t -> Map.copyOf(new LinkedHashMap<>(t))).toList();
    }

    public Optional<Map<String, Object>> find(String countryCode, String partyId, String uid, String type) {
        return Optional.ofNullable(tokens.get(key(countryCode, partyId, uid, type))).map(LinkedHashMap::new);
    }

    private Reply route(Inbound request) {
        if (knobs.refuseThisOne()) {
            return Reply.raw(503, "text/plain; charset=utf-8", "Tokens receiver unavailable\n");
        }
        String rest = request.path().equals(TOKENS) ? "" : request.path().substring(TOKENS.length() + 1);
        String[] segments = rest.split("/");
        if (segments.length != 3 || rest.isEmpty()) {
            return Reply.httpError(404, OcpiEnvelope.CLIENT_ERROR, "Unknown path: " + request.path());
        }
        String cc = decode(segments[0]);
        String pid = decode(segments[1]);
        String uid = decode(segments[2]);
        String type = queryParam(request.query(), "type").orElse("RFID");
        if (ANY_TYPE.equals(type)) {
            type = anyType(cc, pid, uid);
        }
        String key = key(cc, pid, uid, type);
        return switch (request.method()) {
            case "GET" -> Optional.ofNullable(tokens.get(key))
                    .map(t -> Reply.ok(OcpiEnvelope.success(t)))
                    .orElseGet(() -> Reply.httpError(404, UNKNOWN_TOKEN, "Unknown token"));
            case "PUT" -> put(request, key, cc, pid, uid, type);
            case "PATCH" -> patch(request, key);
            default -> Reply.httpError(405, OcpiEnvelope.CLIENT_ERROR, "Method not allowed");
        };
    }

    private Reply put(Inbound request, String key, String cc, String pid, String uid, String type) {
        Optional<Map<String, Object>> body = Json.parse(request.body()).flatMap(Json::asObject);
        if (body.isEmpty()) {
            return Reply.httpError(400, OcpiEnvelope.INVALID_PARAMETERS, "The body is not a JSON object");
        }
        Map<String, Object> token = body.get();
        for (String field : List.of("country_code", "party_id", "uid", "type", "contract_id", "issuer", "valid",
                "whitelist", "last_updated")) {
            if (token.get(field) == null) {
                return Reply.ocpiError(OcpiEnvelope.INVALID_PARAMETERS, "Field '" + field + "' is required");
            }
        }
        if (!key.equals(key(String.valueOf(token.get("country_code")), String.valueOf(token.get("party_id")),
                String.valueOf(token.get("uid")), String.valueOf(token.get("type"))))) {
            return Reply.ocpiError(OcpiEnvelope.INVALID_PARAMETERS,
                    "country_code/party_id/uid/type of the body do not match the URL " + cc + "/" + pid + "/" + uid
                            + "?type=" + type);
        }
        boolean created = tokens.put(key, new LinkedHashMap<>(token)) == null;
        return Reply.ocpi(created ? 201 : 200, OcpiEnvelope.successWithoutData());
    }

    private Reply patch(Inbound request, String key) {
        Optional<Map<String, Object>> body = Json.parse(request.body()).flatMap(Json::asObject);
        if (body.isEmpty()) {
            return Reply.httpError(400, OcpiEnvelope.INVALID_PARAMETERS, "The body is not a JSON object");
        }
        if (!(body.get().get("last_updated") instanceof String lastUpdated)) {
            return Reply.ocpiError(OcpiEnvelope.INVALID_PARAMETERS, "Field 'last_updated' is required");
        }
        Map<String, Object> held = tokens.get(key);
        if (held == null) {
            return Reply.httpError(404, UNKNOWN_TOKEN, "Unknown token: PUT it first");
        }
        synchronized (held) {
            // an older change than what we hold is ignored, as the spec asks of a receiver
            if (!isOlder(lastUpdated, held.get("last_updated"))) {
                held.putAll(body.get());
            }
        }
        return Reply.ok(OcpiEnvelope.successWithoutData());
    }

    private static boolean isOlder(String incoming, Object held) {
        try {
            return held instanceof String current && Instant.parse(incoming).isBefore(Instant.parse(current));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private String anyType(String cc, String pid, String uid) {
        if (tokens.containsKey(key(cc, pid, uid, "RFID"))) {
            return "RFID";
        }
        String prefix = key(cc, pid, uid, "");
        return tokens.keySet().stream().filter(key -> key.startsWith(prefix)).sorted().findFirst()
                .map(key -> key.substring(prefix.length())).orElse("RFID");
    }

    private static String key(String cc, String pid, String uid, String type) {
        return (cc + "/" + pid + "/" + uid + "/" + type).toUpperCase(Locale.ROOT);
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    static Optional<String> queryParam(String rawQuery, String name) {
        if (rawQuery == null) {
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && decode(pair.substring(0, eq)).equals(name)) {
                values.add(decode(pair.substring(eq + 1)));
            }
        }
        return values.stream().filter(v -> !v.isBlank()).findFirst();
    }
}
