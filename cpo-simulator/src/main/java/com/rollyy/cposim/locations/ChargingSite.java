package com.rollyy.cposim.locations;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import com.rollyy.cposim.ocpi.Json;
import com.rollyy.cposim.ocpi.OcpiEnvelope;
import com.rollyy.cposim.tariffs.Tariff;

/**
 * Where a session charges, resolved once from the dataset: the ids, the CdrLocation a CDR will
 * carry, the Location's time zone (tariff restrictions read its wall clock) and the connector's
 * tariff (its first {@code tariff_ids} entry, the REGULAR one; null when the dataset has no tariffs).
 */
public record ChargingSite(String locationId, String evseUid, String connectorId, Map<String, Object> cdrLocation,
                    ZoneId zone, Tariff tariff) {

    /** Why a StartSession cannot be carried out where it asks. */
    public static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        public final int statusCode;

        Refusal(int statusCode, String message) {
            super(message, null, false, false);
            this.statusCode = statusCode;
        }
    }

    public String tariffId() {
        return tariff == null ? null : tariff.id();
    }

    /**
     * @param evseUid     null: the Location's first EVSE
     * @param connectorId null: the EVSE's first connector, unless the EVSE has
     *                    START_SESSION_CONNECTOR_REQUIRED
     */
    @SuppressWarnings("unchecked")
    public static ChargingSite resolve(Dataset dataset, String locationId, String evseUid, String connectorId) throws Refusal {
        OptionalInt location = dataset.locationIndex(locationId);
        if (location.isEmpty()) {
            throw new Refusal(SenderHandler.UNKNOWN_LOCATION, "Unknown Location: " + locationId);
        }
        if (connectorId != null && evseUid == null) {
            throw new Refusal(OcpiEnvelope.INVALID_PARAMETERS, "evse_uid is required when connector_id is given");
        }
        int index = location.getAsInt();
        int evse = 1;
        if (evseUid != null) {
            OptionalInt number = dataset.evseNumber(index, evseUid);
            if (number.isEmpty()) {
                throw new Refusal(OcpiEnvelope.INVALID_PARAMETERS, "Unknown EVSE " + evseUid + " at Location " + locationId);
            }
            evse = number.getAsInt();
        }
        Map<String, Object> evseJson = Json.exactObject(dataset.evseJson(index, evse));
        int connector = 1;
        if (connectorId != null) {
            OptionalInt number = dataset.connectorNumber(index, evse, connectorId);
            if (number.isEmpty()) {
                throw new Refusal(OcpiEnvelope.INVALID_PARAMETERS, "Unknown Connector " + connectorId + " at EVSE "
                        + evseJson.get("uid"));
            }
            connector = number.getAsInt();
        } else if (Json.asList(evseJson.get("capabilities")).orElse(List.of()).contains("START_SESSION_CONNECTOR_REQUIRED")) {
            throw new Refusal(OcpiEnvelope.INVALID_PARAMETERS, "connector_id is required: EVSE " + evseJson.get("uid")
                    + " has START_SESSION_CONNECTOR_REQUIRED");
        }
        Map<String, Object> locationJson = Json.exactObject(dataset.locationJson(index));
        Map<String, Object> connectorJson = (Map<String, Object>) Json.asList(evseJson.get("connectors")).orElseThrow()
                .get(connector - 1);

        Map<String, Object> cdrLocation = new LinkedHashMap<>();
        cdrLocation.put("id", locationJson.get("id"));
        cdrLocation.put("name", locationJson.get("name"));
        cdrLocation.put("address", locationJson.get("address"));
        cdrLocation.put("city", locationJson.get("city"));
        cdrLocation.put("postal_code", locationJson.get("postal_code"));
        cdrLocation.put("country", locationJson.get("country"));
        cdrLocation.put("coordinates", locationJson.get("coordinates"));
        cdrLocation.put("evse_uid", evseJson.get("uid"));
        cdrLocation.put("evse_id", evseJson.get("evse_id"));
        cdrLocation.put("connector_id", connectorJson.get("id"));
        cdrLocation.put("connector_standard", connectorJson.get("standard"));
        cdrLocation.put("connector_format", connectorJson.get("format"));
        cdrLocation.put("connector_power_type", connectorJson.get("power_type"));

        Tariff tariff = null;
        List<Object> tariffIds = Json.asList(connectorJson.get("tariff_ids")).orElse(List.of());
        if (!tariffIds.isEmpty()) {
            int tariffIndex = dataset.tariffIndex((String) tariffIds.get(0)).orElseThrow();
            tariff = Tariff.of(Json.exactObject(dataset.tariffJson(tariffIndex)));
        }
        ZoneId zone = locationJson.get("time_zone") instanceof String name ? ZoneId.of(name) : ZoneOffset.UTC;
        return new ChargingSite((String) locationJson.get("id"), (String) evseJson.get("uid"),
                (String) connectorJson.get("id"), Collections.unmodifiableMap(cdrLocation), zone, tariff);
    }
}
