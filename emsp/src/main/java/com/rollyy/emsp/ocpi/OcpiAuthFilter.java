package com.rollyy.emsp.ocpi;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Token authentication of every OCPI request. Missing or unknown token, or a registration token
 * (token A) outside versions/details/credentials: HTTP 401 with the envelope.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class OcpiAuthFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(OcpiAuthFilter.class);

    private final OcpiTokenAuthenticator authenticator;
    private final OcpiErrorWriter errorWriter;

    private final OcpiParty us;
    private final RateLimiter rateLimiter;

    public OcpiAuthFilter(OcpiTokenAuthenticator authenticator, OcpiErrorWriter errorWriter,
                          com.rollyy.emsp.config.RollyyProperties properties, RateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
        this.authenticator = authenticator;
        this.errorWriter = errorWriter;
        this.us = new OcpiParty(properties.countryCode(), properties.partyId(), "EMSP");
    }

    /** Malformed headers, or a TO that is not us: 2001 before any module sees the request. */
    private String routingProblem(OcpiRoutingHeaders routing) {
        try {
            routing.validated();
        } catch (OcpiException e) {
            return e.getMessage();
        }
        if (routing.to() != null && !routing.to().is(us.countryCode(), us.partyId())) {
            return "OCPI-to-country-code/party-id name " + routing.toCountryCode() + "/" + routing.toPartyId()
                    + ", not this eMSP (" + us.countryCode() + "/" + us.partyId() + ")";
        }
        return null;
    }

    /** The routing headers a hub's functional request lacks, comma separated; null when none. */
    private static String missingForHub(OcpiRoutingHeaders routing) {
        var missing = new java.util.ArrayList<String>();
        if (routing == null || routing.fromCountryCode() == null) {
            missing.add(OcpiRoutingHeaders.FROM_COUNTRY_CODE);
        }
        if (routing == null || routing.fromPartyId() == null) {
            missing.add(OcpiRoutingHeaders.FROM_PARTY_ID);
        }
        if (routing == null || routing.toCountryCode() == null) {
            missing.add(OcpiRoutingHeaders.TO_COUNTRY_CODE);
        }
        if (routing == null || routing.toPartyId() == null) {
            missing.add(OcpiRoutingHeaders.TO_PARTY_ID);
        }
        return missing.isEmpty() ? null : String.join(", ", missing);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = OcpiPaths.of(request);
        return !OcpiPaths.isOcpi(path) || OcpiPaths.isProductApi(request.getMethod(), path,
                request.getHeader("X-API-Key") != null);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = OcpiPaths.of(request);
        Optional<OcpiCaller> caller = Optional.empty();
        try {
            for (String token : AuthorizationHeader.candidates(request.getHeader(HttpHeaders.AUTHORIZATION))) {
                caller = authenticator.authenticate(token);
                if (caller.isPresent()) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            if (!StorageOutage.is(e)) {
                throw e;
            }
            log.warn("OCPI request to {} refused: the database is unavailable ({})", path, e.getMessage());
            response.setHeader(HttpHeaders.RETRY_AFTER, StorageOutage.RETRY_AFTER_SECONDS);
            errorWriter.write(response, HttpStatus.SERVICE_UNAVAILABLE,
                    OcpiResponse.error(OcpiStatus.SERVER_ERROR, StorageOutage.MESSAGE));
            return;
        }
        if (caller.isEmpty()) {
            log.info("OCPI request to {} refused: missing or unknown token", path);
            errorWriter.write(response, HttpStatus.UNAUTHORIZED,
                    OcpiResponse.error(OcpiStatus.CLIENT_ERROR, "Missing or unknown Authorization token"));
            return;
        }
        var wait = rateLimiter.ocpi(caller.get().connectionId());
        if (wait.isPresent()) {
            log.info("OCPI request to {} of connection {} refused: rate limit", path, caller.get().connectionId());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait.getAsLong()));
            errorWriter.write(response, HttpStatus.TOO_MANY_REQUESTS, OcpiResponse.error(OcpiStatus.CLIENT_ERROR,
                    "Too many requests from this connection: retry after " + wait.getAsLong() + " s"));
            return;
        }
        if (caller.get().registrationToken() && !OcpiPaths.allowsRegistrationToken(path)) {
            log.info("OCPI request to {} refused: registration token used outside versions/credentials", path);
            errorWriter.write(response, HttpStatus.UNAUTHORIZED, OcpiResponse.error(OcpiStatus.CLIENT_ERROR,
                    "A registration token (token A) is only valid on versions, version details and credentials"));
            return;
        }
        // Parsed for every request; functional modules validate them against the caller's parties.
        OcpiRoutingHeaders routing = OcpiRoutingHeaders.read(request::getHeader);
        if (caller.get().isHub() && OcpiPaths.isFunctional(path)) {
            String missing = missingForHub(routing);
            if (missing != null) {
                errorWriter.write(response, HttpStatus.OK, OcpiResponse.error(OcpiStatus.INVALID_PARAMETERS,
                        "Requests through a hub must carry the routing headers; missing: " + missing));
                return;
            }
        }
        request.setAttribute(OcpiCaller.ATTRIBUTE, OcpiPaths.isFunctional(path)
                ? caller.get().withRouting(routing) : caller.get());
        if (routing != null && OcpiPaths.isFunctional(path)) {
            String problem = routingProblem(routing);
            if (problem != null) {
                errorWriter.write(response, HttpStatus.OK, OcpiResponse.error(OcpiStatus.INVALID_PARAMETERS, problem));
                return;
            }
            request.setAttribute(OcpiRoutingHeaders.ATTRIBUTE, routing);
            // the answer goes back the way the request came: FROM and TO swapped
            routing.swapped().writeTo(response::setHeader);
        }
        // every log line of this request names the connection it came from
        MDC.put(MDC_CONNECTION_ID, String.valueOf(caller.get().connectionId()));
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_CONNECTION_ID);
        }
    }

    public static final String MDC_CONNECTION_ID = "connection_id";
}
