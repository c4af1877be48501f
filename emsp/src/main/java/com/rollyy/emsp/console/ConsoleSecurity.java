package com.rollyy.emsp.console;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The console's own filter chain: only {@code /console/**} (the product API's X-API-Key and JWT
 * checks never see these paths, and this chain never sees theirs). Form sign-in against
 * {@link OperatorAccounts}, a session cookie, CSRF on every form, strict headers; viewers read,
 * operators may also POST.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class ConsoleSecurity {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

    @Bean
    @Order(10)
    SecurityFilterChain consoleChain(HttpSecurity http, OperatorAccounts accounts, ConsoleAudit audit,
                                     ConsoleProperties properties) throws Exception {
        var provider = new DaoAuthenticationProvider(accounts);
        provider.setPasswordEncoder(accounts.encoder());
        http.securityMatcher("/console", "/console/**")
                .authenticationManager(authenticationManager(provider, properties, accounts))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/console/login", "/console/console.css").permitAll()
                        .requestMatchers(HttpMethod.POST, "/console/logout").authenticated()
                        .requestMatchers(HttpMethod.GET, "/console", "/console/**").hasAnyRole("VIEWER", "OPERATOR")
                        .anyRequest().hasRole("OPERATOR"))
                .formLogin(f -> f.loginPage("/console/login").loginProcessingUrl("/console/login")
                        .successHandler(signedIn(audit, properties, "password"))
                        .failureUrl("/console/login?error"))
                .logout(l -> l.logoutUrl("/console/logout").logoutSuccessUrl("/console/login?logout")
                        .addLogoutHandler((request, response, authentication) -> {
                            if (authentication != null) {
                                audit.record(authentication.getName(), "sign-out", null, client(request));
                            }
                        }))
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives(CSP))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(f -> f.deny()));
        if (properties.oidc().enabled()) {
            var oidc = properties.oidc();
            http.oauth2Login(o -> o.loginPage("/console/login")
                    // the provider unreachable (its metadata is read on first use): back to sign-in, not a 500
                    .withObjectPostProcessor(new org.springframework.security.config.ObjectPostProcessor<
                            org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter>() {
                        @Override
                        public <O extends org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                            filter.setAuthenticationFailureHandler((request, response, exception) -> {
                                org.slf4j.LoggerFactory.getLogger(ConsoleSecurity.class)
                                        .warn("Single sign-on unavailable: {}", exception.getMessage());
                                response.sendRedirect(request.getContextPath() + "/console/login?unavailable");
                            });
                            return filter;
                        }
                    })
                    .clientRegistrationRepository(ConsoleOidc.registrations(oidc))
                    .authorizationEndpoint(a -> a.baseUri(ConsoleOidc.AUTHORIZATION_BASE))
                    .redirectionEndpoint(r -> r.baseUri(ConsoleOidc.CALLBACK_BASE + "/*"))
                    .userInfoEndpoint(u -> u.oidcUserService(ConsoleOidc.users(oidc, accounts)))
                    .successHandler(signedIn(audit, properties, "oidc"))
                    .failureHandler((request, response, exception) -> {
                        audit.record("anonymous", "sign-in-refused", null, Map.of("method", "oidc",
                                "why", String.valueOf(exception.getMessage()),
                                "remote_address", String.valueOf(request.getRemoteAddr())));
                        response.sendRedirect(request.getContextPath() + "/console/login?denied");
                    }));
        }
        return http.build();
    }

    /**
     * Only ours: the form's accounts and, with OIDC, the provider's code exchange. (Not Spring's
     * global manager: it would try the same accounts again without our BCrypt encoder.)
     */
    private static org.springframework.security.authentication.AuthenticationManager authenticationManager(
            DaoAuthenticationProvider form, ConsoleProperties properties, OperatorAccounts accounts) {
        if (!properties.oidc().enabled()) {
            return new org.springframework.security.authentication.ProviderManager(form);
        }
        var oidc = new org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider(
                new org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient(),
                ConsoleOidc.users(properties.oidc(), accounts));
        return new org.springframework.security.authentication.ProviderManager(form, oidc);
    }

    /** After either way of signing in: the session's idle timeout, the audit row, the Overview. */
    private static org.springframework.security.web.authentication.AuthenticationSuccessHandler signedIn(
            ConsoleAudit audit, ConsoleProperties properties, String method) {
        return (request, response, authentication) -> {
            request.getSession().setMaxInactiveInterval((int) properties.sessionTimeout().toSeconds());
            audit.record(authentication.getName(), "sign-in", null,
                    Map.of("remote_address", String.valueOf(request.getRemoteAddr()), "method", method));
            response.sendRedirect(request.getContextPath() + "/console");
        };
    }

    private static Map<String, String> client(HttpServletRequest request) {
        return Map.of("remote_address", String.valueOf(request.getRemoteAddr()));
    }
}
