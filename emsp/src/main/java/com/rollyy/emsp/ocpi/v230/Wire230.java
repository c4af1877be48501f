package com.rollyy.emsp.ocpi.v230;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.emsp.ocpi.OcpiVersion;
import com.rollyy.emsp.ocpi.OcpiWire;

/**
 * OCPI 2.3.0 on the wire (tag v2.3.0; edition 2 announces the same version). Translated so far:
 * version details and credentials, and the modules whose objects 2.3.0 left as 2.2.1 had them
 * (tokens: TokenType became an open enum with EMAID; commands: CommandType an open enum;
 * chargingprofiles: text only; hubclientinfo: unchanged), passed as they are. Every other module
 * by its own {@link Module230} bean (docs/ocpi-conformance.md, "Other OCPI versions").
 */
@Component
class Wire230 implements OcpiWire {

    /** The modules translated by their own {@link Module230} bean, by identifier. */
    private final Map<String, Module230> modules = new HashMap<>();

    Wire230(ObjectProvider<Module230> modules) {
        for (Module230 module : (Iterable<Module230>) modules.orderedStream()::iterator) {
            if (this.modules.put(module.module(), module) != null) {
                throw new IllegalStateException("Two translations of module " + module.module());
            }
        }
    }

    private static final Set<String> TRANSLATED = Set.of("versions", "credentials", "tokens", "commands",
            "chargingprofiles", "hubclientinfo");
    private static final String MODEL_PREFIX = "/ocpi/2.2.1/";
    private static final String WIRE_PREFIX = "/ocpi/2.3.0/";
    /** Modules whose 2.3.0 objects are 2.2.1's (docs/ocpi-versions/). */
    private static final Set<String> AS_IN_221 = Set.of("versions", "tokens", "commands", "chargingprofiles",
            "hubclientinfo");

    @Override
    public OcpiVersion version() {
        return OcpiVersion.V2_3_0;
    }

    @Override
    public boolean translates(String module) {
        return TRANSLATED.contains(module) || modules.containsKey(module);
    }

    @Override
    public JsonNode toModel(String module, JsonNode data, Exchange exchange) {
        Module230 translation = modules.get(module);
        if (translation != null) {
            return translation.toModel(data, exchange);
        }
        if (AS_IN_221.contains(module)) {
            return data;
        }
        return switch (module) {
            case "credentials" -> credentialsToModel(data);
            default -> throw new IllegalArgumentException(module);
        };
    }

    @Override
    public JsonNode toWire(String module, JsonNode data, Exchange exchange) {
        Module230 translation = modules.get(module);
        if (translation != null) {
            return translation.toWire(data, exchange);
        }
        if (exchange.request() && (module.equals("commands") || module.equals("chargingprofiles"))) {
            return onOurVersion(data);
        }
        if (AS_IN_221.contains(module) || module.equals("credentials")) {
            return data;
        }
        throw new IllegalArgumentException(module);
    }

    /**
     * A command or charging-profile request of ours with its {@code response_url} moved from
     * {@code /ocpi/2.2.1/} to {@code /ocpi/2.3.0/}: the CPO's result reaches us on its own version
     * (the objects are the same; the meters and the access log then name the version it speaks).
     */
    private static JsonNode onOurVersion(JsonNode data) {
        JsonNode url = data.path("response_url");
        if (!(data instanceof ObjectNode object) || !url.isString() || !url.asString().contains(MODEL_PREFIX)) {
            return data;
        }
        ObjectNode wire = object.deepCopy();
        String value = url.asString();
        int at = value.indexOf(MODEL_PREFIX);
        wire.put("response_url", value.substring(0, at) + WIRE_PREFIX + value.substring(at + MODEL_PREFIX.length()));
        return wire;
    }

    /**
     * 2.3.0 dropped role HUB: a hub sends {@code hub_party_id} (its own party, "CC-PPP") and lists
     * the parties it reaches as their roles. In the model a hub is a HUB role, so the role whose
     * party is the hub party becomes HUB; {@code hub_party_id} itself is not kept.
     */
    private static JsonNode credentialsToModel(JsonNode data) {
        String hub = data.path("hub_party_id").asString("");
        if (!data.isObject() || hub.isEmpty() || !data.path("roles").isArray()) {
            return data;
        }
        ObjectNode model = ((ObjectNode) data).deepCopy();
        model.remove("hub_party_id");
        for (JsonNode role : model.withArray("roles")) {
            String party = role.path("country_code").asString("") + "-" + role.path("party_id").asString("");
            if (role instanceof ObjectNode r && party.equalsIgnoreCase(hub)) {
                r.put("role", "HUB");
            }
        }
        return model;
    }
}
