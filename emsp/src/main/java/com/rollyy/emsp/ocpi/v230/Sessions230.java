package com.rollyy.emsp.ocpi.v230;

import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.emsp.ocpi.OcpiWire;

/**
 * OCPI 2.3.0 Sessions (tag v2.3.0 mod_sessions.asciidoc: the same text as 2.2.1's;
 * types.asciidoc "Price class") ↔ the 2.2.1 model. Changed: {@code total_cost} is a 2.3.0 Price
 * ({@code before_taxes}, {@code taxes[]}) both ways ({@link Json230#priceToModel}); the CdrToken's
 * {@code type} is an open enum with {@code EMAID} ({@link #tokenToModel}). Everything else,
 * {@code authorization_reference} included, is 2.2.1's. Request bodies of ours (charging
 * preferences) are 2.2.1's objects.
 */
@Component
class Sessions230 implements Module230 {

    static final Set<String> TOKEN_TYPES = Set.of("AD_HOC_USER", "APP_USER", "OTHER", "RFID");

    @Override
    public String module() {
        return "sessions";
    }

    @Override
    public JsonNode toModel(JsonNode data, OcpiWire.Exchange exchange) {
        if (!(data instanceof ObjectNode wire)) {
            return data;
        }
        ObjectNode model = wire.deepCopy();
        Json230.priceToModel(model, "total_cost", "total_cost", exchange);
        tokenToModel(model);
        return model;
    }

    @Override
    public JsonNode toWire(JsonNode data, OcpiWire.Exchange exchange) {
        if (!(data instanceof ObjectNode model)) {
            return data;
        }
        ObjectNode wire = model.deepCopy();
        Json230.priceToWire(wire, "total_cost");
        return wire;
    }

    /**
     * CdrToken {@code type} (TokenType, an open enum in 2.3.0 with {@code EMAID}): a type the model
     * does not know (EMAID or another) is read as {@code OTHER}, so that a session or a CDR is
     * never refused for its token type (we issue no EMAID tokens: such a token is not ours).
     */
    static void tokenToModel(ObjectNode object) {
        if (object.get("cdr_token") instanceof ObjectNode token && token.get("type") != null
                && token.get("type").isString()) {
            String type = Json230.openEnum(token.get("type").asString(), TOKEN_TYPES, Map.of(), "TokenType");
            token.put("type", type == null ? "OTHER" : type);
        }
    }
}
