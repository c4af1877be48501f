package com.rollyy.emsp.connections;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.ocpi.InterfaceRole;
import com.rollyy.emsp.ocpi.OcpiCaller;
import com.rollyy.emsp.ocpi.OcpiController;
import com.rollyy.emsp.ocpi.OcpiException;
import com.rollyy.emsp.ocpi.OcpiIds;
import com.rollyy.emsp.ocpi.OcpiJson;
import com.rollyy.emsp.ocpi.OcpiModuleEndpoint;
import com.rollyy.emsp.ocpi.OcpiPaths;
import com.rollyy.emsp.ocpi.OcpiResponse;
import com.rollyy.emsp.ocpi.OcpiStatus;

/**
 * The HubClientInfo Receiver: a hub tells us which parties it connects us to, and whether each
 * is reachable. A configuration module, so no routing headers. Only hub connections may use it.
 */
@OcpiController
class HubClientInfoController {

    static final String BASE = OcpiPaths.V221 + "/hubclientinfo";

    private final HubClientInfoRepository repository;

    HubClientInfoController(HubClientInfoRepository repository) {
        this.repository = repository;
    }

    @PutMapping(BASE + "/{countryCode}/{partyId}")
    OcpiResponse<Void> put(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller, @PathVariable String countryCode,
                           @PathVariable String partyId, @RequestBody JsonNode body) {
        requireHub(caller);
        OcpiIds.requireSegment("country_code", countryCode, 2);
        OcpiIds.requireSegment("party_id", partyId, 3);
        ClientInfo info = parse(body);
        if (!info.countryCode().equalsIgnoreCase(countryCode) || !info.partyId().equalsIgnoreCase(partyId)) {
            throw OcpiException.invalidParameter("Fields 'country_code'/'party_id' (" + info.key()
                    + ") do not match the URL (" + countryCode + "/" + partyId + ")");
        }
        repository.upsert(caller.connectionId(), info);
        return OcpiResponse.success(null);
    }

    /** What we hold from the calling hub (empty for a direct peer), so the advertised URL answers a GET. */
    @GetMapping(BASE)
    OcpiResponse<java.util.List<ClientInfo>> list(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller) {
        return OcpiResponse.success(caller.isHub() ? repository.all(caller.connectionId()) : java.util.List.of());
    }

    @GetMapping(BASE + "/{countryCode}/{partyId}")
    OcpiResponse<ClientInfo> get(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                 @PathVariable String countryCode, @PathVariable String partyId) {
        requireHub(caller);
        OcpiIds.requireSegment("country_code", countryCode, 2);
        OcpiIds.requireSegment("party_id", partyId, 3);
        return OcpiResponse.success(repository.find(caller.connectionId(), countryCode, partyId)
                .orElseThrow(() -> new OcpiException(OcpiStatus.CLIENT_ERROR, HttpStatus.NOT_FOUND,
                        "No ClientInfo for " + countryCode + "/" + partyId)));
    }

    private static void requireHub(OcpiCaller caller) {
        if (!caller.isHub()) {
            throw OcpiException.invalidParameter("HubClientInfo is only accepted from a hub connection");
        }
    }

    static ClientInfo parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw OcpiException.invalidParameter("The body must be a ClientInfo object");
        }
        String partyId = id(body, "party_id", 3);
        String countryCode = id(body, "country_code", 2);
        String role = text(body, "role", 16);
        if (Arrays.stream(CredentialsRole.Role.values()).noneMatch(r -> r.name().equals(role))) {
            throw OcpiException.invalidParameter("Field 'role' must be one of "
                    + Arrays.toString(CredentialsRole.Role.values()));
        }
        String status = text(body, "status", 16);
        ClientInfo.Status parsedStatus;
        try {
            parsedStatus = ClientInfo.Status.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw OcpiException.invalidParameter("Field 'status' must be CONNECTED, OFFLINE, PLANNED or SUSPENDED");
        }
        Instant lastUpdated;
        try {
            lastUpdated = OcpiJson.parse(text(body, "last_updated", 40));
        } catch (DateTimeParseException e) {
            throw OcpiException.invalidParameter("Field 'last_updated' must be an RFC 3339 date-time");
        }
        return new ClientInfo(partyId.toUpperCase(Locale.ROOT), countryCode.toUpperCase(Locale.ROOT), role,
                parsedStatus, lastUpdated);
    }

    private static String id(JsonNode body, String field, int max) {
        String value = text(body, field, max);
        if (!OcpiIds.valid(value)) {
            throw OcpiException.invalidParameter("Field '" + field + "' " + OcpiIds.RULE);
        }
        return value;
    }

    private static String text(JsonNode body, String field, int max) {
        JsonNode node = body.get(field);
        if (node == null || !node.isString() || node.asString().isBlank()) {
            throw OcpiException.invalidParameter("Field '" + field + "' is required");
        }
        String value = node.asString();
        if (value.length() > max) {
            throw OcpiException.invalidParameter("Field '" + field + "' is longer than " + max + " characters");
        }
        return value;
    }

    @Configuration(proxyBeanMethods = false)
    static class Endpoints {
        @Bean
        OcpiModuleEndpoint hubClientInfoEndpoint() {
            return new OcpiModuleEndpoint("hubclientinfo", InterfaceRole.RECEIVER, BASE);
        }
    }
}
