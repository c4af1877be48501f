package com.rollyy.emsp.ocpi.v211;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.emsp.ocpi.OcpiException;
import com.rollyy.emsp.ocpi.OcpiJson;
import com.rollyy.emsp.ocpi.OcpiParty;
import com.rollyy.emsp.ocpi.OcpiWire;

/**
 * What the 2.1.1 Sessions and CDRs translations share: the owner of an object that names none,
 * the embedded Location, plain-number costs, enum spellings and charging periods (2.1.1
 * mod_sessions.md §3.1, mod_cdrs.md §3.1, §4.2-4.4).
 */
final class Shared211 {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** CdrDimensionType values 2.1.1 has (mod_cdrs.md §4.3); FLAT is gone in 2.2.1. */
    static final Set<String> DIMENSIONS_211 = Set.of("ENERGY", "FLAT", "MAX_CURRENT", "MIN_CURRENT", "PARKING_TIME",
            "TIME");
    /** The 2.2.1 CdrDimensionType values. */
    static final Set<String> DIMENSIONS_221 = Set.of("CURRENT", "ENERGY", "ENERGY_EXPORT", "ENERGY_IMPORT",
            "MAX_CURRENT", "MIN_CURRENT", "MAX_POWER", "MIN_POWER", "PARKING_TIME", "POWER", "RESERVATION_TIME",
            "STATE_OF_CHARGE", "TIME");

    private Shared211() {
    }

    /** The owner of a pushed object: {@code /ocpi/2.1.1/<module>/{cc}/{pid}/...} when the path says it, else the partner. */
    static OcpiParty owner(OcpiWire.Exchange exchange, String module) {
        if (exchange.request() && exchange.path() != null) {
            String prefix = "/ocpi/2.1.1/" + module + "/";
            if (exchange.path().startsWith(prefix)) {
                String[] segments = exchange.path().substring(prefix.length()).split("/");
                if (segments.length >= 3) {
                    return new OcpiParty(segments[0], segments[1], "CPO");
                }
            }
        }
        return exchange.partner();
    }

    static void putOwner(ObjectNode model, OcpiParty owner) {
        if (owner != null) {
            if (!model.has("country_code")) {
                model.put("country_code", owner.countryCode());
            }
            if (!model.has("party_id")) {
                model.put("party_id", owner.partyId());
            }
        }
    }

    static void rename(ObjectNode node, String from, String to) {
        if (node.has(from)) {
            JsonNode value = node.remove(from);
            if (!node.has(to)) {
                node.set(to, value);
            }
        }
    }

    /** 2.1.1 examples write enum values in lower case ("energy", "on_street"): read any case. */
    static void upperCase(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value != null && value.isString()) {
            node.put(field, value.asString().toUpperCase(Locale.ROOT));
        }
    }

    /** A JSON number, or a string holding one (2.1.1 examples quote numbers: "price": "2.00"); else null. */
    static BigDecimal number(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isString()) {
            try {
                return new BigDecimal(value.asString().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A numeric string becomes a number; anything else stays for validation to name. */
    static void lenientNumber(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value != null && value.isString() && number(value) != null) {
            node.put(field, number(value));
        }
    }

    /**
     * 2.1.1 {@code total_cost}: a number, "excluding VAT" (mod_sessions.md §3.1, mod_cdrs.md §3.1)
     * → Price with {@code excl_vat} only; incl. VAT is not known and not invented.
     */
    static void costToPrice(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isObject()) {
            return;
        }
        BigDecimal amount = number(value);
        if (amount == null) {
            throw OcpiException.invalidParameter("Field '" + field + "' must be a number (OCPI 2.1.1: the cost"
                    + " excluding VAT)");
        }
        ObjectNode price = JSON.objectNode();
        price.put("excl_vat", amount);
        node.set(field, price);
    }

    /** Price → 2.1.1's plain number: the amount excluding VAT. */
    static void priceToCost(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value instanceof ObjectNode price) {
            JsonNode excl = price.get("excl_vat");
            if (excl == null || excl.isNull()) {
                node.remove(field);
            } else {
                node.set(field, excl);
            }
        }
    }

    /**
     * 2.1.1 ChargingPeriods → 2.2.1: dimension types in upper case; {@code FLAT} (not in 2.2.1)
     * dropped, and a period left without dimensions with it.
     */
    static void periodsToModel(ObjectNode node) {
        if (!(node.get("charging_periods") instanceof ArrayNode periods)) {
            return;
        }
        ArrayNode kept = JSON.arrayNode();
        for (JsonNode period : periods) {
            if (!(period instanceof ObjectNode p) || !(p.get("dimensions") instanceof ArrayNode dimensions)) {
                kept.add(period);
                continue;
            }
            ObjectNode copy = p.deepCopy();
            ArrayNode dims = copy.putArray("dimensions");
            for (JsonNode dimension : dimensions) {
                if (dimension instanceof ObjectNode d) {
                    ObjectNode dim = d.deepCopy();
                    upperCase(dim, "type");
                    lenientNumber(dim, "volume");
                    if ("FLAT".equals(dim.path("type").asString(""))) {
                        continue;
                    }
                    dims.add(dim);
                } else {
                    dims.add(dimension);
                }
            }
            if (!dims.isEmpty() || dimensions.isEmpty()) {
                kept.add(copy);
            }
        }
        node.set("charging_periods", kept);
    }

    /** 2.2.1 ChargingPeriods → 2.1.1: no tariff_id; dimensions 2.1.1 does not have are dropped. */
    static void periodsToWire(ObjectNode node) {
        if (!(node.get("charging_periods") instanceof ArrayNode periods)) {
            return;
        }
        ArrayNode out = JSON.arrayNode();
        for (JsonNode period : periods) {
            if (!(period instanceof ObjectNode p)) {
                continue;
            }
            ObjectNode copy = p.deepCopy();
            copy.remove("tariff_id");
            ArrayNode dims = copy.putArray("dimensions");
            for (JsonNode dimension : p.path("dimensions")) {
                if (DIMENSIONS_211.contains(dimension.path("type").asString(""))) {
                    dims.add(dimension);
                }
            }
            if (!dims.isEmpty()) {
                out.add(copy);
            }
        }
        node.set("charging_periods", out);
    }

    /** The one EVSE of a 2.1.1 Location embedded in a Session or CDR ("only the relevant EVSE and connector"). */
    static JsonNode evse(JsonNode location) {
        JsonNode evses = location.get("evses");
        return evses != null && evses.isArray() && !evses.isEmpty() ? evses.get(0) : null;
    }

    static JsonNode connector(JsonNode evse) {
        JsonNode connectors = evse == null ? null : evse.get("connectors");
        return connectors != null && connectors.isArray() && !connectors.isEmpty() ? connectors.get(0) : null;
    }

    /**
     * The Location a 2.1.1 Session or CDR embeds, with "only the relevant EVSE and Connector"
     * (either may be null in a pulled object, which validation then refuses); a request missing
     * one is refused naming the field as the partner sent it.
     */
    record Embedded(JsonNode location, JsonNode evse, JsonNode connector) {
    }

    static Embedded embedded(JsonNode location, OcpiWire.Exchange exchange) {
        require(location.isObject() && location.hasNonNull("id"), exchange, "location.id");
        JsonNode evse = evse(location);
        require(evse != null && evse.hasNonNull("uid"), exchange, "location.evses[0].uid");
        JsonNode connector = connector(evse);
        require(connector != null && connector.hasNonNull("id"), exchange, "location.evses[0].connectors[0].id");
        return new Embedded(location, evse, connector);
    }

    /** A request names the field the partner sent; a pulled object is left for validation. */
    static void require(boolean present, OcpiWire.Exchange exchange, String field) {
        if (!present && exchange.request()) {
            throw OcpiException.invalidParameter("Field '" + field + "' is required (OCPI 2.1.1: the Location with"
                    + " only the relevant EVSE and Connector)");
        }
    }

    static String now() {
        return OcpiJson.format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    static boolean isPatch(OcpiWire.Exchange exchange) {
        return exchange.request() && "PATCH".equalsIgnoreCase(exchange.method());
    }
}
