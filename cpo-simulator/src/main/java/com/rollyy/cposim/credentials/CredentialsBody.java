package com.rollyy.cposim.credentials;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.rollyy.cposim.ocpi.Json;
import com.rollyy.cposim.ocpi.Tokens;

/** A validated Credentials object received from the eMSP. */
public record CredentialsBody(String token, String url, List<Map<String, Object>> roles) {

    private static final Set<String> ROLES = Set.of("CPO", "EMSP", "HUB", "NAP", "NSP", "OTHER", "SCSP");

    /** Thrown with the name of the first offending field; answered as 2001. */
    public static final class Invalid extends Exception {

        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    public static CredentialsBody validate(Object json) throws Invalid {
        Map<String, Object> object = Json.asObject(json)
                .orElseThrow(() -> new Invalid("Credentials body must be a JSON object"));
        Object token = object.get("token");
        if (!(token instanceof String text) || !Tokens.isValid(text)) {
            throw new Invalid("Invalid or missing field: token (1..64 printable non-whitespace ASCII)");
        }
        String url = Json.text(object, "url")
                .filter(u -> u.startsWith("http://") || u.startsWith("https://"))
                .orElseThrow(() -> new Invalid("Invalid or missing field: url (absolute http(s) URL)"));
        List<Object> rawRoles = Json.asList(object.get("roles"))
                .filter(list -> !list.isEmpty())
                .orElseThrow(() -> new Invalid("Invalid or missing field: roles (non-empty list)"));
        List<Map<String, Object>> roles = new ArrayList<>();
        for (int i = 0; i < rawRoles.size(); i++) {
            roles.add(validateRole(rawRoles.get(i), "roles[" + i + "]"));
        }
        return new CredentialsBody((String) token, url, roles);
    }

    private static Map<String, Object> validateRole(Object json, String field) throws Invalid {
        Map<String, Object> role = Json.asObject(json)
                .orElseThrow(() -> new Invalid("Invalid field: " + field + " must be an object"));
        if (!(role.get("role") instanceof String name) || !ROLES.contains(name)) {
            throw new Invalid("Invalid or missing field: " + field + ".role");
        }
        if (Json.text(role, "party_id").filter(p -> p.length() <= 3).isEmpty()) {
            throw new Invalid("Invalid or missing field: " + field + ".party_id (CiString(3))");
        }
        if (Json.text(role, "country_code").filter(c -> c.length() <= 2).isEmpty()) {
            throw new Invalid("Invalid or missing field: " + field + ".country_code (CiString(2))");
        }
        Map<String, Object> business = Json.asObject(role.get("business_details"))
                .orElseThrow(() -> new Invalid("Invalid or missing field: " + field + ".business_details"));
        if (Json.text(business, "name").isEmpty()) {
            throw new Invalid("Invalid or missing field: " + field + ".business_details.name");
        }
        return role;
    }
}
