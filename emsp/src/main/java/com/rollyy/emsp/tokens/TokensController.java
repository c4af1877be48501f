package com.rollyy.emsp.tokens;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

import com.rollyy.emsp.config.RollyyProperties;
import com.rollyy.emsp.ocpi.InterfaceRole;
import com.rollyy.emsp.ocpi.OcpiController;
import com.rollyy.emsp.ocpi.OcpiException;
import com.rollyy.emsp.ocpi.OcpiIds;
import com.rollyy.emsp.ocpi.OcpiModuleEndpoint;
import com.rollyy.emsp.ocpi.OcpiPageRequest;
import com.rollyy.emsp.ocpi.OcpiPagination;
import com.rollyy.emsp.ocpi.OcpiResponse;
import com.rollyy.emsp.ocpi.OcpiStatus;

/**
 * Our Tokens SENDER: the paginated list CPOs pull to fill their whitelists, and real-time
 * authorization, the CPO's hot path while a driver (or robot) waits at the charger.
 */
@OcpiController
class TokensController {

    static final String BASE = "/ocpi/2.2.1/tokens";
    static final String AUTHORIZE = BASE + "/{tokenUid}/authorize";

    private final TokenService service;
    private final OcpiPagination pagination;
    private final int maxLimit;

    TokensController(TokenService service, OcpiPagination pagination, RollyyProperties properties) {
        this.service = service;
        this.pagination = pagination;
        this.maxLimit = properties.ocpi().maxPageLimit();
    }

    /** Every token, invalidated ones included (with a fresh last_updated): that is how a puller learns of a revocation. */
    @GetMapping(BASE)
    ResponseEntity<OcpiResponse<List<Token>>> list(HttpServletRequest request, @RequestParam Map<String, String> params) {
        var page = OcpiPageRequest.from(params, maxLimit);
        return pagination.respond(request, page, service.page(page));
    }

    @PostMapping(AUTHORIZE)
    OcpiResponse<AuthorizationInfo> authorize(@PathVariable String tokenUid,
                                              @RequestParam(required = false) String type,
                                              @Valid @RequestBody(required = false) LocationReferences location) {
        return OcpiResponse.success(decide(tokenUid, type, location));
    }

    /** The product's spelling (GET, no body): same answer; the CPO's OCPI token or our X-API-Key. */
    @GetMapping(AUTHORIZE)
    OcpiResponse<AuthorizationInfo> authorizeByGet(@PathVariable String tokenUid,
                                                   @RequestParam(required = false) String type) {
        return OcpiResponse.success(decide(tokenUid, type, null));
    }

    private AuthorizationInfo decide(String uid, String type, LocationReferences location) {
        // before the cache: it also remembers unknown uids, and a uid is at most 36 characters
        var key = TokenKey.of(OcpiIds.requireSegment("token_uid", uid, 36), tokenType(type));
        var token = service.cached(key).orElseThrow(() ->
                new OcpiException(OcpiStatus.UNKNOWN_TOKEN, HttpStatus.NOT_FOUND, "Unknown token"));
        return TokenAuthorizer.decide(token, location, Instant.now());
    }

    /** The spec's default is RFID. */
    private static Token.Type tokenType(String type) {
        if (type == null || type.isEmpty()) {
            return Token.Type.RFID;
        }
        return switch (type) {
            case "RFID" -> Token.Type.RFID;
            case "APP_USER" -> Token.Type.APP_USER;
            case "AD_HOC_USER" -> Token.Type.AD_HOC_USER;
            case "OTHER" -> Token.Type.OTHER;
            default -> throw OcpiException.invalidParameter(
                    "Parameter 'type' must be one of AD_HOC_USER, APP_USER, OTHER, RFID");
        };
    }

    @Configuration(proxyBeanMethods = false)
    static class Endpoints {
        @Bean
        OcpiModuleEndpoint tokensEndpoint() {
            return new OcpiModuleEndpoint("tokens", InterfaceRole.SENDER, BASE);
        }
    }
}
