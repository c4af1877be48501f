package com.rollyy.emsp.ocpi.v230;

import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.emsp.ocpi.OcpiVersion;
import com.rollyy.emsp.ocpi.OcpiWire;

/**
 * OCPI 2.3.0 Locations, EVSEs and Connectors (tag v2.3.0 and v2.3.0-ed2 mod_locations.asciidoc:
 * "Location Object", "EVSE Object", "Connector Object", "Parking Object", "EVSEParking class",
 * the ConnectorType, Capability, Facility, ParkingType, ParkingRestriction, ConnectorCapability
 * OpenEnums) ↔ the 2.2.1 model.
 *
 * <p>In: lost (the model has no place for them): Location {@code parking_places} and
 * {@code help_phone}, EVSE {@code parking} and {@code accepted_service_providers}, Connector
 * {@code capabilities}. Open enum values the model does not know, per field: ConnectorType
 * {@code SAE_J3400} → {@code TESLA_S} (2.3.0: "Mechanically compatible with SAE J3400"); a
 * connector of another unknown standard ({@code MCS}) is dropped from its EVSE, an EVSE left
 * without connectors from its Location, and refused (2001 naming {@code standard}) when it is the
 * object pushed; ParkingRestriction {@code EMPLOYEES} and {@code TENANTS} → {@code CUSTOMERS}
 * (parking for a group of people tied to the location), {@code TAXIS} and other unknown values
 * dropped; unknown Capability and Facility values dropped, an unknown ParkingType left empty,
 * EnvironmentalImpact entries of unknown categories dropped. Each such value is logged once.
 * Out (our answers to GET): the model's objects are valid 2.3.0 objects, sent as they are.
 */
@Component
class Locations230 implements Module230 {

    static final Set<String> CONNECTOR_TYPES = Set.of("CHADEMO", "CHAOJI", "DOMESTIC_A", "DOMESTIC_B", "DOMESTIC_C",
            "DOMESTIC_D", "DOMESTIC_E", "DOMESTIC_F", "DOMESTIC_G", "DOMESTIC_H", "DOMESTIC_I", "DOMESTIC_J",
            "DOMESTIC_K", "DOMESTIC_L", "DOMESTIC_M", "DOMESTIC_N", "DOMESTIC_O", "GBT_AC", "GBT_DC",
            "IEC_60309_2_single_16", "IEC_60309_2_three_16", "IEC_60309_2_three_32", "IEC_60309_2_three_64",
            "IEC_62196_T1", "IEC_62196_T1_COMBO", "IEC_62196_T2", "IEC_62196_T2_COMBO", "IEC_62196_T3A",
            "IEC_62196_T3C", "NEMA_5_20", "NEMA_6_30", "NEMA_6_50", "NEMA_10_30", "NEMA_10_50", "NEMA_14_30",
            "NEMA_14_50", "PANTOGRAPH_BOTTOM_UP", "PANTOGRAPH_TOP_DOWN", "TESLA_R", "TESLA_S");
    static final Map<String, String> NEAREST_CONNECTOR = Map.of("SAE_J3400", "TESLA_S");
    static final Set<String> CAPABILITIES = Set.of("CHARGING_PROFILE_CAPABLE", "CHARGING_PREFERENCES_CAPABLE",
            "CHIP_CARD_SUPPORT", "CONTACTLESS_CARD_SUPPORT", "CREDIT_CARD_PAYABLE", "DEBIT_CARD_PAYABLE",
            "PED_TERMINAL", "REMOTE_START_STOP_CAPABLE", "RESERVABLE", "RFID_READER",
            "START_SESSION_CONNECTOR_REQUIRED", "TOKEN_GROUP_CAPABLE", "UNLOCK_CAPABLE");
    static final Set<String> PARKING_RESTRICTIONS = Set.of("EV_ONLY", "PLUGGED", "DISABLED", "CUSTOMERS",
            "MOTORCYCLES");
    static final Map<String, String> NEAREST_RESTRICTION = Map.of("EMPLOYEES", "CUSTOMERS", "TENANTS", "CUSTOMERS");
    static final Set<String> FACILITIES = Set.of("HOTEL", "RESTAURANT", "CAFE", "MALL", "SUPERMARKET", "SPORT",
            "RECREATION_AREA", "NATURE", "MUSEUM", "BIKE_SHARING", "BUS_STOP", "TAXI_STAND", "TRAM_STOP",
            "METRO_STATION", "TRAIN_STATION", "AIRPORT", "PARKING_LOT", "CARPOOL_PARKING", "FUEL_STATION", "WIFI");
    static final Set<String> PARKING_TYPES = Set.of("ALONG_MOTORWAY", "PARKING_GARAGE", "PARKING_LOT", "ON_DRIVEWAY",
            "ON_STREET", "UNDERGROUND_GARAGE");

    private static final String OUR_RECEIVER = OcpiVersion.V2_3_0.prefix() + "/locations";

    @Override
    public String module() {
        return "locations";
    }

    @Override
    public JsonNode toModel(JsonNode data, OcpiWire.Exchange exchange) {
        if (!(data instanceof ObjectNode wire)) {
            return data;
        }
        ObjectNode model = wire.deepCopy();
        switch (depth(exchange.path())) {
            case 2 -> connectorToModel(model, true);
            case 1 -> evseToModel(model);
            default -> locationToModel(model);
        }
        return model;
    }

    @Override
    public JsonNode toWire(JsonNode data, OcpiWire.Exchange exchange) {
        return data;
    }

    /**
     * 0 for a Location, 1 for an EVSE, 2 for a Connector: from the URL, ours
     * ({@code /ocpi/2.3.0/locations/{cc}/{pid}/{location}[/{evse}[/{connector}]]}) or the CPO's
     * ({@code {locations url}[/{location}[/{evse}[/{connector}]]]}, lists of Locations).
     */
    static int depth(String path) {
        String[] segments = path == null ? new String[0] : path.replaceAll("/+$", "").split("/");
        int at = -1;
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].equals("locations")) {
                at = i;
            }
        }
        if (at < 0) {
            return 0;
        }
        int after = segments.length - at - 1;
        int depth = path.startsWith(OUR_RECEIVER + "/") ? after - 3 : after - 1;
        return Math.max(0, Math.min(2, depth));
    }

    private static void locationToModel(ObjectNode location) {
        location.remove("parking_places");
        location.remove("help_phone");
        if (location.get("parking_type") != null && location.get("parking_type").isString()
                && Json230.openEnum(location.get("parking_type").asString(), PARKING_TYPES, Map.of(),
                "ParkingType") == null) {
            location.remove("parking_type");
        }
        Json230.openEnumList(location, "facilities", FACILITIES, Map.of(), "Facility");
        Json230.energyMixToModel(location);
        if (location.get("evses") instanceof ArrayNode evses) {
            ArrayNode kept = Json230.JSON.arrayNode();
            for (JsonNode evse : evses) {
                if (!(evse instanceof ObjectNode e) || evseToModel(e)) {
                    kept.add(evse);
                }
            }
            location.set("evses", kept);
        }
    }

    /** False when the EVSE had connectors and none is left (every one of an unknown standard). */
    private static boolean evseToModel(ObjectNode evse) {
        evse.remove("parking");
        evse.remove("accepted_service_providers");
        Json230.openEnumList(evse, "capabilities", CAPABILITIES, Map.of(), "Capability");
        Json230.openEnumList(evse, "parking_restrictions", PARKING_RESTRICTIONS, NEAREST_RESTRICTION,
                "ParkingRestriction");
        if (evse.get("connectors") instanceof ArrayNode connectors && !connectors.isEmpty()) {
            ArrayNode kept = Json230.JSON.arrayNode();
            for (JsonNode connector : connectors) {
                if (!(connector instanceof ObjectNode c) || connectorToModel(c, false)) {
                    kept.add(connector);
                }
            }
            evse.set("connectors", kept);
            if (kept.isEmpty()) {
                Json230.once("evse-dropped-" + evse.path("uid").asString(""), "OCPI 2.3.0 EVSE "
                        + evse.path("uid").asString("?") + " has no connector of a standard we know: dropped");
                return false;
            }
        }
        return true;
    }

    /**
     * False when the connector's standard is unknown and has no nearest value (then, if it is the
     * object pushed, it is left as sent: the model's validation refuses it naming {@code standard}).
     */
    private static boolean connectorToModel(ObjectNode connector, boolean pushedAlone) {
        connector.remove("capabilities");
        JsonNode standard = connector.get("standard");
        if (standard == null || !standard.isString()) {
            return true;
        }
        String mapped = Json230.openEnum(standard.asString(), CONNECTOR_TYPES, NEAREST_CONNECTOR, "ConnectorType");
        if (mapped == null) {
            return pushedAlone;
        }
        connector.put("standard", mapped);
        return true;
    }
}
