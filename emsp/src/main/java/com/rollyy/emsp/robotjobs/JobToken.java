package com.rollyy.emsp.robotjobs;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import com.rollyy.emsp.config.RollyyProperties;

/**
 * The token a START_SESSION carries: one AD_HOC_USER token per charging session, uid = our
 * session reference. It is ours (country_code/party_id are ours, as the spec requires of a
 * StartSession token), already authorised by sending the command, and it gives a second key to
 * match the CPO's Session and CDR when a hub replaces the authorization_reference.
 * {@code whitelist: NEVER}: nobody may charge with it except through our command.
 */
final class JobToken {

    private JobToken() {
    }

    static Map<String, Object> of(String sessionReference, RollyyProperties properties) {
        var token = new LinkedHashMap<String, Object>();
        token.put("country_code", properties.countryCode());
        token.put("party_id", properties.partyId());
        token.put("uid", sessionReference);
        token.put("type", "AD_HOC_USER");
        token.put("contract_id", contractId(sessionReference, properties));
        token.put("issuer", properties.businessName());
        token.put("valid", true);
        token.put("whitelist", "NEVER");
        token.put("last_updated", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return token;
    }

    /** An eMA-style id ({cc}-{pid}-{reference}), within the 36 characters of contract_id. */
    static String contractId(String sessionReference, RollyyProperties properties) {
        String prefix = properties.countryCode() + "-" + properties.partyId() + "-";
        String compact = sessionReference.replace("-", "").toUpperCase(java.util.Locale.ROOT);
        return prefix + compact.substring(0, Math.min(compact.length(), 36 - prefix.length()));
    }
}
