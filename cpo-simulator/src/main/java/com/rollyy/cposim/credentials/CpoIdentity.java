package com.rollyy.cposim.credentials;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The simulated CPO party as it presents itself in Credentials objects. */
public record CpoIdentity(String countryCode, String partyId, String businessName) {

    List<Map<String, Object>> roles() {
        Map<String, Object> role = new LinkedHashMap<>();
        role.put("role", "CPO");
        role.put("business_details", Map.of("name", businessName));
        role.put("party_id", partyId);
        role.put("country_code", countryCode);
        return List.of(role);
    }

    /** A Credentials object: the token the peer must use towards us, our versions URL, our roles. */
    Map<String, Object> credentials(String token, String versionsUrl) {
        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("token", token);
        credentials.put("url", versionsUrl);
        credentials.put("roles", roles());
        return credentials;
    }
}
