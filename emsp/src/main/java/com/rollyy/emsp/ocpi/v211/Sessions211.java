package com.rollyy.emsp.ocpi.v211;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.emsp.ocpi.OcpiWire;

/**
 * OCPI 2.1.1 Sessions (tag 2.1.1 mod_sessions.md §3.1 Session Object, §4.1 SessionStatus; the
 * ChargingPeriod and AuthMethod of mod_cdrs.md §4.1-4.4). In: no country_code/party_id (the push
 * URL's, else the partner's), {@code start_datetime}/{@code end_datetime} renamed,
 * {@code auth_id} → {@code cdr_token} ({@link AuthIds211}), the embedded Location → its ids,
 * {@code total_cost} (excl. VAT) → Price without incl_vat, FLAT dimensions dropped; a PATCH
 * without {@code last_updated} (2.1.1 does not require it) gets the time we received it, a Session
 * without {@code auth_method} (required, but missing from the spec's own examples) AUTH_REQUEST. Out (our
 * answers to a CPO's GET): the reverse; the Location carries only its ids. docs/ocpi-conformance.md,
 * "2.1.1 sessions, CDRs, tokens and commands".
 */
@Component
class Sessions211 implements Module211 {

    private final AuthIds211 authIds;

    Sessions211(AuthIds211 authIds) {
        this.authIds = authIds;
    }

    @Override
    public String module() {
        return "sessions";
    }

    @Override
    public JsonNode toModel(JsonNode data, OcpiWire.Exchange exchange) {
        if (!(data instanceof ObjectNode in)) {
            return data;
        }
        ObjectNode model = in.deepCopy();
        boolean patch = Shared211.isPatch(exchange);
        if (!patch) {
            Shared211.putOwner(model, Shared211.owner(exchange, module()));
        }
        Shared211.rename(model, "start_datetime", "start_date_time");
        Shared211.rename(model, "end_datetime", "end_date_time");
        authIds.toModel(model);
        locationToIds(model, exchange);
        Shared211.lenientNumber(model, "kwh");
        Shared211.costToPrice(model, "total_cost");
        Shared211.upperCase(model, "status");
        Shared211.upperCase(model, "auth_method");
        if (!patch && !model.has("auth_method")) {
            // required, yet both Session examples of the 2.1.1 text omit it: not whitelisted by the CPO
            model.put("auth_method", "AUTH_REQUEST");
        }
        Shared211.periodsToModel(model);
        if (patch && !model.has("last_updated")) {
            model.put("last_updated", Shared211.now());
        }
        return model;
    }

    /** {@code location} (2.1.1: the Location with only the relevant EVSE and connector) → the three ids. */
    private static void locationToIds(ObjectNode model, OcpiWire.Exchange exchange) {
        JsonNode location = model.get("location");
        if (location == null || model.has("location_id")) {
            return;
        }
        Shared211.Embedded embedded = Shared211.embedded(location, exchange);
        JsonNode evse = embedded.evse();
        JsonNode connector = embedded.connector();
        model.remove("location");
        model.set("location_id", location.get("id"));
        if (evse != null) {
            model.set("evse_uid", evse.get("uid"));
        }
        if (connector != null) {
            model.set("connector_id", connector.get("id"));
        }
    }

    @Override
    public JsonNode toWire(JsonNode data, OcpiWire.Exchange exchange) {
        if (!(data instanceof ObjectNode in)) {
            return data;
        }
        ObjectNode wire = in.deepCopy();
        wire.remove("country_code");
        wire.remove("party_id");
        wire.remove("authorization_reference");
        Shared211.rename(wire, "start_date_time", "start_datetime");
        Shared211.rename(wire, "end_date_time", "end_datetime");
        AuthIds211.toWire(wire);
        if (wire.has("location_id")) {
            ObjectNode location = wire.putObject("location");
            location.set("id", wire.remove("location_id"));
            ObjectNode evse = location.putArray("evses").addObject();
            evse.set("uid", wire.remove("evse_uid"));
            evse.putArray("connectors").addObject().set("id", wire.remove("connector_id"));
        }
        Shared211.priceToCost(wire, "total_cost");
        if ("RESERVATION".equals(wire.path("status").asString(""))) {
            wire.put("status", "PENDING"); // 2.1.1 has no RESERVATION: not yet started
        }
        if ("COMMAND".equals(wire.path("auth_method").asString(""))) {
            wire.put("auth_method", "AUTH_REQUEST"); // 2.1.1 has no COMMAND: authorized by us
        }
        Shared211.periodsToWire(wire);
        return wire;
    }
}
