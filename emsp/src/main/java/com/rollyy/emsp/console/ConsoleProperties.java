package com.rollyy.emsp.console;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operator console (docs/console.md).
 *
 * @param sessionTimeout an idle console session ends after this long
 * @param adminUsername  the first operator, created at start-up when no operator exists yet
 * @param adminPassword  its password (never overwrites an existing account)
 * @param addOperator    command line: create this account and exit (password from ROLLYY_CONSOLE_PASSWORD)
 * @param role           the role given by {@code addOperator}
 * @param oidc           optional single sign-on through an OpenID Connect provider
 */
@ConfigurationProperties("rollyy.console")
public record ConsoleProperties(@DefaultValue("30m") Duration sessionTimeout, String adminUsername,
                                String adminPassword, String addOperator, @DefaultValue("operator") String role,
                                @DefaultValue Oidc oidc) {

    /**
     * Sign-in through an OpenID Connect provider, on when {@code issuerUri} is set. Who may enter:
     * the account of that username in console_operator (its role, unless disabled), else a member
     * of {@code operatorGroup} or {@code viewerGroup} by the {@code groupsClaim} of the ID token.
     *
     * @param issuerUri     the provider's issuer (its /.well-known/openid-configuration is read on first use)
     * @param clientId      our client id at the provider
     * @param clientSecret  its secret (client_secret_basic)
     * @param name          the provider's name on the sign-in button
     * @param usernameClaim the ID token claim that is the console username
     * @param groupsClaim   the ID token claim listing the user's groups
     * @param operatorGroup members sign in as operators (none when empty)
     * @param viewerGroup   members sign in as viewers (none when empty)
     */
    public record Oidc(String issuerUri, String clientId, String clientSecret,
                       @DefaultValue("single sign-on") String name,
                       @DefaultValue("preferred_username") String usernameClaim,
                       @DefaultValue("groups") String groupsClaim, String operatorGroup, String viewerGroup) {

        public boolean enabled() {
            return issuerUri != null && !issuerUri.isBlank();
        }
    }
}
