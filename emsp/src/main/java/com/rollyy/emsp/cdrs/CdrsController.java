package com.rollyy.emsp.cdrs;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import jakarta.validation.Valid;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.ocpi.InterfaceRole;
import com.rollyy.emsp.ocpi.OcpiCaller;
import com.rollyy.emsp.ocpi.OcpiController;
import com.rollyy.emsp.ocpi.OcpiException;
import com.rollyy.emsp.ocpi.OcpiIds;
import com.rollyy.emsp.ocpi.OcpiModuleEndpoint;
import com.rollyy.emsp.ocpi.OcpiResponse;
import com.rollyy.emsp.ocpi.PublicUrl;
import com.rollyy.emsp.ocpi.WriteResult;

/**
 * The CDRs receiver: {@code POST /ocpi/2.2.1/cdrs} answers with a {@code Location} header of the
 * stored CDR, served at {@code GET /ocpi/2.2.1/cdrs/{cdr_id}}; the product's {@code PUT} with the
 * id in the URL does the same. A repeated CDR gets 200 and the same Location.
 */
@OcpiController
class CdrsController {

    static final String BASE = "/ocpi/2.2.1/cdrs";

    private final CdrReceiver receiver;
    private final PublicUrl publicUrl;
    private final com.rollyy.emsp.ocpi.OcpiPagination pagination;
    private final com.rollyy.emsp.ocpi.OwnedDocuments documents;
    private final int maxLimit;

    CdrsController(CdrReceiver receiver, PublicUrl publicUrl, com.rollyy.emsp.ocpi.OcpiPagination pagination,
                   com.rollyy.emsp.ocpi.OwnedDocuments documents, com.rollyy.emsp.config.RollyyProperties properties) {
        this.receiver = receiver;
        this.publicUrl = publicUrl;
        this.pagination = pagination;
        this.documents = documents;
        this.maxLimit = properties.ocpi().maxPageLimit();
    }

    /** The caller's own CDRs as we hold them, paginated. */
    @GetMapping(BASE)
    ResponseEntity<OcpiResponse<java.util.List<JsonNode>>> list(
            @RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller, jakarta.servlet.http.HttpServletRequest request,
            @org.springframework.web.bind.annotation.RequestParam java.util.Map<String, String> params) {
        var page = com.rollyy.emsp.ocpi.OcpiPageRequest.from(params, maxLimit);
        return pagination.respond(request, page, documents.page("cdr", null, caller.connectionId(), page));
    }

    @PostMapping(BASE)
    ResponseEntity<OcpiResponse<Void>> post(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                            @Valid @RequestBody Cdr cdr, jakarta.servlet.http.HttpServletRequest request) {
        boolean created = receiver.receive(caller, cdr);
        // under the version the CDR came in (/ocpi/2.3.0/cdrs/...): the CPO reads it back in its own format
        String base = com.rollyy.emsp.ocpi.OcpiVersion.ofPath(com.rollyy.emsp.ocpi.OcpiPaths.of(request))
                .map(version -> version.prefix() + "/cdrs").orElse(BASE);
        // escaped: an id may hold characters a URL path may not (the CDR is stored by now)
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create(publicUrl.of(base + "/" + UriUtils.encodePathSegment(cdr.id(),
                        StandardCharsets.UTF_8))))
                .body(OcpiResponse.success());
    }

    @PutMapping(BASE + "/{cdrId}")
    ResponseEntity<OcpiResponse<Void>> put(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                           @PathVariable String cdrId, @Valid @RequestBody Cdr cdr,
                                           jakarta.servlet.http.HttpServletRequest request) {
        OcpiIds.requireSegment("cdr_id", cdrId, 39);
        WriteResult.requireMatchesUrl("id", cdrId, cdr.id());
        return post(caller, cdr, request);
    }

    @GetMapping(BASE + "/{cdrId}")
    OcpiResponse<JsonNode> get(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller, @PathVariable String cdrId) {
        OcpiIds.requireSegment("cdr_id", cdrId, 39);
        return OcpiResponse.success(receiver.find(caller, cdrId)
                .orElseThrow(() -> OcpiException.notFound("Unknown CDR " + cdrId)));
    }

    @Configuration(proxyBeanMethods = false)
    static class Endpoints {
        @Bean
        OcpiModuleEndpoint cdrsEndpoint() {
            return new OcpiModuleEndpoint("cdrs", InterfaceRole.RECEIVER, BASE);
        }
    }
}
