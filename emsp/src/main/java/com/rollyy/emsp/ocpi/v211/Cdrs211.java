package com.rollyy.emsp.ocpi.v211;

import java.util.List;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.emsp.ocpi.OcpiParty;
import com.rollyy.emsp.ocpi.OcpiWire;

/**
 * OCPI 2.1.1 CDRs (tag 2.1.1 mod_cdrs.md §3.1 CDR Object, §4.1-4.4; embedded tariffs
 * mod_tariffs.md §3.1, §4.2). In: no country_code/party_id (the CDR receiver URL has no party:
 * the partner's), {@code stop_date_time} → {@code end_date_time}, {@code auth_id} →
 * {@code cdr_token} ({@link AuthIds211}), the embedded Location → {@code cdr_location},
 * {@code total_cost} (excl. VAT) → Price without incl_vat, no {@code session_id} (the robot job
 * is matched by token, EVSE and start time), embedded 2.1.1 tariffs given the owner and read as
 * 2.2.1 ones (no VAT, no type), FLAT dimensions dropped. Out (our answer to a CPO's GET of a CDR
 * it posted, and the list): the reverse; what 2.1.1 cannot say is left out.
 * docs/ocpi-conformance.md, "2.1.1 sessions, CDRs, tokens and commands".
 */
@Component
class Cdrs211 implements Module211 {

    /** 2.2.1 CDR fields 2.1.1 does not have (mod_cdrs.md §3.1 against 221 "CDR Object"). */
    private static final List<String> NOT_IN_211 = List.of("country_code", "party_id", "session_id",
            "authorization_reference", "signed_data", "total_fixed_cost", "total_energy_cost", "total_time_cost",
            "total_parking_cost", "total_reservation_cost", "invoice_reference_id", "credit", "credit_reference_id",
            "home_charging_compensation");
    /** 2.2.1 Tariff fields 2.1.1 does not have (mod_tariffs.md §3.1 against 221 "Tariff Object"). */
    private static final List<String> TARIFF_NOT_IN_211 = List.of("country_code", "party_id", "type", "min_price",
            "max_price", "start_date_time", "end_date_time");

    private final AuthIds211 authIds;

    Cdrs211(AuthIds211 authIds) {
        this.authIds = authIds;
    }

    @Override
    public String module() {
        return "cdrs";
    }

    @Override
    public JsonNode toModel(JsonNode data, OcpiWire.Exchange exchange) {
        if (!(data instanceof ObjectNode in)) {
            return data;
        }
        ObjectNode model = in.deepCopy();
        OcpiParty owner = exchange.partner();
        Shared211.putOwner(model, owner);
        Shared211.rename(model, "stop_date_time", "end_date_time");
        authIds.toModel(model);
        locationToCdrLocation(model, exchange);
        Shared211.costToPrice(model, "total_cost");
        for (String number : new String[] {"total_energy", "total_time", "total_parking_time"}) {
            Shared211.lenientNumber(model, number);
        }
        Shared211.upperCase(model, "auth_method");
        Shared211.periodsToModel(model);
        if (model.get("tariffs") instanceof ArrayNode tariffs) {
            ArrayNode translated = model.putArray("tariffs");
            tariffs.forEach(t -> translated.add(tariffToModel(t, owner)));
        }
        return model;
    }

    /**
     * {@code location} → {@code cdr_location}: its id, name, address, city, postal_code, country,
     * coordinates; the one EVSE's uid and evse_id (optional in 2.1.1, required in CdrLocation: the
     * uid stands in for a missing one); the one connector's id, standard, format, power_type.
     */
    private static void locationToCdrLocation(ObjectNode model, OcpiWire.Exchange exchange) {
        JsonNode location = model.get("location");
        if (location == null || model.has("cdr_location")) {
            return;
        }
        Shared211.Embedded embedded = Shared211.embedded(location, exchange);
        JsonNode evse = embedded.evse();
        JsonNode connector = embedded.connector();
        model.remove("location");
        ObjectNode cdrLocation = model.putObject("cdr_location");
        for (String field : new String[] {"id", "name", "address", "city", "postal_code", "country", "coordinates"}) {
            if (location.has(field)) {
                cdrLocation.set(field, location.get(field));
            }
        }
        if (evse != null) {
            cdrLocation.set("evse_uid", evse.get("uid"));
            cdrLocation.set("evse_id", evse.hasNonNull("evse_id") ? evse.get("evse_id") : evse.get("uid"));
        }
        if (connector != null) {
            cdrLocation.set("connector_id", connector.get("id"));
            cdrLocation.set("connector_standard", connector.get("standard"));
            cdrLocation.set("connector_format", connector.get("format"));
            cdrLocation.set("connector_power_type", connector.get("power_type"));
            Shared211.upperCase(cdrLocation, "connector_format");
            Shared211.upperCase(cdrLocation, "connector_power_type");
        }
    }

    /**
     * A 2.1.1 Tariff embedded in a CDR: the CDR's owner; numbers the 2.1.1 example quotes
     * ({@code "price": "2.00"}) as numbers; dimension types in upper case; EnvironmentalImpact
     * {@code source} → {@code category}. No {@code vat}: 2.1.1 prices are excl. VAT and say no VAT.
     */
    private static JsonNode tariffToModel(JsonNode tariff, OcpiParty owner) {
        if (!(tariff instanceof ObjectNode t)) {
            return tariff;
        }
        ObjectNode model = t.deepCopy();
        Shared211.putOwner(model, owner);
        for (JsonNode element : model.path("elements")) {
            for (JsonNode component : element.path("price_components")) {
                if (component instanceof ObjectNode c) {
                    Shared211.upperCase(c, "type");
                    Shared211.lenientNumber(c, "price");
                    Shared211.lenientNumber(c, "step_size");
                }
            }
        }
        for (JsonNode impact : model.path("energy_mix").path("environ_impact")) {
            if (impact instanceof ObjectNode i) {
                Shared211.rename(i, "source", "category");
            }
        }
        return model;
    }

    @Override
    public JsonNode toWire(JsonNode data, OcpiWire.Exchange exchange) {
        if (!(data instanceof ObjectNode in)) {
            return data;
        }
        ObjectNode wire = in.deepCopy();
        NOT_IN_211.forEach(wire::remove);
        Shared211.rename(wire, "end_date_time", "stop_date_time");
        AuthIds211.toWire(wire);
        if (wire.remove("cdr_location") instanceof ObjectNode where) {
            ObjectNode location = wire.putObject("location");
            for (String field : new String[] {"id", "name", "address", "city", "postal_code", "country",
                    "coordinates"}) {
                if (where.has(field)) {
                    location.set(field, where.get(field));
                }
            }
            ObjectNode evse = location.putArray("evses").addObject();
            evse.set("uid", where.get("evse_uid"));
            evse.set("evse_id", where.get("evse_id"));
            ObjectNode connector = evse.putArray("connectors").addObject();
            connector.set("id", where.get("connector_id"));
            connector.set("standard", where.get("connector_standard"));
            connector.set("format", where.get("connector_format"));
            connector.set("power_type", where.get("connector_power_type"));
        }
        Shared211.priceToCost(wire, "total_cost");
        if ("COMMAND".equals(wire.path("auth_method").asString(""))) {
            wire.put("auth_method", "AUTH_REQUEST");
        }
        Shared211.periodsToWire(wire);
        if (wire.get("tariffs") instanceof ArrayNode tariffs) {
            ArrayNode out = wire.putArray("tariffs");
            for (JsonNode tariff : tariffs) {
                if (tariff instanceof ObjectNode t) {
                    ObjectNode copy = t.deepCopy();
                    TARIFF_NOT_IN_211.forEach(copy::remove);
                    for (JsonNode element : copy.path("elements")) {
                        for (JsonNode component : element.path("price_components")) {
                            if (component instanceof ObjectNode c) {
                                c.remove("vat");
                            }
                        }
                        if (element.path("restrictions") instanceof ObjectNode r) {
                            r.remove("min_current");
                            r.remove("max_current");
                            r.remove("reservation");
                        }
                    }
                    for (JsonNode impact : copy.path("energy_mix").path("environ_impact")) {
                        if (impact instanceof ObjectNode i) {
                            Shared211.rename(i, "category", "source");
                        }
                    }
                    out.add(copy);
                } else {
                    out.add(tariff);
                }
            }
        }
        return wire;
    }
}
