package com.rollyy.emsp.locations;

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
import com.rollyy.emsp.ocpi.OcpiCaller;
import com.rollyy.emsp.ocpi.OcpiController;
import com.rollyy.emsp.ocpi.OcpiIds;
import com.rollyy.emsp.ocpi.OcpiModuleEndpoint;
import com.rollyy.emsp.ocpi.OcpiPageRequest;
import com.rollyy.emsp.ocpi.OcpiPagination;
import com.rollyy.emsp.ocpi.OcpiParty;
import com.rollyy.emsp.ocpi.OcpiResponse;
import com.rollyy.emsp.ocpi.OcpiRoutingHeaders;
import com.rollyy.emsp.ocpi.WriteResult;
import com.rollyy.emsp.ocpi.ObjectKey;

/**
 * The Locations receiver at the spec paths, the product's short-form PUT, and the list of every
 * Location we hold.
 */
@OcpiController
class LocationsController {

    static final String BASE = "/ocpi/2.2.1/locations";
    private static final String LOCATION = BASE + "/{countryCode}/{partyId}/{locationId}";
    private static final String EVSE = LOCATION + "/{evseUid}";
    private static final String CONNECTOR = EVSE + "/{connectorId}";

    private final LocationService service;
    private final LocationQueries queries;
    private final OcpiPagination pagination;
    private final int maxLimit;

    LocationsController(LocationService service, LocationQueries queries, OcpiPagination pagination,
                        RollyyProperties properties) {
        this.service = service;
        this.queries = queries;
        this.pagination = pagination;
        this.maxLimit = properties.ocpi().maxPageLimit();
    }

    @GetMapping(LOCATION)
    OcpiResponse<JsonNode> getLocation(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                       HttpServletRequest request, @PathVariable String countryCode,
                                       @PathVariable String partyId, @PathVariable String locationId) {
        return OcpiResponse.success(service.getLocation(caller, key(caller, request, countryCode, partyId, locationId)));
    }

    @GetMapping(EVSE)
    OcpiResponse<JsonNode> getEvse(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                   HttpServletRequest request, @PathVariable String countryCode,
                                   @PathVariable String partyId, @PathVariable String locationId,
                                   @PathVariable String evseUid) {
        return OcpiResponse.success(service.getEvse(caller, key(caller, request, countryCode, partyId, locationId),
                evse(evseUid)));
    }

    @GetMapping(CONNECTOR)
    OcpiResponse<JsonNode> getConnector(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                        HttpServletRequest request, @PathVariable String countryCode,
                                        @PathVariable String partyId, @PathVariable String locationId,
                                        @PathVariable String evseUid, @PathVariable String connectorId) {
        return OcpiResponse.success(service.getConnector(caller,
                key(caller, request, countryCode, partyId, locationId), evse(evseUid), connector(connectorId)));
    }

    @PutMapping(LOCATION)
    ResponseEntity<OcpiResponse<Void>> putLocation(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                                   HttpServletRequest request, @PathVariable String countryCode,
                                                   @PathVariable String partyId, @PathVariable String locationId,
                                                   @Valid @RequestBody Location location) {
        return service.putLocation(caller, key(caller, request, countryCode, partyId, locationId), location).toResponse();
    }

    /** The product's short form: the party is the connection's own (its sole role, or the routing header's). */
    @PutMapping(BASE + "/{locationId}")
    ResponseEntity<OcpiResponse<Void>> putLocationShort(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                                        HttpServletRequest request,
                                                        @PathVariable String locationId,
                                                        @Valid @RequestBody Location location) {
        OcpiParty party = caller.soleParty(routing(request));
        return service.putLocation(caller, key(caller, request, party.countryCode(), party.partyId(),
                locationId), location).toResponse();
    }

    @PutMapping(EVSE)
    ResponseEntity<OcpiResponse<Void>> putEvse(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                               HttpServletRequest request, @PathVariable String countryCode,
                                               @PathVariable String partyId, @PathVariable String locationId,
                                               @PathVariable String evseUid, @Valid @RequestBody Evse evse) {
        return service.putEvse(caller, key(caller, request, countryCode, partyId, locationId), evse(evseUid), evse)
                .toResponse();
    }

    @PutMapping(CONNECTOR)
    ResponseEntity<OcpiResponse<Void>> putConnector(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                                    HttpServletRequest request, @PathVariable String countryCode,
                                                    @PathVariable String partyId, @PathVariable String locationId,
                                                    @PathVariable String evseUid, @PathVariable String connectorId,
                                                    @Valid @RequestBody Connector connector) {
        return service.putConnector(caller, key(caller, request, countryCode, partyId, locationId), evse(evseUid),
                connector(connectorId), connector).toResponse();
    }

    @PatchMapping(LOCATION)
    ResponseEntity<OcpiResponse<Void>> patchLocation(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                                     HttpServletRequest request, @PathVariable String countryCode,
                                                     @PathVariable String partyId, @PathVariable String locationId,
                                                     @RequestBody JsonNode patch) {
        return service.patchLocation(caller, key(caller, request, countryCode, partyId, locationId), patch).toResponse();
    }

    @PatchMapping(EVSE)
    ResponseEntity<OcpiResponse<Void>> patchEvse(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                                 HttpServletRequest request, @PathVariable String countryCode,
                                                 @PathVariable String partyId, @PathVariable String locationId,
                                                 @PathVariable String evseUid, @RequestBody JsonNode patch) {
        return service.patchEvse(caller, key(caller, request, countryCode, partyId, locationId), evse(evseUid),
                patch).toResponse();
    }

    @PatchMapping(CONNECTOR)
    ResponseEntity<OcpiResponse<Void>> patchConnector(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                                      HttpServletRequest request, @PathVariable String countryCode,
                                                      @PathVariable String partyId, @PathVariable String locationId,
                                                      @PathVariable String evseUid, @PathVariable String connectorId,
                                                      @RequestBody JsonNode patch) {
        return service.patchConnector(caller, key(caller, request, countryCode, partyId, locationId), evse(evseUid),
                connector(connectorId), patch).toResponse();
    }

    /**
     * Every active Location we hold, paginated. With X-API-Key: all of them. With an OCPI token:
     * only the caller's own, so a CPO can check our copy and never sees another CPO's data.
     */
    @GetMapping(BASE)
    @io.swagger.v3.oas.annotations.Parameters({
            @io.swagger.v3.oas.annotations.Parameter(name = "date_from", in = io.swagger.v3.oas.annotations.enums.ParameterIn.QUERY,
                    schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "date-time")),
            @io.swagger.v3.oas.annotations.Parameter(name = "date_to", in = io.swagger.v3.oas.annotations.enums.ParameterIn.QUERY,
                    schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "date-time")),
            @io.swagger.v3.oas.annotations.Parameter(name = "offset", in = io.swagger.v3.oas.annotations.enums.ParameterIn.QUERY,
                    schema = @io.swagger.v3.oas.annotations.media.Schema(type = "integer", minimum = "0")),
            @io.swagger.v3.oas.annotations.Parameter(name = "limit", in = io.swagger.v3.oas.annotations.enums.ParameterIn.QUERY,
                    schema = @io.swagger.v3.oas.annotations.media.Schema(type = "integer", minimum = "0"))})
    ResponseEntity<OcpiResponse<java.util.List<JsonNode>>> list(HttpServletRequest request,
            @io.swagger.v3.oas.annotations.Parameter(hidden = true) @RequestParam Map<String, String> params) {
        var caller = (OcpiCaller) request.getAttribute(OcpiCaller.ATTRIBUTE);
        var page = OcpiPageRequest.from(params, maxLimit);
        return pagination.respond(request, page, queries.page(caller == null ? null : caller.connectionId(), page));
    }

    private static ObjectKey key(OcpiCaller caller, HttpServletRequest request, String countryCode,
                                              String partyId, String locationId) {
        OcpiIds.requireSegment("country_code", countryCode, 2);
        OcpiIds.requireSegment("party_id", partyId, 3);
        OcpiIds.requireSegment("location_id", locationId, 36);
        caller.requireParty(countryCode, partyId, routing(request));
        return new ObjectKey(countryCode, partyId, locationId);
    }

    private static String evse(String evseUid) {
        return OcpiIds.requireSegment("evse_uid", evseUid, 36);
    }

    private static String connector(String connectorId) {
        return OcpiIds.requireSegment("connector_id", connectorId, 36);
    }

    private static OcpiRoutingHeaders routing(HttpServletRequest request) {
        return (OcpiRoutingHeaders) request.getAttribute(OcpiRoutingHeaders.ATTRIBUTE);
    }

    @Configuration(proxyBeanMethods = false)
    static class Endpoints {
        @Bean
        OcpiModuleEndpoint locationsEndpoint() {
            return new OcpiModuleEndpoint("locations", InterfaceRole.RECEIVER, BASE);
        }
    }
}
