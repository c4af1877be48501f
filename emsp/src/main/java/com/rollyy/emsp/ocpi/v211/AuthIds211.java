package com.rollyy.emsp.ocpi.v211;

import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.emsp.config.RollyyProperties;
import com.rollyy.emsp.ocpi.IssuedTokens;

/**
 * 2.1.1 {@code auth_id} ↔ 2.2.1 {@code cdr_token}. A 2.1.1 Session or CDR names its token by
 * {@code auth_id}, the Token's {@code auth_id} (2.1.1 mod_sessions.md §3.1, mod_tokens.md §3.2),
 * which 2.2.1 renamed {@code contract_id}: the CdrToken is the token we issued with that contract
 * id (uid, type, our country_code/party_id). An auth_id we did not issue gets an invented
 * CdrToken: uid = contract_id = auth_id, type OTHER, our party (the CPO sent it to us as ours).
 */
@Component
class AuthIds211 {

    private final ObjectProvider<IssuedTokens> issued;
    private final RollyyProperties properties;

    AuthIds211(ObjectProvider<IssuedTokens> issued, RollyyProperties properties) {
        this.issued = issued;
        this.properties = properties;
    }

    ObjectNode cdrToken(JsonNode authId) {
        ObjectNode token = Shared211.JSON.objectNode();
        if (authId == null || !authId.isString() || authId.asString().isBlank()) {
            return null;
        }
        String id = authId.asString().strip();
        Optional<IssuedTokens.Issued> ours = issued.orderedStream().map(i -> i.byContractId(id))
                .flatMap(Optional::stream).findFirst();
        if (ours.isPresent()) {
            token.put("country_code", ours.get().countryCode());
            token.put("party_id", ours.get().partyId());
            token.put("uid", ours.get().uid());
            token.put("type", ours.get().type());
            token.put("contract_id", ours.get().contractId());
        } else {
            token.put("country_code", properties.countryCode());
            token.put("party_id", properties.partyId());
            token.put("uid", id);
            token.put("type", "OTHER");
            token.put("contract_id", id);
        }
        return token;
    }

    /** {@code auth_id} → {@code cdr_token} in place (a missing or empty auth_id is left for validation to name). */
    void toModel(ObjectNode node) {
        if (node.has("auth_id") && !node.has("cdr_token")) {
            ObjectNode token = cdrToken(node.get("auth_id"));
            if (token == null) {
                throw com.rollyy.emsp.ocpi.OcpiException.invalidParameter("Field 'auth_id' must be a non-empty string");
            }
            node.remove("auth_id");
            node.set("cdr_token", token);
        }
    }

    /** {@code cdr_token} → {@code auth_id} = its contract_id. */
    static void toWire(ObjectNode node) {
        JsonNode token = node.remove("cdr_token");
        if (token != null && token.hasNonNull("contract_id")) {
            node.set("auth_id", token.get("contract_id"));
        }
    }
}
