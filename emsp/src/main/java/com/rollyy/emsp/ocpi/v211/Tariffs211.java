package com.rollyy.emsp.ocpi.v211;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.emsp.ocpi.OcpiParty;
import com.rollyy.emsp.ocpi.OcpiWire;

/**
 * OCPI 2.1.1 Tariffs (tag 2.1.1, mod_tariffs.md §3.1 Tariff, §4.2 PriceComponent, §4.5
 * TariffRestrictions) ↔ the 2.2.1 model (docs/ocpi-conformance.md, "2.1.1 locations and tariffs"):
 * <ul>
 * <li>invented in (full objects only, never in a PATCH): {@code country_code}/{@code party_id} from
 * the URL path of a push, else the partner's own party. Nothing else: {@code type},
 * {@code min_price}/{@code max_price}, {@code start_date_time}/{@code end_date_time} and every
 * {@code vat} stay absent.</li>
 * <li>VAT: a 2.1.1 {@code price} is "price per unit (excluding VAT)" (§4.2) and 2.1.1 has no VAT
 * rate anywhere, so it is stored as the model's excl. VAT {@code price} without {@code vat}; the
 * product's estimates say so for a tariff of a 2.1.1 connection ({@code vat_unknown}).</li>
 * <li>lost out: {@code country_code}, {@code party_id}, {@code type}, {@code min_price},
 * {@code max_price}, {@code start_date_time}, {@code end_date_time}, each {@code vat}, and the
 * restrictions {@code min_current}, {@code max_current} and {@code reservation}.</li>
 * <li>renamed: EnvironmentalImpact {@code source} ↔ {@code category} in {@code energy_mix}.</li>
 * </ul>
 */
@Component
class Tariffs211 implements Module211 {

    @Override
    public String module() {
        return "tariffs";
    }

    @Override
    public JsonNode toModel(JsonNode data, OcpiWire.Exchange exchange) {
        if (!(data instanceof ObjectNode object)) {
            return data;
        }
        ObjectNode model = object.deepCopy();
        String[] path = segments(exchange.path());
        if (exchange.request() && path.length >= 3 && path[2].length() > 36) {
            // the model's own check would name the body's 'id': name the URL segment, as 2.1.1 does
            throw com.rollyy.emsp.ocpi.OcpiException.invalidParameter("URL segment 'tariff_id' is longer than 36"
                    + " characters");
        }
        if (model.get("energy_mix") instanceof ObjectNode mix) {
            Locations211.energyMixToModel(mix);
        }
        if (exchange.request() && "PATCH".equalsIgnoreCase(exchange.method())) {
            if (!model.has("last_updated")) {
                // 2.1.1's PATCH example has no last_updated (§2.2.3); the model's PATCH needs one
                model.put("last_updated", java.time.Instant.now()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            }
            return model;
        }
        if (!model.has("country_code") && !model.has("party_id")) {
            OcpiParty partner = exchange.partner();
            if (exchange.request() && path.length >= 3) {
                model.put("country_code", path[0]);
                model.put("party_id", path[1]);
            } else if (partner != null) {
                model.put("country_code", partner.countryCode());
                model.put("party_id", partner.partyId());
            }
        }
        return model;
    }

    @Override
    public JsonNode toWire(JsonNode data, OcpiWire.Exchange exchange) {
        if (!(data instanceof ObjectNode object)) {
            return data;
        }
        ObjectNode wire = object.deepCopy();
        wire.remove(java.util.List.of("country_code", "party_id", "type", "min_price", "max_price",
                "start_date_time", "end_date_time"));
        if (wire.get("energy_mix") instanceof ObjectNode mix) {
            Locations211.energyMixToWire(mix);
        }
        if (wire.get("elements") instanceof ArrayNode elements) {
            for (JsonNode element : elements) {
                if (element.get("price_components") instanceof ArrayNode components) {
                    components.forEach(c -> {
                        if (c instanceof ObjectNode component) {
                            component.remove("vat");
                        }
                    });
                }
                if (element.get("restrictions") instanceof ObjectNode restrictions) {
                    restrictions.remove(java.util.List.of("min_current", "max_current", "reservation"));
                }
            }
        }
        return wire;
    }

    /** The path segments after {@code /tariffs}: country_code, party_id, tariff_id. */
    private static String[] segments(String path) {
        if (path == null || path.indexOf("/tariffs") < 0) {
            return new String[0];
        }
        String rest = path.substring(path.indexOf("/tariffs") + "/tariffs".length()).replaceAll("^/+|/+$", "");
        return rest.isEmpty() ? new String[0] : rest.split("/+");
    }
}
