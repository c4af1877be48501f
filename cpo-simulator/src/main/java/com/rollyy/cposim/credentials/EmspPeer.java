package com.rollyy.cposim.credentials;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the simulator learned about the eMSP: its versions URL, 2.2.1 endpoints and roles. */
public record EmspPeer(String versionsUrl, String detailsUrl, List<Map<String, Object>> endpoints,
                List<Map<String, Object>> roles) {

    public EmspPeer {
        endpoints = List.copyOf(endpoints);
        roles = List.copyOf(roles);
    }

    EmspPeer withRoles(List<Map<String, Object>> newRoles) {
        return new EmspPeer(versionsUrl, detailsUrl, endpoints, newRoles);
    }

    /** URL of the first endpoint with this module identifier; the role is ignored on purpose (d2 advice for credentials). */
    public Optional<String> endpointUrl(String identifier) {
        return endpoints.stream()
                .filter(e -> identifier.equals(e.get("identifier")))
                .map(e -> e.get("url"))
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .findFirst();
    }

    /**
     * URL of the endpoint with this identifier and role (e.g. {@code locations} RECEIVER, where a
     * CPO pushes), if the peer published one.
     */
    public Optional<String> endpointUrl(String identifier, String role) {
        return endpoints.stream()
                .filter(e -> identifier.equals(e.get("identifier")) && role.equals(e.get("role")))
                .map(e -> e.get("url"))
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .findFirst();
    }

    /** The peer's EMSP role (the first one), else its first role: whom functional-module calls address. */
    Optional<Map<String, Object>> emspRole() {
        return roles.stream().filter(role -> "EMSP".equals(role.get("role"))).findFirst().or(this::primaryRole);
    }

    /** Country code and party id of the eMSP's first role, for OCPI-to-* routing headers. */
    public Optional<Map<String, Object>> primaryRole() {
        return roles.stream().findFirst();
    }
}
