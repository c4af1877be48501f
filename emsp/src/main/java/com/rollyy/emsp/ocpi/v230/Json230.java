package com.rollyy.emsp.ocpi.v230;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.emsp.ocpi.OcpiException;
import com.rollyy.emsp.ocpi.OcpiWire;

/**
 * What the 2.3.0 translations share: the Price class (types.asciidoc "Price class", "TaxAmount
 * class"), open enums (types.asciidoc "OpenEnum type") read into the model's closed ones, and
 * refusing a partner's request with its own field names.
 */
final class Json230 {

    private static final Logger log = LoggerFactory.getLogger(Json230.class);
    private static final Set<String> logged = ConcurrentHashMap.newKeySet();
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Json230() {
    }

    /**
     * A partner's request we cannot translate: 2001 naming the field as the partner sent it. In a
     * partner's answer (our pulls) nothing is thrown ({@code false} is returned): the object is left
     * as it came, and the model's validation skips it as malformed, so one object cannot fail a page.
     */
    static boolean refuse(OcpiWire.Exchange exchange, String message) {
        if (exchange.request()) {
            throw OcpiException.invalidParameter(message);
        }
        once("refused-" + message, "OCPI 2.3.0 object from a partner not translated: " + message);
        return false;
    }

    /** Logs {@code message} once per {@code key} (bounded). */
    static void once(String key, String message) {
        if (logged.size() < 1000 && logged.add(key)) {
            log.warn("{} (logged once)", message);
        }
    }

    /**
     * 2.3.0 Price ({@code before_taxes}, {@code taxes[]}) → the model's ({@code excl_vat},
     * {@code incl_vat}): incl. VAT = before taxes + the sum of the tax amounts when {@code taxes}
     * is there (an empty list: no tax, incl. = excl.); without {@code taxes} incl. VAT is unknown
     * (null). Tax names, account numbers and percentages are lost.
     */
    static void priceToModel(ObjectNode parent, String field, String path, OcpiWire.Exchange exchange) {
        JsonNode price = parent.get(field);
        if (price == null || !price.isObject()) {
            return; // null/absent stays; a wrong type is named by the model's validation
        }
        if (price.has("excl_vat") && !price.has("before_taxes")) {
            return; // already the model's shape (a lenient read of a 2.2.1-style Price)
        }
        JsonNode before = price.get("before_taxes");
        if (before == null || !before.isNumber()) {
            refuse(exchange, "Field '" + path + ".before_taxes' " + (before == null ? "is required" : "must be a number"));
            return;
        }
        BigDecimal incl = null;
        JsonNode taxes = price.get("taxes");
        if (taxes != null && !taxes.isNull()) {
            if (!taxes.isArray()) {
                refuse(exchange, "Field '" + path + ".taxes' must be a list of TaxAmount");
                return;
            }
            incl = before.decimalValue();
            for (int i = 0; i < taxes.size(); i++) {
                JsonNode amount = taxes.get(i).get("amount");
                if (amount == null || !amount.isNumber()) {
                    refuse(exchange, "Field '" + path + ".taxes[" + i + "].amount' "
                            + (amount == null ? "is required" : "must be a number"));
                    return;
                }
                incl = incl.add(amount.decimalValue());
            }
        }
        ObjectNode model = JSON.objectNode();
        model.put("excl_vat", before.decimalValue());
        if (incl == null) {
            model.putNull("incl_vat");
        } else {
            model.put("incl_vat", incl);
        }
        parent.set(field, model);
    }

    /**
     * The model's Price → 2.3.0: {@code before_taxes} = excl. VAT; {@code taxes} one line named
     * "VAT" of incl. − excl. (none when they are equal: an empty list), absent when incl. VAT is
     * unknown.
     */
    static void priceToWire(ObjectNode parent, String field) {
        JsonNode price = parent.get(field);
        if (price == null || !price.isObject() || !price.has("excl_vat")) {
            return;
        }
        ObjectNode wire = JSON.objectNode();
        wire.set("before_taxes", price.get("excl_vat"));
        JsonNode incl = price.get("incl_vat");
        if (incl != null && incl.isNumber() && price.get("excl_vat").isNumber()) {
            ArrayNode taxes = wire.putArray("taxes");
            BigDecimal tax = incl.decimalValue().subtract(price.get("excl_vat").decimalValue());
            if (tax.signum() != 0) {
                taxes.addObject().put("name", "VAT").put("amount", tax);
            }
        }
        parent.set(field, wire);
    }

    /**
     * An open enum value into a closed model enum: a known value stays, one in {@code nearest}
     * becomes that value, any other is {@code null} (the caller drops it).
     */
    static String openEnum(String value, Set<String> known, Map<String, String> nearest, String what) {
        if (known.contains(value)) {
            return value;
        }
        String mapped = nearest.get(value);
        once(what + "." + value, "OCPI 2.3.0 " + what + " '" + value + "' "
                + (mapped == null ? "is not in our model: dropped" : "read as " + mapped));
        return mapped;
    }

    /** A list of open enum strings: known kept, nearest mapped, others dropped, no duplicates. */
    static void openEnumList(ObjectNode parent, String field, Set<String> known, Map<String, String> nearest,
                             String what) {
        JsonNode list = parent.get(field);
        if (list == null || !list.isArray()) {
            return;
        }
        ArrayNode kept = JSON.arrayNode();
        var seen = new java.util.HashSet<String>();
        for (JsonNode item : list) {
            if (!item.isString()) {
                kept.add(item); // a wrong type is named by the model's validation
                continue;
            }
            String value = openEnum(item.asString(), known, nearest, what);
            if (value != null && seen.add(value)) {
                kept.add(value);
            }
        }
        parent.set(field, kept);
    }

    /** EnergyMix (Locations and Tariffs): EnvironmentalImpactCategory is an open enum in 2.3.0. */
    static void energyMixToModel(ObjectNode parent) {
        if (parent.get("energy_mix") instanceof ObjectNode mix && mix.get("environ_impact") instanceof ArrayNode impacts) {
            ArrayNode kept = JSON.arrayNode();
            for (JsonNode impact : impacts) {
                String category = impact.path("category").asString(null);
                if (category == null || !impact.path("category").isString()
                        || openEnum(category, Set.of("NUCLEAR_WASTE", "CARBON_DIOXIDE"), Map.of(),
                        "EnvironmentalImpactCategory") != null) {
                    kept.add(impact);
                }
            }
            mix.set("environ_impact", kept);
        }
    }
}
