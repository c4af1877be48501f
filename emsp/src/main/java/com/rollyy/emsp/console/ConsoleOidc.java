package com.rollyy.emsp.console;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Optional single sign-on (rollyy.console.oidc.*): the provider authenticates, console_operator
 * or the provider's groups decide the role. The provider's metadata is read on the first sign-in
 * (and again after a failure), never at start-up: the service starts when the provider is down.
 */
final class ConsoleOidc {

    static final String REGISTRATION_ID = "oidc";
    static final String AUTHORIZATION_BASE = "/console/oauth2/authorization";
    static final String CALLBACK_BASE = "/console/login/oauth2/code";

    private ConsoleOidc() {
    }

    /** The provider's registration, discovered from its issuer on first use. */
    static ClientRegistrationRepository registrations(ConsoleProperties.Oidc oidc) {
        var discovered = new AtomicReference<ClientRegistration>();
        return registrationId -> {
            if (!REGISTRATION_ID.equals(registrationId)) {
                return null;
            }
            ClientRegistration registration = discovered.get();
            if (registration == null) {
                registration = ClientRegistrations.fromIssuerLocation(oidc.issuerUri())
                        .registrationId(REGISTRATION_ID)
                        .clientId(oidc.clientId())
                        .clientSecret(oidc.clientSecret())
                        .clientName(oidc.name())
                        .scope("openid", "profile", "email")
                        .redirectUri("{baseUrl}" + CALLBACK_BASE + "/{registrationId}")
                        .userNameAttributeName(oidc.usernameClaim())
                        .build();
                discovered.compareAndSet(null, registration);
            }
            return registration;
        };
    }

    /** Loads the provider's user and gives it the console role it is entitled to, or refuses it. */
    static OAuth2UserService<OidcUserRequest, OidcUser> users(ConsoleProperties.Oidc oidc, OperatorAccounts accounts) {
        var delegate = new OidcUserService();
        return request -> {
            OidcUser user = delegate.loadUser(request);
            Object name = user.getClaims().get(oidc.usernameClaim());
            if (!(name instanceof String username) || username.isBlank()) {
                throw refused("the ID token has no " + oidc.usernameClaim());
            }
            OperatorRole role = role(oidc, accounts, username, user.getClaims().get(oidc.groupsClaim()));
            if (role == null) {
                throw refused(username + " is not a console operator or viewer");
            }
            Set<GrantedAuthority> authorities = new HashSet<>(List.of(new SimpleGrantedAuthority(role.authority())));
            return new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo(), oidc.usernameClaim());
        };
    }

    /** The account's role when one exists (null when disabled); else the role of the user's groups. */
    static OperatorRole role(ConsoleProperties.Oidc oidc, OperatorAccounts accounts, String username, Object groups) {
        var account = accounts.find(username);
        if (account.isPresent()) {
            return account.get().disabled() ? null : account.get().role();
        }
        Collection<?> memberOf = groups instanceof Collection<?> c ? c
                : groups instanceof String s ? List.of(s.split("[ ,]+")) : List.of();
        if (oidc.operatorGroup() != null && !oidc.operatorGroup().isBlank() && memberOf.contains(oidc.operatorGroup())) {
            return OperatorRole.OPERATOR;
        }
        if (oidc.viewerGroup() != null && !oidc.viewerGroup().isBlank() && memberOf.contains(oidc.viewerGroup())) {
            return OperatorRole.VIEWER;
        }
        return null;
    }

    private static OAuth2AuthenticationException refused(String why) {
        return new OAuth2AuthenticationException(new OAuth2Error("access_denied", why, null), why);
    }
}
