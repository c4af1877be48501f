package com.rollyy.cposim.versions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.rollyy.cposim.ocpi.Inbound;
import com.rollyy.cposim.ocpi.Json;
import com.rollyy.cposim.ocpi.OcpiPaths;
import com.rollyy.cposim.ocpi.Reply;
import com.rollyy.cposim.ocpi.WireEdge;

/**
 * What every translating version shares: the URL tree {@code /ocpi/<version>} mapped onto the
 * model's {@code /ocpi/2.2.1}, the envelope opened and closed around the {@code data} a
 * subclass translates, and the simulator's own URLs in answers rewritten to the version's tree.
 */
abstract class TranslatingEdge implements WireEdge {

    static final String MODEL_TREE = "/ocpi/" + OcpiPaths.VERSION;

    protected final SimulatorFacts facts;
    private final String version;
    private final String wireTree;

    TranslatingEdge(String version, SimulatorFacts facts) {
        this.version = version;
        this.facts = facts;
        this.wireTree = "/ocpi/" + version;
    }

    @Override
    public final String version() {
        return version;
    }

    /** The modules this version has (identifiers). */
    abstract Set<String> modules();

    /** A body the peer sent to our {@code module} (segments after the module), wire → model. */
    abstract Object requestToModel(String module, List<String> segments, String method, Object body);

    /** The data of our answer, model → wire. */
    abstract Object answerToWire(String module, List<String> segments, String method, Object data);

    /** A body we send to the peer, model → wire. */
    abstract Object sendToWire(String module, String method, List<String> segments, Object body);

    /** Field names of the model that the wire calls otherwise, for error messages (model → wire). */
    Map<String, String> renamedFields() {
        return Map.of();
    }

    /** Whether this version has the path (segments after the module) at all. */
    boolean serves(String module, List<String> segments, String method) {
        return true;
    }

    /** The request's query in the model (2.1.1 tokens carry their type in the body only); {@code modelBody} may be null. */
    String queryToModel(String module, String method, String query, Object modelBody) {
        return query;
    }

    // ---- inbound ----------------------------------------------------------------------------------

    @Override
    public Optional<Inbound> toModel(Inbound wire) {
        String path = wire.path();
        if (path.equals(OcpiPaths.VERSIONS)) {
            return Optional.of(wire);
        }
        if (!path.equals(wireTree) && !path.startsWith(wireTree + "/")) {
            return Optional.empty();  // e.g. /ocpi/2.2.1/... on a simulator that speaks another version
        }
        String modelPath = MODEL_TREE + path.substring(wireTree.length());
        List<String> segments = segments(modelPath);
        if (segments.isEmpty()) {
            return Optional.of(with(wire, modelPath, wire.query(), wire.body()));
        }
        String module = segments.get(0);
        List<String> rest = segments.subList(1, segments.size());
        if (!modules().contains(module) || !serves(module, rest, wire.method())) {
            return Optional.empty();
        }
        String body = wire.body();
        String query = wire.query();
        if (body != null && !body.isBlank()) {
            Optional<Object> parsed = Json.parseExact(body);
            if (parsed.isPresent()) {
                Object model = requestToModel(module, rest, wire.method(), parsed.get());
                body = Json.write(model);
                return Optional.of(with(wire, modelPath, queryToModel(module, wire.method(), query, model), body));
            }
        }
        return Optional.of(with(wire, modelPath, queryToModel(module, wire.method(), query, null), body));
    }

    private static Inbound with(Inbound wire, String path, String query, String body) {
        return new Inbound(wire.method(), path, query, body, wire.callerToken(), wire.caller(), wire.headers());
    }

    @Override
    public Reply toWire(Inbound request, Reply reply) {
        if (reply.dropConnection()) {
            return reply;
        }
        Reply whole;
        try {
            whole = reply.materialized();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String body = whole.body();
        Optional<Map<String, Object>> envelope = Json.parseExact(body).flatMap(Json::asObject)
                .filter(map -> map.containsKey("status_code"));
        if (envelope.isPresent()) {
            Map<String, Object> translated = new LinkedHashMap<>(envelope.get());
            if (translated.containsKey("data") && translated.get("data") != null) {
                translated.put("data", answerData(request, translated.get("data")));
            }
            if (translated.get("status_message") instanceof String message
                    && !(translated.get("status_code") instanceof Number code && code.intValue() / 1000 == 1)) {
                translated.put("status_message", renameFields(message));
            }
            body = Json.write(translated);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        whole.headers().forEach((name, value) -> {
            if (routingHeaders() || !name.toLowerCase(java.util.Locale.ROOT).startsWith("ocpi-")) {
                headers.put(name, ourUrls(value));
            }
        });
        return new Reply(whole.httpStatus(), whole.contentType(), body == null ? null : ourUrls(body), false,
                headers, null, whole.cutMidBody());
    }

    private Object answerData(Inbound request, Object data) {
        if (request.path().equals(OcpiPaths.VERSIONS)) {
            return versionsToWire(data);
        }
        List<String> segments = segments(request.path());
        if (segments.isEmpty()) {
            return detailsToWire(data);
        }
        return answerToWire(segments.get(0), segments.subList(1, segments.size()), request.method(), data);
    }

    /** The versions list: the model's 2.2.1 entry becomes this version's. */
    private Object versionsToWire(Object data) {
        if (!(data instanceof List<?> list)) {
            return data;
        }
        List<Object> out = new ArrayList<>();
        for (Object entry : list) {
            Map<String, Object> version = Json.asObject(entry).map(LinkedHashMap::new).orElse(null);
            if (version != null && OcpiPaths.VERSION.equals(version.get("version"))) {
                version.put("version", version());
            }
            out.add(version != null ? version : entry);
        }
        return out;
    }

    /** The version details: this version's number, and only the modules it has. */
    Object detailsToWire(Object data) {
        Map<String, Object> details = Json.asObject(data).map(LinkedHashMap::new).orElse(null);
        if (details == null) {
            return data;
        }
        details.put("version", version());
        List<Object> endpoints = new ArrayList<>();
        for (Object entry : Json.asList(details.get("endpoints")).orElse(List.of())) {
            Map<String, Object> endpoint = Json.asObject(entry).orElse(Map.of());
            if (modules().contains(String.valueOf(endpoint.get("identifier")))) {
                endpoints.add(endpointToWire(endpoint));
            }
        }
        details.put("endpoints", endpoints);
        return details;
    }

    Map<String, Object> endpointToWire(Map<String, Object> endpoint) {
        return endpoint;
    }

    private String renameFields(String message) {
        String result = message;
        for (Map.Entry<String, String> rename : renamedFields().entrySet()) {
            result = result.replace(rename.getKey(), rename.getValue());
        }
        return result;
    }

    /** The simulator's own model URLs ({@code base/ocpi/2.2.1...}) as this version's. */
    private String ourUrls(String text) {
        String model = facts.baseUrl() + MODEL_TREE;
        return text.replace(model + "/", facts.baseUrl() + wireTree + "/").replace(model + "\"", facts.baseUrl() + wireTree + "\"")
                .replace(model + ">", facts.baseUrl() + wireTree + ">");
    }

    // ---- outbound ---------------------------------------------------------------------------------

    @Override
    public String toWire(String module, String method, String subPath, String body) {
        if (body == null) {
            return null;
        }
        Optional<Object> parsed = Json.parseExact(body);
        if (parsed.isEmpty()) {
            return body;
        }
        return Json.write(sendToWire(module, method, segments(subPath == null ? "" : subPath), parsed.get()));
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** The path's segments after the model tree ({@code /ocpi/2.2.1/locations/X} → [locations, X]). */
    static List<String> segments(String path) {
        String rest = path.startsWith(MODEL_TREE) ? path.substring(MODEL_TREE.length()) : path;
        List<String> segments = new ArrayList<>();
        for (String segment : rest.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }

    static Map<String, Object> copy(Object value) {
        return Json.asObject(value).map(LinkedHashMap::new).orElseGet(LinkedHashMap::new);
    }

    static List<Object> list(Object value) {
        return Json.asList(value).orElse(List.of());
    }

    /** Applies {@code each} to every object of a list (others stay), or to a single object. */
    static Object each(Object data, java.util.function.UnaryOperator<Map<String, Object>> each) {
        if (data instanceof List<?> items) {
            List<Object> out = new ArrayList<>();
            for (Object item : items) {
                out.add(item instanceof Map<?, ?> ? each.apply(copy(item)) : item);
            }
            return out;
        }
        return data instanceof Map<?, ?> ? each.apply(copy(data)) : data;
    }

    static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        return null;
    }
}
