package com.rollyy.emsp.ocpi.v230;

import java.util.List;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.emsp.ocpi.OcpiWire;

/**
 * OCPI 2.3.0 CDRs (tag v2.3.0 mod_cdrs.asciidoc, the same fields as 2.2.1; edition 2 lengthens
 * {@code signed_data.signed_values[].plain_data} to 5000, kept verbatim as today) ↔ the 2.2.1
 * model. Changed: the six cost fields are 2.3.0 Prices ({@link Json230#priceToModel}); embedded
 * {@code tariffs} are 2.3.0 Tariffs ({@link Tariffs230}, a missing {@code tax_included} read as NO:
 * the spec's own CDR example has none); CdrToken {@code type} as in {@link Sessions230};
 * {@code cdr_location.connector_standard} {@code SAE_J3400} → {@code TESLA_S} ("mechanically
 * compatible", 2.3.0 ConnectorType enum), any other unknown standard (MCS) is refused as today
 * (2001 naming it). Session and CDR keep {@code authorization_reference} and {@code session_id}.
 */
@Component
class Cdrs230 implements Module230 {

    static final List<String> COSTS = List.of("total_cost", "total_fixed_cost", "total_energy_cost",
            "total_time_cost", "total_parking_cost", "total_reservation_cost");

    private final Tariffs230 tariffs;

    Cdrs230(Tariffs230 tariffs) {
        this.tariffs = tariffs;
    }

    @Override
    public String module() {
        return "cdrs";
    }

    @Override
    public JsonNode toModel(JsonNode data, OcpiWire.Exchange exchange) {
        if (!(data instanceof ObjectNode wire)) {
            return data;
        }
        ObjectNode model = wire.deepCopy();
        for (String cost : COSTS) {
            Json230.priceToModel(model, cost, cost, exchange);
        }
        Sessions230.tokenToModel(model);
        if (model.get("cdr_location") instanceof ObjectNode location && location.get("connector_standard") != null
                && location.get("connector_standard").isString()) {
            String standard = location.get("connector_standard").asString();
            String mapped = Json230.openEnum(standard, Locations230.CONNECTOR_TYPES, Locations230.NEAREST_CONNECTOR,
                    "ConnectorType");
            if (mapped != null) {
                location.put("connector_standard", mapped);
            }
        }
        if (model.get("tariffs") instanceof ArrayNode list) {
            ArrayNode translated = Json230.JSON.arrayNode();
            for (int i = 0; i < list.size(); i++) {
                translated.add(list.get(i) instanceof ObjectNode tariff
                        ? tariffs.tariffToModel(tariff, "tariffs[" + i + "].", exchange, true) : list.get(i));
            }
            model.set("tariffs", translated);
        }
        return model;
    }

    @Override
    public JsonNode toWire(JsonNode data, OcpiWire.Exchange exchange) {
        if (!(data instanceof ObjectNode model)) {
            return data;
        }
        ObjectNode wire = model.deepCopy();
        for (String cost : COSTS) {
            Json230.priceToWire(wire, cost);
        }
        if (wire.get("tariffs") instanceof ArrayNode list) {
            ArrayNode translated = Json230.JSON.arrayNode();
            for (JsonNode tariff : list) {
                translated.add(tariff instanceof ObjectNode t ? tariffs.tariffToWire(t) : tariff);
            }
            wire.set("tariffs", translated);
        }
        return wire;
    }
}
