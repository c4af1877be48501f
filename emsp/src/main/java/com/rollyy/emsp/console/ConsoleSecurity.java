package com.rollyy.emsp.console;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
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
                .authenticationManager(new ProviderManager(provider))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/console/login", "/console/console.css").permitAll()
                        .requestMatchers(HttpMethod.POST, "/console/logout").authenticated()
                        .requestMatchers(HttpMethod.GET, "/console", "/console/**").hasAnyRole("VIEWER", "OPERATOR")
                        .anyRequest().hasRole("OPERATOR"))
                .formLogin(f -> f.loginPage("/console/login").loginProcessingUrl("/console/login")
                        .successHandler((request, response, authentication) -> {
                            request.getSession().setMaxInactiveInterval((int) properties.sessionTimeout().toSeconds());
                            audit.record(authentication.getName(), "sign-in", null, client(request));
                            response.sendRedirect(request.getContextPath() + "/console");
                        })
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
        return http.build();
    }

    private static Map<String, String> client(HttpServletRequest request) {
        return Map.of("remote_address", String.valueOf(request.getRemoteAddr()));
    }
}
