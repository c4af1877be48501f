package com.rollyy.emsp.ocpi.v211;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.emsp.ocpi.OcpiException;
import com.rollyy.emsp.ocpi.OcpiParty;
import com.rollyy.emsp.ocpi.OcpiWire;

/**
 * OCPI 2.1.1 Locations (tag 2.1.1, mod_locations.md §3.1 Location, §3.2 EVSE, §3.3 Connector, §4
 * data types) ↔ the 2.2.1 model. docs/ocpi-conformance.md, section "2.1.1 locations and tariffs",
 * has the full table; in short:
 * <ul>
 * <li>renamed: Location {@code type} (LocationType) ↔ {@code parking_type} (ParkingType; OTHER and
 * UNKNOWN have no 2.2.1 value and are dropped in, a missing or new value goes out as UNKNOWN / OTHER);
 * Connector {@code voltage}/{@code amperage} ↔ {@code max_voltage}/{@code max_amperage},
 * {@code tariff_id} ↔ {@code tariff_ids} (out: the first one); EnvironmentalImpact {@code source} ↔
 * {@code category}.</li>
 * <li>invented (full objects only, never in a PATCH): {@code country_code}/{@code party_id} (the URL
 * path of a push, else the partner's own party), {@code publish} = true, {@code time_zone} from the
 * country (or the longitude) when absent, {@code opening_times.twentyfourseven} = false when only
 * {@code regular_hours} are given, a Connector's missing {@code last_updated} from its EVSE's (the
 * spec's own example omits it). A 2.1.1 PATCH need not carry {@code last_updated}; ours must, so it
 * gets the time we receive it.</li>
 * <li>lost out: {@code publish}, {@code publish_allowed_to}, {@code state}, {@code max_electric_power},
 * further {@code tariff_ids}, and enum values 2.1.1 does not have (capabilities, facilities).</li>
 * </ul>
 */
@Component
class Locations211 implements Module211 {

    private static final Set<String> LOCATION_TYPES = Set.of("ON_STREET", "PARKING_GARAGE", "UNDERGROUND_GARAGE",
            "PARKING_LOT");
    private static final Set<String> CAPABILITIES_211 = Set.of("CHARGING_PROFILE_CAPABLE", "CREDIT_CARD_PAYABLE",
            "REMOTE_START_STOP_CAPABLE", "RESERVABLE", "RFID_READER", "UNLOCK_CAPABLE");
    private static final Set<String> FACILITIES_211 = Set.of("HOTEL", "RESTAURANT", "CAFE", "MALL", "SUPERMARKET",
            "SPORT", "RECREATION_AREA", "NATURE", "MUSEUM", "BUS_STOP", "TAXI_STAND", "TRAIN_STATION", "AIRPORT",
            "CARPOOL_PARKING", "FUEL_STATION", "WIFI");

    /** Countries in one IANA zone (ISO 3166-1 alpha-3 → zone): a 2.1.1 Location may omit time_zone. */
    private static final Map<String, String> ZONES = Map.ofEntries(
            Map.entry("AUT", "Europe/Vienna"), Map.entry("BEL", "Europe/Brussels"), Map.entry("BGR", "Europe/Sofia"),
            Map.entry("CHE", "Europe/Zurich"), Map.entry("CYP", "Asia/Nicosia"), Map.entry("CZE", "Europe/Prague"),
            Map.entry("DEU", "Europe/Berlin"), Map.entry("DNK", "Europe/Copenhagen"),
            Map.entry("EST", "Europe/Tallinn"), Map.entry("FIN", "Europe/Helsinki"), Map.entry("FRA", "Europe/Paris"),
            Map.entry("GBR", "Europe/London"), Map.entry("GRC", "Europe/Athens"), Map.entry("HRV", "Europe/Zagreb"),
            Map.entry("HUN", "Europe/Budapest"), Map.entry("IRL", "Europe/Dublin"), Map.entry("ISL", "Atlantic/Reykjavik"),
            Map.entry("ITA", "Europe/Rome"), Map.entry("LIE", "Europe/Vaduz"), Map.entry("LTU", "Europe/Vilnius"),
            Map.entry("LUX", "Europe/Luxembourg"), Map.entry("LVA", "Europe/Riga"), Map.entry("MCO", "Europe/Monaco"),
            Map.entry("MLT", "Europe/Malta"), Map.entry("NLD", "Europe/Amsterdam"), Map.entry("NOR", "Europe/Oslo"),
            Map.entry("POL", "Europe/Warsaw"), Map.entry("ROU", "Europe/Bucharest"), Map.entry("SVK", "Europe/Bratislava"),
            Map.entry("SVN", "Europe/Ljubljana"), Map.entry("SWE", "Europe/Stockholm"), Map.entry("SRB", "Europe/Belgrade"),
            Map.entry("BIH", "Europe/Sarajevo"), Map.entry("MNE", "Europe/Podgorica"), Map.entry("MKD", "Europe/Skopje"),
            Map.entry("ALB", "Europe/Tirane"), Map.entry("AND", "Europe/Andorra"), Map.entry("SMR", "Europe/San_Marino"),
            Map.entry("UKR", "Europe/Kiev"), Map.entry("TUR", "Europe/Istanbul"), Map.entry("ISR", "Asia/Jerusalem"),
            Map.entry("JPN", "Asia/Tokyo"), Map.entry("KOR", "Asia/Seoul"), Map.entry("CHN", "Asia/Shanghai"),
            Map.entry("SGP", "Asia/Singapore"), Map.entry("IND", "Asia/Kolkata"), Map.entry("NZL", "Pacific/Auckland"),
            Map.entry("ZAF", "Africa/Johannesburg"), Map.entry("ARE", "Asia/Dubai"));

    /** Where an object sits: the URL path's level for a request body, else told by its fields. */
    private enum Level { LOCATION, EVSE, CONNECTOR }

    @Override
    public String module() {
        return "locations";
    }

    @Override
    public JsonNode toModel(JsonNode data, OcpiWire.Exchange exchange) {
        if (!(data instanceof ObjectNode object)) {
            return data;
        }
        ObjectNode model = object.deepCopy();
        boolean patch = exchange.request() && "PATCH".equalsIgnoreCase(exchange.method());
        boolean push = exchange.request();
        String[] path = segments(exchange.path());
        Level level = push ? levelOf(path) : levelOf(model);
        if (push) {
            requireFits(path);
        }
        switch (level) {
            case LOCATION -> locationToModel(model, patch, push, path, exchange.partner());
            case EVSE -> evseToModel(model, patch, push, null);
            case CONNECTOR -> connectorToModel(model, patch, push, null);
        }
        if (patch && !model.has("last_updated")) {
            // 2.1.1 PATCH needs no last_updated (mod_locations.md §2.2.3 examples); our model's PATCH does
            model.put("last_updated", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    .toString());
        }
        return model;
    }

    @Override
    public JsonNode toWire(JsonNode data, OcpiWire.Exchange exchange) {
        if (!(data instanceof ObjectNode object)) {
            return data;
        }
        ObjectNode wire = object.deepCopy();
        switch (levelOf(wire)) {
            case LOCATION -> locationToWire(wire);
            case EVSE -> evseToWire(wire);
            case CONNECTOR -> connectorToWire(wire);
        }
        return wire;
    }

    // ---- in: 2.1.1 → model

    /**
     * 2.1.1 allows a location_id and evse_uid of 39 characters (mod_locations.md §2.2.2), the model
     * 36: such a push is refused before anything is read, naming the segment and the limit.
     */
    private static void requireFits(String[] path) {
        String[] names = {"country_code", "party_id", "location_id", "evse_uid", "connector_id"};
        int[] limits = {2, 3, 36, 36, 36};
        for (int i = 2; i < Math.min(path.length, names.length); i++) {
            if (path[i].length() > limits[i]) {
                throw OcpiException.invalidParameter("URL segment '" + names[i] + "' is " + path[i].length()
                        + " characters: OCPI 2.1.1 allows " + (i == 4 ? 36 : 39) + ", we store at most " + limits[i]);
            }
        }
    }

    private static void locationToModel(ObjectNode location, boolean patch, boolean push, String[] path,
                                        OcpiParty partner) {
        if (location.has("type")) {
            JsonNode type = location.remove("type");
            String value = type.isString() ? type.asString() : "";
            if (LOCATION_TYPES.contains(value)) {
                location.put("parking_type", value);
            } else if (patch) {
                location.putNull("parking_type"); // OTHER / UNKNOWN: the stored parking_type no longer holds
            }
        }
        if (location.get("energy_mix") instanceof ObjectNode mix) {
            energyMixToModel(mix);
        }
        if (location.get("opening_times") instanceof ObjectNode hours && !hours.has("twentyfourseven")) {
            hours.put("twentyfourseven", false); // 2.1.1: regular_hours *or* twentyfourseven (§4.13)
        }
        if (location.get("evses") instanceof ArrayNode evses) {
            for (JsonNode evse : evses) {
                if (evse instanceof ObjectNode e) {
                    evseToModel(e, patch, push, location.get("last_updated"));
                }
            }
        }
        if (patch) {
            return;
        }
        if (!location.has("country_code") && !location.has("party_id")) {
            if (push && path.length >= 3) {
                location.put("country_code", path[0]);
                location.put("party_id", path[1]);
            } else if (partner != null) {
                location.put("country_code", partner.countryCode());
                location.put("party_id", partner.partyId());
            }
        }
        if (!location.has("publish")) {
            location.put("publish", true); // 2.1.1 has no publish: every Location it shares is public
        }
        if (!location.hasNonNull("time_zone")) {
            String zone = zoneOf(location);
            if (zone != null) {
                location.put("time_zone", zone);
            }
        }
    }

    private static void evseToModel(ObjectNode evse, boolean patch, boolean push, JsonNode parentUpdated) {
        if (evse.get("connectors") instanceof ArrayNode connectors) {
            JsonNode updated = evse.hasNonNull("last_updated") ? evse.get("last_updated") : parentUpdated;
            for (JsonNode connector : connectors) {
                if (connector instanceof ObjectNode c) {
                    connectorToModel(c, patch, push, updated);
                }
            }
        }
    }

    private static void connectorToModel(ObjectNode connector, boolean patch, boolean push, JsonNode parentUpdated) {
        if (push && !patch) {
            for (String required : new String[] {"voltage", "amperage"}) {
                if (!connector.hasNonNull(required) && !connector.hasNonNull("max_" + required)) {
                    throw OcpiException.invalidParameter("Field '" + required + "' is required in a Connector");
                }
            }
        }
        JsonNode tariffId = connector.get("tariff_id");
        if (push && tariffId != null && !tariffId.isNull()
                && !(tariffId.isString() && tariffId.asString().length() <= 36)) {
            throw OcpiException.invalidParameter("Field 'tariff_id' must be a string of at most 36 characters");
        }
        rename(connector, "voltage", "max_voltage", push);
        rename(connector, "amperage", "max_amperage", push);
        if (connector.has("tariff_id")) {
            JsonNode tariff = connector.remove("tariff_id");
            ArrayNode ids = connector.putArray("tariff_ids");
            if (tariff != null && !tariff.isNull()) {
                ids.add(tariff);
            }
        }
        if (!patch && !connector.hasNonNull("last_updated") && parentUpdated != null && parentUpdated.isString()) {
            connector.set("last_updated", parentUpdated);
        }
    }

    /** A renamed int field; in a partner's request a bad value is refused under its 2.1.1 name. */
    private static void rename(ObjectNode object, String from, String to, boolean push) {
        if (!object.has(from)) {
            return;
        }
        JsonNode value = object.remove(from);
        if (push && !(value.isIntegralNumber() && value.asLong() >= 0 && value.asLong() <= Integer.MAX_VALUE)) {
            throw OcpiException.invalidParameter("Field '" + from + "' must be a non-negative integer");
        }
        object.set(to, value);
    }

    /** 2.1.1 EnvironmentalImpact names its category {@code source} (mod_locations.md §4.8). */
    static void energyMixToModel(ObjectNode mix) {
        if (mix.get("environ_impact") instanceof ArrayNode impacts) {
            for (JsonNode impact : impacts) {
                if (impact instanceof ObjectNode i && i.has("source") && !i.has("category")) {
                    i.set("category", i.remove("source"));
                }
            }
        }
    }

    static void energyMixToWire(ObjectNode mix) {
        if (mix.get("environ_impact") instanceof ArrayNode impacts) {
            for (JsonNode impact : impacts) {
                if (impact instanceof ObjectNode i && i.has("category")) {
                    i.set("source", i.remove("category"));
                }
            }
        }
    }

    /**
     * The zone of a Location without one: its country's when the country has one zone, else the
     * whole-hour zone of its longitude (Etc/GMT±n); null when neither can be read.
     */
    static String zoneOf(ObjectNode location) {
        String country = location.path("country").asString("");
        if (ZONES.containsKey(country)) {
            return ZONES.get(country);
        }
        try {
            double longitude = Double.parseDouble(location.path("coordinates").path("longitude").asString(""));
            long hours = Math.round(longitude / 15.0);
            String zone = hours == 0 ? "Etc/GMT" : "Etc/GMT" + (hours > 0 ? "-" : "+") + Math.abs(hours);
            ZoneId.of(zone);
            return zone;
        } catch (NumberFormatException | DateTimeException unreadable) {
            return null;
        }
    }

    // ---- out: model → 2.1.1

    /** 2.1.1 GeoLocation: exactly six decimals (mod_locations.md §4.12); ours has 5 to 7. */
    private static void sixDecimals(JsonNode point) {
        if (point instanceof ObjectNode p) {
            for (String field : new String[] {"latitude", "longitude"}) {
                JsonNode value = p.get(field);
                if (value != null && value.isString()) {
                    try {
                        p.put(field, new java.math.BigDecimal(value.asString())
                                .setScale(6, java.math.RoundingMode.HALF_UP).toPlainString());
                    } catch (NumberFormatException notANumber) {
                        // left as it is
                    }
                }
            }
        }
    }

    private static void locationToWire(ObjectNode location) {
        sixDecimals(location.get("coordinates"));
        if (location.get("related_locations") instanceof ArrayNode related) {
            related.forEach(Locations211::sixDecimals);
        }
        location.remove("country_code");
        location.remove("party_id");
        location.remove("publish");
        location.remove("publish_allowed_to");
        location.remove("state");
        JsonNode parking = location.remove("parking_type");
        String value = parking != null && parking.isString() ? parking.asString() : null;
        location.put("type", value == null ? "UNKNOWN" : LOCATION_TYPES.contains(value) ? value : "OTHER");
        keepOnly(location, "facilities", FACILITIES_211);
        if (location.get("energy_mix") instanceof ObjectNode mix) {
            energyMixToWire(mix);
        }
        if (location.get("evses") instanceof ArrayNode evses) {
            evses.forEach(evse -> {
                if (evse instanceof ObjectNode e) {
                    evseToWire(e);
                }
            });
        }
    }

    private static void evseToWire(ObjectNode evse) {
        keepOnly(evse, "capabilities", CAPABILITIES_211);
        sixDecimals(evse.get("coordinates"));
        if (evse.get("connectors") instanceof ArrayNode connectors) {
            connectors.forEach(connector -> {
                if (connector instanceof ObjectNode c) {
                    connectorToWire(c);
                }
            });
        }
    }

    private static void connectorToWire(ObjectNode connector) {
        if (connector.has("max_voltage")) {
            connector.set("voltage", connector.remove("max_voltage"));
        }
        if (connector.has("max_amperage")) {
            connector.set("amperage", connector.remove("max_amperage"));
        }
        connector.remove("max_electric_power");
        JsonNode ids = connector.remove("tariff_ids");
        if (ids != null && ids.isArray() && !ids.isEmpty()) {
            connector.set("tariff_id", ids.get(0));
        }
    }

    private static void keepOnly(ObjectNode object, String field, Set<String> values) {
        if (object.get(field) instanceof ArrayNode list) {
            for (int i = list.size() - 1; i >= 0; i--) {
                if (!values.contains(list.get(i).asString(""))) {
                    list.remove(i);
                }
            }
        }
    }

    // ---- where

    /** The path segments after {@code /locations}: country_code, party_id, location_id, evse_uid, connector_id. */
    private static String[] segments(String path) {
        if (path == null) {
            return new String[0];
        }
        int at = path.indexOf("/locations");
        if (at < 0) {
            return new String[0];
        }
        String rest = path.substring(at + "/locations".length()).replaceAll("^/+|/+$", "");
        return rest.isEmpty() ? new String[0] : rest.split("/+");
    }

    private static Level levelOf(String[] path) {
        return switch (path.length) {
            case 4 -> Level.EVSE;
            case 5 -> Level.CONNECTOR;
            default -> Level.LOCATION;
        };
    }

    /** A whole object by its fields (answers, pulls): a Connector has a standard, an EVSE a uid. */
    private static Level levelOf(ObjectNode object) {
        if (object.has("standard") || object.has("voltage") || object.has("max_voltage")) {
            return Level.CONNECTOR;
        }
        if (object.has("uid") || object.has("connectors")) {
            return Level.EVSE;
        }
        return Level.LOCATION;
    }
}
