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
    private final io.micrometer.core.instrument.MeterRegistry meters;

    TokensController(TokenService service, OcpiPagination pagination, RollyyProperties properties,
                     io.micrometer.core.instrument.MeterRegistry meters) {
        this.meters = meters;
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

    /**
     * {@code rollyy_token_authorize_seconds{result}}: ALLOWED, BLOCKED, EXPIRED, NO_CREDIT,
     * NOT_ALLOWED, UNKNOWN (no such token), INVALID (a bad uid or type).
     */
    private AuthorizationInfo decide(String uid, String type, LocationReferences location) {
        long started = System.nanoTime();
        String result = "INVALID";
        try {
            AuthorizationInfo info = decideUnmeasured(uid, type, location);
            result = info.allowed().name();
            return info;
        } catch (OcpiException e) {
            if (e.status() == OcpiStatus.UNKNOWN_TOKEN) {
                result = "UNKNOWN";
            }
            throw e;
        } finally {
            io.micrometer.core.instrument.Timer.builder("rollyy.token.authorize")
                    .description("Real-time authorization requests from CPOs, by answer")
                    .tag("result", result)
                    .serviceLevelObjectives(java.time.Duration.ofMillis(5), java.time.Duration.ofMillis(10),
                            java.time.Duration.ofMillis(25), java.time.Duration.ofMillis(50),
                            java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(250),
                            java.time.Duration.ofSeconds(1))
                    .register(meters).record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private AuthorizationInfo decideUnmeasured(String uid, String type, LocationReferences location) {
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
