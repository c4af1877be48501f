package com.rollyy.emsp.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

import com.rollyy.emsp.config.RollyyProperties;
import com.rollyy.emsp.ocpi.OcpiPaths;

/**
 * {@code X-API-Key} on every product API path. With no key configured the product API refuses
 * everything: a fresh install is closed, not open.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class ApiKeyFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-API-Key";
    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);
    private static final List<String> PROTECTED = List.of("/ocpi/register", "/ocpi/connections",
            "/ocpi/invitations", "/v1/", "/actuator");
    /**
     * Under /actuator/ but open: the orchestrator's probes carry no key. Everything else there
     * (the Prometheus scrape, any endpoint exposed later) takes X-API-Key.
     */
    private static final List<String> OPEN_ACTUATOR = List.of("/actuator/health", "/actuator/info");
    /** Under /v1/ but called by Stripe, which cannot send our key: it signs its body instead. */
    private static final List<String> SIGNED_ELSEWHERE = List.of("/v1/payments/stripe/webhook");

    private final List<byte[]> keys;
    /** Each key's id ({@link com.rollyy.emsp.ocpi.RateLimiter#apiKeyId}): access log caller and rate-limit overrides. */
    private final List<String> keyIds;
    private final java.util.Set<String> overridden;
    private final ObjectMapper mapper;
    private final com.rollyy.emsp.ocpi.RateLimiter rateLimiter;

    public ApiKeyFilter(RollyyProperties properties, ObjectMapper mapper, com.rollyy.emsp.ocpi.RateLimiter rateLimiter,
                        com.rollyy.emsp.config.RateLimitProperties rateLimits) {
        this.rateLimiter = rateLimiter;
        this.keys = properties.allApiKeys().stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        this.keyIds = properties.allApiKeys().stream().map(com.rollyy.emsp.ocpi.RateLimiter::apiKeyId).toList();
        this.overridden = rateLimits.getApiKeys().keySet();
        this.mapper = mapper;
    }

    /** A rate-limit override for an id no configured key has is a typo or a key since removed: say so. */
    @EventListener(ApplicationReadyEvent.class)
    void warnOfUnknownKeyIds() {
        overridden.stream().filter(id -> !keyIds.contains(id)).forEach(id -> log.warn(
                "rollyy.rate-limit.api-keys.{} matches no configured API key; key ids are the first 12 hex digits"
                        + " of the key's SHA-256. Configured key ids: {}", id, keyIds));
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnWhenClosed() {
        if (keys.isEmpty()) {
            log.warn("No product API key configured: every product API call (/ocpi/register, /ocpi/connections, "
                    + "/v1/...) is refused. Set ROLLYY_API_KEY to a long random secret to enable it.");
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !requiresKey(request.getMethod(), OcpiPaths.of(request), request.getHeader(HEADER) != null);
    }

    private static boolean requiresKey(String method, String path, boolean hasKey) {
        if (SIGNED_ELSEWHERE.contains(OcpiPaths.stripTrailingSlash(path))) {
            return false;
        }
        if (OPEN_ACTUATOR.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"))) {
            return false;
        }
        if (UserJwtSecurity.isJwtProtected(path)) {
            return false; // a user JWT, checked by UserJwtSecurity's filter chain
        }
        if (OcpiPaths.isProductApi(method, path, hasKey)) {
            return true;
        }
        return PROTECTED.stream().anyMatch(p -> path.equals(p) || path.startsWith(p.endsWith("/") ? p : p + "/"));
    }

    /**
     * A product API operation (X-API-Key or user JWT), as opposed to the OCPI endpoints peers call
     * and Stripe's webhook: what the OpenAPI document covers, decided by the same rules as the filter.
     */
    public static boolean isProductOperation(String method, String path) {
        return UserJwtSecurity.isJwtProtected(path) || requiresKey(method, path, true);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (keys.isEmpty()) {
            reject(response, "No API key is configured on this server: set ROLLYY_API_KEY");
            return;
        }
        String presented = request.getHeader(HEADER);
        if (presented == null || presented.isBlank()) {
            reject(response, "Missing X-API-Key header");
            return;
        }
        int key = matching(presented.strip().getBytes(StandardCharsets.UTF_8));
        if (key < 0) {
            reject(response, "Invalid X-API-Key");
            return;
        }
        String keyId = keyIds.get(key);
        request.setAttribute(com.rollyy.emsp.ocpi.AccessLog.CALLER, "api-key:" + keyId);
        var wait = rateLimiter.api(keyId);
        if (wait.isPresent()) {
            response.setHeader("Retry-After", Long.toString(wait.getAsLong()));
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            mapper.writeValue(response.getOutputStream(), new ApiError("rate_limited",
                    "Too many requests with this API key: retry after " + wait.getAsLong() + " s"));
            return;
        }
        chain.doFilter(request, response);
    }

    /** The index of the configured key presented (compared in constant time), or -1. */
    private int matching(byte[] presented) {
        int match = -1;
        for (int i = 0; i < keys.size(); i++) {
            if (MessageDigest.isEqual(keys.get(i), presented)) {
                match = i;
            }
        }
        return match;
    }

    private void reject(HttpServletResponse response, String message) throws IOException {
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        mapper.writeValue(response.getOutputStream(), new ApiError("unauthorized", message));
    }
}
