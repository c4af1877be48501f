package com.rollyy.emsp.ocpi;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What every OCPI PATCH body must be: a JSON object carrying last_updated (ocpi#355). */
public final class OcpiPatch {

    private OcpiPatch() {
    }

    public static ObjectNode fields(JsonNode patch) {
        if (!(patch instanceof ObjectNode fields)) {
            throw OcpiException.invalidParameter("A PATCH body must be a JSON object");
        }
        return fields;
    }

    public static Instant lastUpdated(ObjectNode fields) {
        JsonNode value = fields.get("last_updated");
        if (value == null || !value.isString()) {
            throw OcpiException.invalidParameter("Field 'last_updated' is required in a PATCH");
        }
        try {
            return OcpiJson.parse(value.asString());
        } catch (DateTimeParseException e) {
            throw OcpiException.invalidParameter("Field 'last_updated' must be an RFC 3339 DateTime");
        }
    }
}
