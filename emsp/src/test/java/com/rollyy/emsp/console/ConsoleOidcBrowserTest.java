package com.rollyy.emsp.console;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on through an OpenID Connect provider (the test's {@code FakeOidcProvider}), in
 * Chromium: the whole authorization-code flow with real redirects, the ID token checked against
 * the provider's keys, the role from the account or the provider's groups.
 */
class ConsoleOidcBrowserTest extends BrowserTest {

    @Test
    void aMemberOfTheOperatorGroupSignsInThroughTheProviderAndIsAnOperator() {
        OIDC.nextUser("sso-olga", List.of("staff", "rollyy-operators"));

        browser.get(url("/console/login"));
        var button = browser.findElement(By.linkText("Sign in with Test IdP"));
        assertAccessible();
        button.click();
        awaitLeaving("/console/login");

        assertThat(browser.getCurrentUrl()).endsWith("/console");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Overview");
        assertThat(browser.findElement(By.cssSelector(".signout")).getText()).contains("sso-olga (operator)");
        var signIn = jdbc.sql("select detail->>'method' from console_audit where username = 'sso-olga'"
                + " and action = 'sign-in' order by id desc limit 1").query(String.class).single();
        assertThat(signIn).isEqualTo("oidc");
    }

    @Test
    void theAccountDecidesTheRoleOverTheGroups() {
        account("sso-vera", OperatorRole.VIEWER);
        OIDC.nextUser("sso-vera", List.of("rollyy-operators"));

        browser.get(url("/console/login"));
        browser.findElement(By.linkText("Sign in with Test IdP")).click();
        awaitLeaving("/console/login");

        assertThat(browser.findElement(By.cssSelector(".signout")).getText()).contains("sso-vera (viewer)");
    }

    @Test
    void someoneInNoConsoleGroupAndWithoutAccountIsTurnedAway() {
        OIDC.nextUser("sso-stranger", List.of("staff"));

        browser.get(url("/console/login"));
        browser.findElement(By.linkText("Sign in with Test IdP")).click();
        awaitLeaving("/console/login");

        assertThat(browser.getCurrentUrl()).contains("/console/login?denied");
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText())
                .contains("not a console operator or viewer");
        browser.get(url("/console"));
        assertThat(browser.getCurrentUrl()).endsWith("/console/login");
        var refused = jdbc.sql("select detail->>'why' from console_audit where action = 'sign-in-refused'"
                + " order by id desc limit 1").query(String.class).single();
        assertThat(refused).contains("sso-stranger");
    }
}
