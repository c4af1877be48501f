package com.rollyy.cposim.versions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.rollyy.cposim.ocpi.Inbound;
import com.rollyy.cposim.ocpi.Json;
import com.rollyy.cposim.ocpi.OcpiPaths;
import com.rollyy.cposim.ocpi.Reply;
import com.rollyy.cposim.ocpi.WireEdge;

/**
 * Several versions at once: /ocpi/versions lists each with its own details URL, a request is
 * handled by the version whose URL tree it is in, and what the simulator sends speaks the version
 * of the registration: the one whose credentials endpoint the eMSP used, or, when the simulator
 * registers, the highest both sides offer (before any registration: the highest offered).
 */
final class MultiEdge implements WireEdge {

    /** The edges by version, the preferred (highest) first. */
    private final Map<String, WireEdge> edges;
    private final SimulatorFacts facts;
    private volatile WireEdge current;

    MultiEdge(Map<String, WireEdge> edges, SimulatorFacts facts) {
        this.edges = new LinkedHashMap<>(edges);
        this.facts = facts;
        this.current = this.edges.values().iterator().next();
    }

    @Override
    public String version() {
        return current.version();
    }

    @Override
    public List<String> versions() {
        return List.copyOf(edges.keySet());
    }

    @Override
    public void use(String version) {
        WireEdge edge = edges.get(version);
        if (edge != null) {
            current = edge;
        }
    }

    @Override
    public WireEdge at(String method, String path) {
        if (path.equals(OcpiPaths.VERSIONS)) {
            return this;
        }
        for (Map.Entry<String, WireEdge> entry : edges.entrySet()) {
            String tree = "/ocpi/" + entry.getKey();
            if (path.equals(tree) || path.startsWith(tree + "/")) {
                if (path.equals(tree + "/credentials") && ("POST".equals(method) || "PUT".equals(method))) {
                    current = entry.getValue();  // the eMSP registers (or moves) on this version
                }
                return entry.getValue();
            }
        }
        return NOWHERE;
    }

    /** Only /ocpi/versions comes here (see {@link #at}). */
    @Override
    public Optional<Inbound> toModel(Inbound wire) {
        return Optional.of(wire);
    }

    /** /ocpi/versions: the model's 2.2.1 entry becomes one entry per version offered. */
    @Override
    public Reply toWire(Inbound request, Reply reply) {
        if (reply.dropConnection() || reply.body() == null) {
            return reply;
        }
        Optional<Map<String, Object>> envelope = Json.parseExact(reply.body()).flatMap(Json::asObject)
                .filter(map -> map.get("data") instanceof List<?>);
        if (envelope.isEmpty()) {
            return reply;
        }
        List<Object> versions = new ArrayList<>();
        for (Object entry : (List<?>) envelope.get().get("data")) {
            if (Json.asObject(entry).map(e -> OcpiPaths.VERSION.equals(e.get("version"))).orElse(false)) {
                for (String version : edges.keySet()) {
                    Map<String, Object> offered = new LinkedHashMap<>();
                    offered.put("version", version);
                    offered.put("url", facts.baseUrl() + "/ocpi/" + version);
                    versions.add(offered);
                }
            } else {
                versions.add(entry);
            }
        }
        Map<String, Object> translated = new LinkedHashMap<>(envelope.get());
        translated.put("data", versions);
        return new Reply(reply.httpStatus(), reply.contentType(), Json.write(translated), false, reply.headers(),
                null, reply.cutMidBody());
    }

    @Override
    public String toWire(String module, String method, String subPath, String body) {
        return current.toWire(module, method, subPath, body);
    }

    @Override
    public Object toModel(String module, Object data) {
        return current.toModel(module, data);
    }

    @Override
    public boolean routingHeaders() {
        return current.routingHeaders();
    }

    @Override
    public boolean rawTokens() {
        return current.rawTokens();
    }

    /** A path in no offered version's tree: 404. */
    private static final WireEdge NOWHERE = new WireEdge() {
        @Override
        public String version() {
            return "none";
        }

        @Override
        public Optional<Inbound> toModel(Inbound wire) {
            return Optional.empty();
        }

        @Override
        public Reply toWire(Inbound request, Reply reply) {
            return reply;
        }

        @Override
        public String toWire(String module, String method, String subPath, String body) {
            return body;
        }

        @Override
        public Object toModel(String module, Object data) {
            return data;
        }
    };
}
