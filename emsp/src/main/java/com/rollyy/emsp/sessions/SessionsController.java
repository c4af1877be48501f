package com.rollyy.emsp.sessions;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.config.RollyyProperties;
import com.rollyy.emsp.ocpi.InterfaceRole;
import com.rollyy.emsp.ocpi.ObjectKey;
import com.rollyy.emsp.ocpi.OcpiCaller;
import com.rollyy.emsp.ocpi.OcpiController;
import com.rollyy.emsp.ocpi.OcpiIds;
import com.rollyy.emsp.ocpi.OcpiModuleEndpoint;
import com.rollyy.emsp.ocpi.OwnedDocuments;
import com.rollyy.emsp.ocpi.OcpiPageRequest;
import com.rollyy.emsp.ocpi.OcpiPagination;
import com.rollyy.emsp.ocpi.OcpiParty;
import com.rollyy.emsp.ocpi.OcpiResponse;
import com.rollyy.emsp.ocpi.OcpiRoutingHeaders;

/** The Sessions receiver at {@code /ocpi/2.2.1/sessions/{country_code}/{party_id}/{session_id}}, plus the short PUT. */
@OcpiController
class SessionsController {

    static final String BASE = "/ocpi/2.2.1/sessions";
    private static final String SESSION = BASE + "/{countryCode}/{partyId}/{sessionId}";

    private final SessionService service;
    private final OwnedDocuments documents;
    private final OcpiPagination pagination;
    private final int maxLimit;

    SessionsController(SessionService service, OwnedDocuments documents, OcpiPagination pagination,
                       RollyyProperties properties) {
        this.service = service;
        this.documents = documents;
        this.pagination = pagination;
        this.maxLimit = properties.ocpi().maxPageLimit();
    }

    @GetMapping(SESSION)
    OcpiResponse<JsonNode> get(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller, HttpServletRequest request,
                               @PathVariable String countryCode, @PathVariable String partyId,
                               @PathVariable String sessionId) {
        return OcpiResponse.success(service.get(caller, key(caller, request, countryCode, partyId, sessionId)));
    }

    @PutMapping(SESSION)
    ResponseEntity<OcpiResponse<Void>> put(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                           HttpServletRequest request, @PathVariable String countryCode,
                                           @PathVariable String partyId, @PathVariable String sessionId,
                                           @Valid @RequestBody Session session) {
        return service.put(caller, key(caller, request, countryCode, partyId, sessionId), session).toResponse();
    }

    /** The product's short form: the party is the connection's own (its sole role, or the routing header's). */
    @PutMapping(BASE + "/{sessionId}")
    ResponseEntity<OcpiResponse<Void>> putShort(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                                HttpServletRequest request, @PathVariable String sessionId,
                                                @Valid @RequestBody Session session) {
        OcpiParty party = caller.soleParty(routing(request));
        return service.put(caller, key(caller, request, party.countryCode(), party.partyId(), sessionId), session)
                .toResponse();
    }

    @PatchMapping(SESSION)
    ResponseEntity<OcpiResponse<Void>> patch(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                             HttpServletRequest request, @PathVariable String countryCode,
                                             @PathVariable String partyId, @PathVariable String sessionId,
                                             @RequestBody JsonNode patch) {
        return service.patch(caller, key(caller, request, countryCode, partyId, sessionId), patch).toResponse();
    }

    /** The caller's own Sessions as we hold them, paginated, so a CPO can check our copy. */
    @GetMapping(BASE)
    ResponseEntity<OcpiResponse<List<JsonNode>>> list(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                                      HttpServletRequest request,
                                                      @RequestParam Map<String, String> params) {
        var page = OcpiPageRequest.from(params, maxLimit);
        return pagination.respond(request, page,
                documents.page("charging_session", null, caller.connectionId(), page));
    }

    private static ObjectKey key(OcpiCaller caller, HttpServletRequest request, String countryCode, String partyId,
                                 String sessionId) {
        OcpiIds.requireSegment("country_code", countryCode, 2);
        OcpiIds.requireSegment("party_id", partyId, 3);
        OcpiIds.requireSegment("session_id", sessionId, 36);
        caller.requireParty(countryCode, partyId, routing(request));
        return new ObjectKey(countryCode, partyId, sessionId);
    }

    private static OcpiRoutingHeaders routing(HttpServletRequest request) {
        return (OcpiRoutingHeaders) request.getAttribute(OcpiRoutingHeaders.ATTRIBUTE);
    }

    @Configuration(proxyBeanMethods = false)
    static class Endpoints {
        @Bean
        OcpiModuleEndpoint sessionsEndpoint() {
            return new OcpiModuleEndpoint("sessions", InterfaceRole.RECEIVER, BASE);
        }
    }
}
