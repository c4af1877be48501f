package com.rollyy.emsp.tariffs;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;

import com.rollyy.emsp.ocpi.InterfaceRole;
import com.rollyy.emsp.ocpi.OcpiCaller;
import com.rollyy.emsp.ocpi.OcpiController;
import com.rollyy.emsp.ocpi.OcpiIds;
import com.rollyy.emsp.ocpi.OcpiModuleEndpoint;
import com.rollyy.emsp.ocpi.OwnedDocuments;
import com.rollyy.emsp.ocpi.OcpiPageRequest;
import com.rollyy.emsp.ocpi.OcpiPagination;
import com.rollyy.emsp.ocpi.OcpiResponse;
import com.rollyy.emsp.ocpi.OcpiRoutingHeaders;
import com.rollyy.emsp.ocpi.ObjectKey;

/** The Tariffs receiver at {@code /ocpi/2.2.1/tariffs/{country_code}/{party_id}/{tariff_id}}. */
@OcpiController
class TariffsController {

    static final String BASE = "/ocpi/2.2.1/tariffs";
    private static final String TARIFF = BASE + "/{countryCode}/{partyId}/{tariffId}";
    /** OCPI 2.1.1 alone has PATCH on the eMSP's Tariffs (mod_tariffs.md §2.2.3; 2.2 removed it). */
    private static final String TARIFF_211 = "/ocpi/2.1.1/tariffs/{countryCode}/{partyId}/{tariffId}";

    private final TariffService service;
    private final OwnedDocuments documents;
    private final OcpiPagination pagination;
    private final int maxLimit;
    private final com.rollyy.emsp.ocpi.OcpiWires wires;

    TariffsController(TariffService service, OwnedDocuments documents, OcpiPagination pagination,
                      com.rollyy.emsp.config.RollyyProperties properties, com.rollyy.emsp.ocpi.OcpiWires wires) {
        this.service = service;
        this.wires = wires;
        this.documents = documents;
        this.pagination = pagination;
        this.maxLimit = properties.ocpi().maxPageLimit();
    }

    /** The caller's own current Tariffs as we hold them, paginated, so a CPO can check our copy. */
    @GetMapping(BASE)
    ResponseEntity<OcpiResponse<java.util.List<tools.jackson.databind.JsonNode>>> list(
            @RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller, HttpServletRequest request,
            @org.springframework.web.bind.annotation.RequestParam java.util.Map<String, String> params) {
        var page = OcpiPageRequest.from(params, maxLimit);
        return pagination.respond(request, page,
                documents.page("tariff", "deleted_at is null and active", caller.connectionId(), page));
    }

    @GetMapping(TARIFF)
    OcpiResponse<Tariff> get(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller, HttpServletRequest request,
                             @PathVariable String countryCode, @PathVariable String partyId,
                             @PathVariable String tariffId) {
        return OcpiResponse.success(service.get(caller, key(caller, request, countryCode, partyId, tariffId)));
    }

    @PutMapping(TARIFF)
    ResponseEntity<OcpiResponse<Void>> put(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                           HttpServletRequest request, @PathVariable String countryCode,
                                           @PathVariable String partyId, @PathVariable String tariffId,
                                           @Valid @RequestBody Tariff tariff) {
        return service.put(caller, key(caller, request, countryCode, partyId, tariffId), tariff).toResponse();
    }

    /** A 2.1.1 CPO's PATCH (its body translated to the model by the 2.1.1 edge, like a PUT's). */
    @org.springframework.web.bind.annotation.PatchMapping(TARIFF_211)
    ResponseEntity<OcpiResponse<Void>> patch211(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                                HttpServletRequest request, @PathVariable String countryCode,
                                                @PathVariable String partyId, @PathVariable String tariffId,
                                                @RequestBody tools.jackson.databind.JsonNode patch) {
        if (!wires.translates(com.rollyy.emsp.ocpi.OcpiVersion.V2_1_1, "tariffs")) {
            throw com.rollyy.emsp.ocpi.OcpiException.notFound("OCPI 2.1.1 tariffs are not served");
        }
        return service.patch(caller, key(caller, request, countryCode, partyId, tariffId), patch).toResponse();
    }

    @DeleteMapping(TARIFF)
    OcpiResponse<Void> delete(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller, HttpServletRequest request,
                              @PathVariable String countryCode, @PathVariable String partyId,
                              @PathVariable String tariffId) {
        service.delete(caller, key(caller, request, countryCode, partyId, tariffId));
        return OcpiResponse.success();
    }

    private static ObjectKey key(OcpiCaller caller, HttpServletRequest request, String countryCode,
                                            String partyId, String tariffId) {
        OcpiIds.requireSegment("country_code", countryCode, 2);
        OcpiIds.requireSegment("party_id", partyId, 3);
        OcpiIds.requireSegment("tariff_id", tariffId, 36);
        caller.requireParty(countryCode, partyId,
                (OcpiRoutingHeaders) request.getAttribute(OcpiRoutingHeaders.ATTRIBUTE));
        return new ObjectKey(countryCode, partyId, tariffId);
    }

    @Configuration(proxyBeanMethods = false)
    static class Endpoints {
        @Bean
        OcpiModuleEndpoint tariffsEndpoint() {
            return new OcpiModuleEndpoint("tariffs", InterfaceRole.RECEIVER, BASE);
        }
    }
}
