package com.rollyy.emsp.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import tools.jackson.databind.ObjectMapper;

import com.rollyy.emsp.ocpi.OcpiPaths;

/**
 * User JWTs (OAuth2 resource server) on the product paths in {@link #PATTERNS}, and nothing else:
 * the one security filter chain matches only those paths (decided on {@link OcpiPaths#of}, the
 * path the controllers see), so every other request passes Spring Security untouched, and the
 * X-API-Key, OCPI token and Stripe signature checks stay where they were.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
public class UserJwtSecurity {

    /**
     * Product paths authenticated by a user JWT instead of X-API-Key: the charging-profile
     * resource of one session, {@code /v1/sessions/{session_id}/charging-profile} (and anything
     * below it). The rest of {@code /v1/sessions} (the list) takes X-API-Key like all of /v1.
     */
    public static final List<String> PATTERNS = List.of("/v1/sessions/{session_id}/charging-profile");
    private static final String SESSIONS = "/v1/sessions/";
    private static final String PROFILE = "/charging-profile";
    private static final Logger log = LoggerFactory.getLogger(UserJwtSecurity.class);

    /** Decided on the path as the controllers see it ({@link OcpiPaths#of}). */
    public static boolean isJwtProtected(String path) {
        String p = OcpiPaths.stripTrailingSlash(path);
        if (!p.startsWith(SESSIONS)) {
            return false;
        }
        int slash = p.indexOf('/', SESSIONS.length());
        if (slash <= SESSIONS.length()) {
            return false; // /v1/sessions/{id} alone, or an empty segment
        }
        String rest = p.substring(slash);
        return rest.equals(PROFILE) || rest.startsWith(PROFILE + "/");
    }

    @Bean
    SecurityFilterChain userJwtChain(HttpSecurity http, ObjectMapper mapper) throws Exception {
        http.securityMatcher(request -> isJwtProtected(OcpiPaths.of(request)))
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable())
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> write(mapper, res, HttpStatus.UNAUTHORIZED,
                                "unauthorized", unauthorizedMessage(req, ex)))
                        .accessDeniedHandler((req, res, ex) -> write(mapper, res, HttpStatus.FORBIDDEN, "forbidden",
                                "This token may not do that")))
                .oauth2ResourceServer(o -> o.jwt(Customizer.withDefaults())
                        .authenticationEntryPoint((req, res, ex) -> write(mapper, res, HttpStatus.UNAUTHORIZED,
                                "unauthorized", unauthorizedMessage(req, ex))));
        return http.build();
    }

    /**
     * Spring Security's strict firewall would refuse requests the service serves today (;params,
     * encoded characters) on every path; our path decisions use {@link OcpiPaths#of}, which
     * normalises exactly as request mapping does, so the firewall is a pass-through.
     */
    @Bean
    WebSecurityCustomizer passThroughFirewall() {
        return web -> web.httpFirewall(new HttpFirewall() {
            @Override
            public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
                return new FirewalledRequest(request) {
                    @Override
                    public void reset() {
                    }
                };
            }

            @Override
            public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
                return response;
            }
        });
    }

    @Bean
    JwtDecoder userJwtDecoder(JwtProperties properties) {
        NimbusJwtDecoder decoder;
        if (properties.jwksUri() != null && !properties.jwksUri().isBlank()) {
            decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwksUri().strip()).build();
        } else if (properties.secret() != null && !properties.secret().isBlank()) {
            byte[] secret = properties.secret().getBytes(StandardCharsets.UTF_8);
            if (secret.length < 32) {
                throw new IllegalStateException("rollyy.jwt.secret (ROLLYY_JWT_SECRET) must be at least 32 bytes"
                        + " for HMAC-SHA256");
            }
            decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256).build();
        } else {
            log.warn("No user JWT key configured (ROLLYY_JWT_JWKS_URI or ROLLYY_JWT_SECRET): every call to "
                    + "{} is refused", PATTERNS);
            return token -> {
                throw new BadJwtException("No JWT verification key is configured on this server: set "
                        + "ROLLYY_JWT_JWKS_URI or ROLLYY_JWT_SECRET");
            };
        }
        decoder.setJwtValidator(validator(properties));
        return decoder;
    }

    /**
     * {@code exp} is required (a token without one would be valid forever), {@code nbf} honoured,
     * and issuer and audience checked when configured.
     */
    static org.springframework.security.oauth2.core.OAuth2TokenValidator<org.springframework.security.oauth2.jwt.Jwt>
            validator(JwtProperties properties) {
        var timestamps = new org.springframework.security.oauth2.jwt.JwtTimestampValidator();
        timestamps.setAllowEmptyExpiryClaim(false);
        var validators = new java.util.ArrayList<org.springframework.security.oauth2.core.OAuth2TokenValidator<
                org.springframework.security.oauth2.jwt.Jwt>>(List.of(timestamps));
        if (properties.issuer() != null && !properties.issuer().isBlank()) {
            validators.add(new org.springframework.security.oauth2.jwt.JwtIssuerValidator(properties.issuer().strip()));
        }
        if (properties.audience() != null && !properties.audience().isBlank()) {
            String audience = properties.audience().strip();
            validators.add(new org.springframework.security.oauth2.jwt.JwtClaimValidator<List<String>>("aud",
                    aud -> aud != null && aud.contains(audience)));
        }
        return new org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator<>(validators);
    }

    private static String unauthorizedMessage(HttpServletRequest request, Exception e) {
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            return "Missing 'Authorization: Bearer <JWT>' header";
        }
        return "Invalid bearer token: " + (e.getMessage() == null ? "refused" : e.getMessage());
    }

    private static void write(ObjectMapper mapper, HttpServletResponse response, HttpStatus status, String code,
                              String message) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        mapper.writeValue(response.getOutputStream(), new ApiError(code, message));
    }
}
