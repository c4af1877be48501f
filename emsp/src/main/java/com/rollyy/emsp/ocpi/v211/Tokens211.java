package com.rollyy.emsp.ocpi.v211;

import java.util.List;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.emsp.ocpi.OcpiWire;

/**
 * OCPI 2.1.1 Tokens (tag 2.1.1 mod_tokens.md §3.1 AuthorizationInfo, §3.2 Token, §4.2
 * LocationReferences, §4.3 TokenType). We are the owner (Sender): our tokens go out in 2.1.1 in
 * the CPO's GET of our list and in our PUT/PATCH pushes to its receiver: {@code contract_id} →
 * {@code auth_id}, type APP_USER/AD_HOC_USER → OTHER (2.1.1 knows RFID and OTHER only), no
 * country_code/party_id (they are in the push URL), group_id, default_profile_type,
 * energy_contract. Real-time authorization: the CPO's LocationReferences lose
 * {@code connector_ids} (2.2.1 dropped them), our AuthorizationInfo loses {@code token} and
 * {@code authorization_reference} (2.1.1 has neither). docs/ocpi-conformance.md, "2.1.1
 * sessions, CDRs, tokens and commands".
 */
@Component
class Tokens211 implements Module211 {

    private static final List<String> TOKEN_NOT_IN_211 = List.of("country_code", "party_id", "group_id",
            "default_profile_type", "energy_contract");

    @Override
    public String module() {
        return "tokens";
    }

    @Override
    public JsonNode toModel(JsonNode data, OcpiWire.Exchange exchange) {
        if (!(data instanceof ObjectNode in)) {
            return data;
        }
        ObjectNode model = in.deepCopy();
        if (isAuthorize(exchange)) {
            if (exchange.request()) {
                model.remove("connector_ids"); // LocationReferences: gone in 2.2.1, EVSEs suffice
            }
            return model;
        }
        // a Token a 2.1.1 CPO shows us (its answer to a push or a GET): auth_id is the contract id
        Shared211.rename(model, "auth_id", "contract_id");
        return model;
    }

    @Override
    public JsonNode toWire(JsonNode data, OcpiWire.Exchange exchange) {
        if (!(data instanceof ObjectNode in)) {
            return data;
        }
        if (isAuthorize(exchange) && !exchange.request()) {
            ObjectNode info = in.deepCopy();
            info.remove("token");
            info.remove("authorization_reference");
            return info;
        }
        return tokenToWire(in);
    }

    private static boolean isAuthorize(OcpiWire.Exchange exchange) {
        return exchange.path() != null && exchange.path().endsWith("/authorize");
    }

    /** One of our Tokens (whole, or a PATCH's fields) in 2.1.1. */
    static ObjectNode tokenToWire(ObjectNode token) {
        ObjectNode wire = token.deepCopy();
        TOKEN_NOT_IN_211.forEach(wire::remove);
        Shared211.rename(wire, "contract_id", "auth_id");
        String type = wire.path("type").asString("");
        if (type.equals("APP_USER") || type.equals("AD_HOC_USER")) {
            wire.put("type", "OTHER");
        }
        return wire;
    }
}
