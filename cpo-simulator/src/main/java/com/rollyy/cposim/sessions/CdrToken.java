package com.rollyy.cposim.sessions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The CdrToken of a session and its CDR: the eMSP's token, by its owner.
 *
 * @param countryCode the eMSP's country code (the token owner)
 * @param partyId     the eMSP's party id
 * @param uid         Token.uid
 * @param type        TokenType: AD_HOC_USER, APP_USER, OTHER or RFID
 * @param contractId  Token.contract_id
 */
public record CdrToken(String countryCode, String partyId, String uid, String type, String contractId) {

    public CdrToken {
        Objects.requireNonNull(countryCode, "countryCode");
        Objects.requireNonNull(partyId, "partyId");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(contractId, "contractId");
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("country_code", countryCode);
        json.put("party_id", partyId);
        json.put("uid", uid);
        json.put("type", type);
        json.put("contract_id", contractId);
        return json;
    }
}
