package com.rollyy.cposim.credentials;

import java.util.List;
import java.util.Map;

/**
 * Outcome of a successful CPO-initiated credentials handshake.
 *
 * @param tokenIssuedToEmsp  token B: what the simulator now accepts from the eMSP
 * @param tokenForEmsp       token C: what the eMSP returned and the simulator now sends
 * @param emspVersionsUrl    the eMSP versions URL the simulator registered with
 * @param emspCredentialsUrl the eMSP credentials endpoint the simulator posted to
 * @param emspRoles          the eMSP's CredentialsRoles, as received
 * @param emspEndpoints      the eMSP's 2.2.1 endpoints (identifier, role, url), as received
 */
public record RegistrationResult(String tokenIssuedToEmsp, String tokenForEmsp, String emspVersionsUrl,
                                 String emspCredentialsUrl, List<Map<String, Object>> emspRoles,
                                 List<Map<String, Object>> emspEndpoints) {

    public RegistrationResult {
        emspRoles = List.copyOf(emspRoles);
        emspEndpoints = List.copyOf(emspEndpoints);
    }

    @Override
    public String toString() {
        return "RegistrationResult{emspVersionsUrl=" + emspVersionsUrl
                + ", emspCredentialsUrl=" + emspCredentialsUrl + ", emspRoles=" + emspRoles + '}';
    }
}
