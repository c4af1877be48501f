package com.rollyy.emsp.console;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.rollyy.cposim.hub.HubSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/** The Connections page in Chromium: register, pull, rotate, unregister, invite, hubs, roles, audit. */
class ConsoleConnectionsBrowserTest extends BrowserTest {

    @Test
    void anOperatorRegistersTheCpoSyncsRotatesAndUnregistersIt() throws Exception {
        account("op-conn", OperatorRole.OPERATOR);
        signIn("op-conn", PASSWORD);

        browser.findElement(By.linkText("Connections")).click();
        awaitPath("/console/connections");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Connections");
        assertThat(text("main")).contains("No connection yet");

        // register through the form: the same handshake as POST /ocpi/register
        fillRegistration("Simulated CPO", cpo.versionsUrl(), cpo.tokenA());
        click("Register");
        awaitPathStartsWith("/console/connections/");
        assertThat(status()).contains("Registered with Simulated CPO (NL/SIM)", "active");
        assertThat(cpo.isRegistered()).isTrue();
        String connectionPage = browser.getCurrentUrl();
        String connectionId = connectionPage.substring(connectionPage.lastIndexOf('/') + 1);
        String details = text("main");
        assertThat(details).contains("NL/SIM", "2.2.1", "locations", "held, encrypted at rest (never shown)")
                .doesNotContain(cpo.tokenA()).doesNotContain(cpo.tokenForEmsp());
        assertThat(details).containsPattern("Rate limit of its requests to us\\s+[\\d.]+ per second");

        // listed as active, linked to its page
        browser.findElement(By.linkText("Connections")).click();
        awaitPath("/console/connections");
        String row = browser.findElement(By.cssSelector("table.connections tbody tr")).getText();
        assertThat(row).contains("Simulated CPO", "NL/SIM", "CPO", "active", "2.2.1", "locations", "0.0 %");
        assertAccessible();

        // sync locations now: the simulator serves 10
        browser.findElement(By.linkText("Simulated CPO")).click();
        awaitPath("/console/connections/" + connectionId);
        new Select(browser.findElement(By.id("module"))).selectByValue("locations");
        click("Sync now");
        awaitStatus("Pulled locations");
        assertThat(status()).contains("Pulled locations: 10 objects (10 updated, 0 unchanged, 0 rejected)");
        assertThat(text("section[aria-labelledby=pulls-heading]")).containsPattern("locations\\s+20\\d\\d-\\S+\\s+10\\s");
        // its quirk profile: a spec-exact partner's defaults
        assertThat(text("section[aria-labelledby=quirks-heading]")).contains("Routing headers", "sent",
                "as the partner pages", "the global one");
        var patched = api("PATCH", "/ocpi/connections/" + connectionId)
                .json("{\"quirks\":{\"page_size_cap\":50,\"routing_headers\":false}}").send();
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        browser.navigate().refresh();
        assertThat(text("section[aria-labelledby=quirks-heading]")).contains("at most 50", "never sent");
        api("PATCH", "/ocpi/connections/" + connectionId)
                .json("{\"quirks\":{\"page_size_cap\":null,\"routing_headers\":true}}").send();
        browser.navigate().refresh();
        assertAccessible();
        screenshot("connection");
        browser.findElement(By.linkText("Connections")).click();
        awaitPath("/console/connections");
        assertThat(browser.findElement(By.cssSelector("table.connections tbody tr")).getText())
                .containsPattern("locations: 20\\d\\d-");
        screenshot("connections");
        browser.findElement(By.linkText("Simulated CPO")).click();
        awaitPath("/console/connections/" + connectionId);

        // rotate through its confirmation: the CPO gets a new token from us
        String before = cpo.tokenIssuedToEmsp();
        browser.findElement(By.linkText("Rotate credentials…")).click();
        awaitPath("/console/connections/" + connectionId + "/rotate");
        assertThat(text("main")).contains("credentials PUT", "every token we issued earlier stops working");
        assertAccessible();
        click("Rotate credentials");
        awaitStatus("Credentials rotated");
        assertThat(cpo.tokenIssuedToEmsp()).isNotEqualTo(before);

        // unregister through its confirmation, which explains force
        browser.findElement(By.linkText("Unregister…")).click();
        awaitPath("/console/connections/" + connectionId + "/unregister");
        String confirmation = text("main");
        assertThat(confirmation).contains("credentials DELETE", "unregistered", "force",
                "even if the CPO does not confirm");
        assertAccessible();
        screenshot("connection-unregister");
        click("Unregister");
        awaitStatus("Unregistered Simulated CPO");
        assertThat(text("section[aria-labelledby=summary-heading]")).contains("unregistered");
        assertThat(cpo.isRegistered()).isFalse();
        assertThat(browser.findElements(By.linkText("Unregister…"))).isEmpty();

        // the audit log names the operator and the action
        browser.get(url("/console/audit"));
        var rows = browser.findElements(By.cssSelector("main tbody tr")).stream().map(WebElement::getText)
                .filter(t -> t.contains("op-conn")).toList();
        assertThat(rows.get(0)).contains("unregister", connectionId);
        assertThat(rows).anySatisfy(r -> assertThat(r).contains("register", "/console/connections/register",
                cpo.versionsUrl()));
        assertThat(rows).anySatisfy(r -> assertThat(r).contains("syncNow", "locations"));
        assertThat(String.join("\n", rows)).doesNotContain(cpo.tokenA());
    }

    @Test
    void aFailedRegistrationSaysWhatWentWrong() {
        account("op-fail", OperatorRole.OPERATOR);
        signIn("op-fail", PASSWORD);
        browser.get(url("/console/connections"));

        // nothing listens there: the versions URL is unreachable
        fillRegistration("Nobody", "http://127.0.0.1:1/ocpi/versions", "some-token");
        click("Register");
        awaitProblem();
        assertThat(problem()).contains("Registration with http://127.0.0.1:1/ocpi/versions failed (cpo_unreachable)");
        // what was typed is kept, except the token
        assertThat(browser.findElement(By.id("cpo_name")).getAttribute("value")).isEqualTo("Nobody");
        assertThat(browser.findElement(By.id("token")).getAttribute("value")).isEmpty();

        // the simulator refuses a token that is not its token A
        fillRegistration("Simulated CPO", cpo.versionsUrl(), "not-the-token-a");
        click("Register");
        awaitProblem();
        assertThat(problem()).contains("failed (cpo_unreachable)").containsIgnoringCase("401");
        assertThat(cpo.isRegistered()).isFalse();

        // a field the browser lets through but we do not: named in the message
        ((JavascriptExecutor) browser).executeScript("document.getElementById('versions_url').type = 'text'");
        fillRegistration("Simulated CPO", "ftp://example/versions", "token");
        click("Register");
        awaitProblem();
        assertThat(problem()).isEqualTo("Versions URL must be an http(s) URL");
        assertThat(text("main")).contains("No connection yet");

        // a connection address that is no connection: back to the list, saying so
        browser.get(url("/console/connections/not-an-id"));
        awaitProblem();
        assertThat(problem()).isEqualTo("Connection id 'not-an-id' is not a connection id (a UUID)");
        browser.get(url("/console/connections/00000000-0000-0000-0000-000000000000/unregister"));
        awaitProblem();
        assertThat(problem()).isEqualTo("No connection 00000000-0000-0000-0000-000000000000");
    }

    @Test
    void anInvitationShowsTokenAOnceAndTheCpoRegistersWithIt() throws Exception {
        account("op-inv", OperatorRole.OPERATOR);
        signIn("op-inv", PASSWORD);
        browser.get(url("/console/connections"));

        browser.findElement(By.id("invite_cpo_name")).sendKeys("Invited CPO");
        click("Create invitation");
        awaitPathStartsWith("/console/connections/invitations/");
        String tokenA = browser.findElement(By.id("token-a")).getText();
        assertThat(tokenA).isNotBlank();
        assertThat(browser.findElement(By.id("our-versions-url")).getText()).isEqualTo(versionsUrl());
        assertThat(text("main")).contains("Send this to the CPO", "shown only this once", "invited");
        assertAccessible();
        screenshot("invitation");

        // reloading does not show it again
        String invitationPage = browser.getCurrentUrl();
        browser.navigate().refresh();
        awaitPath(invitationPage.substring(invitationPage.indexOf("/console")));
        assertThat(browser.findElements(By.id("token-a"))).isEmpty();
        assertThat(text("main")).contains("Token A is no longer shown").doesNotContain(tokenA);
        assertAccessible();

        // what the page said to send is what the CPO needs
        cpo.registerWith(versionsUrl(), tokenA);
        browser.get(url("/console/connections"));
        String row = browser.findElement(By.cssSelector("table.connections tbody tr")).getText();
        assertThat(row).contains("Invited CPO", "NL/SIM", "active");
    }

    @Test
    void aViewerSeesConnectionsWithoutActionsAndMayNotPost() {
        account("view-conn", OperatorRole.VIEWER);
        String connectionId = registerWithSimulator();

        signIn("view-conn", PASSWORD);
        browser.get(url("/console/connections"));
        assertThat(browser.findElement(By.cssSelector("table.connections tbody tr")).getText())
                .contains("Simulated CPO", "active");
        assertThat(browser.findElements(By.cssSelector("main form"))).isEmpty();
        assertAccessible();

        browser.get(url("/console/connections/" + connectionId));
        assertThat(text("main")).contains("Simulated CPO", "NL/SIM");
        assertThat(browser.findElements(By.cssSelector("main form"))).isEmpty();
        assertThat(browser.findElements(By.linkText("Unregister…"))).isEmpty();

        for (String path : new String[] {"/console/connections/register", "/console/connections/invitations",
                "/console/connections/" + connectionId + "/sync", "/console/connections/" + connectionId + "/rotate",
                "/console/connections/" + connectionId + "/unregister", "/console/connections/hubs/connect"}) {
            assertThat(postWithSessionAndCsrf(path)).as(path).isEqualTo(403);
        }
        assertThat(api("GET", "/ocpi/connections/" + connectionId).send().json().get("status").asString())
                .isEqualTo("active");
    }

    @Test
    void anOperatorConnectsAHubAndSeesItsParties() {
        account("op-hub", OperatorRole.OPERATOR);
        signIn("op-hub", PASSWORD);
        browser.get(url("/console/connections"));
        // hubject is built in but not configured: the missing keys are named, no Connect button
        String hubject = hubRow("hubject");
        assertThat(hubject).contains("not connected", "rollyy.hubs.hubject.versions-url");
        assertThat(browser.findElements(By.xpath("//button[normalize-space()='Connect hubject']"))).isEmpty();

        click("Connect testhub");
        awaitPathStartsWith("/console/connections/");
        assertThat(status()).contains("Connected to hub testhub");
        assertThat(HUB.registered()).isTrue();
        assertThat(text("section[aria-labelledby=summary-heading]")).contains("DE/HUB", "testhub");

        HUB.pushClientInfo(HubSimulator.party("NL", "CP1"), "CONNECTED", Instant.parse("2026-01-01T10:00:00Z"));
        browser.get(url("/console/connections"));
        assertThat(hubRow("testhub")).contains("active", "NL/CP1", "CPO", "CONNECTED", "2026-01-01T10:00:00Z");
        assertThat(browser.findElements(By.xpath("//button[normalize-space()='Connect testhub']"))).isEmpty();
        assertAccessible();
    }

    // ---- helpers ----

    private void fillRegistration(String name, String versionsUrl, String token) {
        for (String[] field : new String[][] {{"cpo_name", name}, {"versions_url", versionsUrl}, {"token", token}}) {
            WebElement input = browser.findElement(By.id(field[0]));
            input.clear();
            input.sendKeys(field[1]);
        }
    }

    private void click(String buttonText) {
        String before = browser.getCurrentUrl();
        WebElement button = browser.findElement(By.xpath("//main//button[normalize-space()='" + buttonText + "']"));
        button.click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
            try {
                button.isDisplayed();
                return false;
            } catch (org.openqa.selenium.WebDriverException gone) {
                // the page was replaced; Chromium sometimes says so as "Node with given id does not
                // belong to the document" (an unknown error) instead of a stale element
                if (!(gone instanceof org.openqa.selenium.StaleElementReferenceException)
                        && !String.valueOf(gone.getMessage()).contains("does not belong to the document")) {
                    throw gone;
                }
                return "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState"));
            }
        });
        assertThat(before).isNotNull();
    }

    private String hubRow(String hub) {
        return browser.findElement(By.xpath("//table[contains(@class,'hubs')]/tbody/tr[th[normalize-space()='"
                + hub + "']]")).getText();
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private String status() {
        return text(".flash [role=status]");
    }

    private String problem() {
        return text(".flash [role=alert]");
    }

    private void awaitStatus(String start) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElements(
                By.cssSelector(".flash [role=status]")).isEmpty());
        assertThat(status()).startsWith(start);
    }

    private void awaitProblem() {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElements(
                By.cssSelector(".flash [role=alert]")).isEmpty());
    }

    private void awaitPath(String path) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().equals(url(path)));
    }

    private void awaitPathStartsWith(String prefix) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().startsWith(url(prefix))
                && !d.getCurrentUrl().equals(url(prefix)));
    }

    /** A POST from the page itself, with the session cookie and the CSRF token of its sign-out form. */
    private long postWithSessionAndCsrf(String path) {
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const token = document.querySelector('.signout input[name=_csrf]').value;
                fetch(arguments[0], {method: 'POST', redirect: 'manual',
                    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
                    body: '_csrf=' + encodeURIComponent(token) + '&module=locations&hub=testhub'})
                    .then(r => done(r.status), e => done(-1));
                """, path);
        return ((Number) status).longValue();
    }
}
