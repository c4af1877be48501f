package com.rollyy.emsp.ocpi.v211;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.emsp.ocpi.OcpiVersion;
import com.rollyy.emsp.ocpi.OcpiWire;

/**
 * OCPI 2.1.1 on the wire (tag 2.1.1, documentation fix 2.1.1-d2): version details and
 * credentials here, every other module by its own {@link Module211} bean (docs/ocpi-conformance.md,
 * "Other OCPI versions").
 */
@Component
class Wire211 implements OcpiWire {

    /** The modules translated by their own {@link Module211} bean, by identifier. */
    private final Map<String, Module211> modules = new HashMap<>();

    Wire211(ObjectProvider<Module211> modules) {
        for (Module211 module : (Iterable<Module211>) modules.orderedStream()::iterator) {
            if (this.modules.put(module.module(), module) != null) {
                throw new IllegalStateException("Two translations of module " + module.module());
            }
        }
    }

    private static final Set<String> TRANSLATED = Set.of("versions", "credentials");
    /** 2.1.1 endpoints carry no role: a CPO sends these modules' objects and receives the others. */
    private static final Set<String> CPO_SENDS = Set.of("credentials", "locations", "sessions", "cdrs", "tariffs");

    @Override
    public OcpiVersion version() {
        return OcpiVersion.V2_1_1;
    }

    @Override
    public boolean translates(String module) {
        return TRANSLATED.contains(module) || modules.containsKey(module);
    }

    @Override
    public JsonNode toModel(String module, JsonNode data, Exchange exchange) {
        Module211 translation = modules.get(module);
        if (translation != null) {
            return translation.toModel(data, exchange);
        }
        return switch (module) {
            case "versions" -> detailsToModel(data);
            case "credentials" -> credentialsToModel(data);
            default -> throw new IllegalArgumentException(module);
        };
    }

    @Override
    public JsonNode toWire(String module, JsonNode data, Exchange exchange) {
        Module211 translation = modules.get(module);
        if (translation != null) {
            return translation.toWire(data, exchange);
        }
        return switch (module) {
            case "versions" -> detailsToWire(data);
            case "credentials" -> credentialsToWire(data);
            default -> throw new IllegalArgumentException(module);
        };
    }

    /** A partner's 2.1.1 details: each endpoint gets the role its module has at a CPO. */
    private static JsonNode detailsToModel(JsonNode data) {
        if (!data.isObject() || !data.path("endpoints").isArray()) {
            return data;
        }
        ObjectNode details = ((ObjectNode) data).deepCopy();
        for (JsonNode endpoint : details.withArray("endpoints")) {
            if (endpoint instanceof ObjectNode e && !e.has("role")) {
                e.put("role", CPO_SENDS.contains(e.path("identifier").asString("")) ? "SENDER" : "RECEIVER");
            }
        }
        return details;
    }

    /** Our details in 2.1.1: no role per endpoint (each module has one URL). */
    private static JsonNode detailsToWire(JsonNode data) {
        if (!data.isObject() || !data.path("endpoints").isArray()) {
            return data;
        }
        ObjectNode details = ((ObjectNode) data).deepCopy();
        for (JsonNode endpoint : details.withArray("endpoints")) {
            if (endpoint instanceof ObjectNode e) {
                e.remove("role");
            }
        }
        return details;
    }

    /**
     * 2.1.1 credentials name one party, flat ({@code party_id}, {@code country_code},
     * {@code business_details}); the model's list of roles gets it as the partner's one role: CPO
     * (a 2.1.1 credentials object cannot say more; we are an eMSP, so our partners are CPOs).
     */
    private static JsonNode credentialsToModel(JsonNode data) {
        if (!data.isObject() || data.has("roles")) {
            return data; // already 2.2-shaped: read as it is
        }
        ObjectNode model = JsonNodeFactory.instance.objectNode();
        model.set("token", data.get("token"));
        model.set("url", data.get("url"));
        ObjectNode role = JsonNodeFactory.instance.objectNode();
        role.put("role", "CPO");
        role.set("business_details", data.get("business_details"));
        role.set("party_id", data.get("party_id"));
        role.set("country_code", data.get("country_code"));
        ArrayNode roles = model.putArray("roles");
        roles.add(role);
        return model;
    }

    /** Our credentials in 2.1.1: the eMSP role's party, flat (other roles cannot be said). */
    private static JsonNode credentialsToWire(JsonNode data) {
        if (!data.isObject() || !data.path("roles").isArray() || data.path("roles").isEmpty()) {
            return data;
        }
        JsonNode chosen = data.path("roles").get(0);
        for (JsonNode role : data.path("roles")) {
            if ("EMSP".equals(role.path("role").asString(""))) {
                chosen = role;
                break;
            }
        }
        ObjectNode wire = JsonNodeFactory.instance.objectNode();
        wire.set("token", data.get("token"));
        wire.set("url", data.get("url"));
        wire.set("business_details", chosen.get("business_details"));
        wire.set("party_id", chosen.get("party_id"));
        wire.set("country_code", chosen.get("country_code"));
        return wire;
    }
}
