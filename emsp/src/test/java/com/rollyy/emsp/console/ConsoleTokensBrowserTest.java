package com.rollyy.emsp.console;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Tokens page in Chromium: search, one token and its pushes, revoke through the confirmation. */
class ConsoleTokensBrowserTest extends BrowserTest {

    private void createToken(String uid, String visualNumber) {
        var response = api("POST", "/v1/tokens").json("""
                {"uid":"%s","type":"RFID","contract_id":"NL-RYY-C%s","visual_number":"%s","fleet_id":"fleet-1"}"""
                .formatted(uid, uid, visualNumber)).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    @Test
    void anOperatorFindsATokenRevokesItAndTheCpoIsTold() throws Exception {
        account("op-tok", OperatorRole.OPERATOR);
        registerWithSimulator();
        createToken("CONS1", "Card 7");
        createToken("OTHER2", "Card 8");
        await().atMost(Duration.ofSeconds(5)).until(() -> cpo.token("NL", "RYY", "CONS1", "RFID").isPresent());

        signIn("op-tok", PASSWORD);
        browser.findElement(By.linkText("Tokens")).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Tokens");
        assertThat(rows()).hasSize(2);
        // search by the start of the visual number, any case
        browser.findElement(By.id("q")).sendKeys("card 7");
        browser.findElement(By.cssSelector("form.filters button")).click();
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.getCurrentUrl().contains("q=card"));
        assertThat(rows()).hasSize(1);
        assertThat(rows().get(0)).contains("CONS1", "RFID", "NL-RYY-CCONS1", "Card 7", "valid", "fleet-1");
        assertAccessible();
        screenshot("tokens");

        browser.findElement(By.linkText("CONS1")).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Token CONS1 (RFID)");
        assertThat(browser.findElement(By.id("token-status")).getText()).isEqualTo("valid");
        // its creation went to the simulator by PUT, and the page says so
        awaitPushes("PUT", "delivered");
        assertThat(browser.findElement(By.id("pushes")).getText()).contains("Simulated CPO (NL/SIM)");
        assertAccessible();

        browser.findElement(By.linkText("Revoke…")).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Revoke token CONS1 (RFID)?");
        assertThat(browser.findElement(By.id("revoke-what")).getText())
                .contains("valid=false", "1 connection", "Simulated CPO (NL/SIM)");
        assertAccessible();
        browser.findElement(By.cssSelector("form.confirm button")).click();
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.getCurrentUrl().contains("/console/tokens/token"));

        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText())
                .contains("Token CONS1 (RFID) revoked", "pushed to 1 connection");
        assertThat(browser.findElement(By.id("token-status")).getText()).isEqualTo("invalid");
        assertThat(browser.findElements(By.linkText("Revoke…"))).isEmpty();
        // the simulator CPO received the PATCH, and the page (polling while it is under way) shows it delivered
        await().atMost(Duration.ofSeconds(5)).until(() ->
                Boolean.FALSE.equals(cpo.token("NL", "RYY", "CONS1", "RFID").get().get("valid")));
        awaitPushes("PATCH", "delivered");
        assertAccessible();
        screenshot("token");

        browser.get(url("/console/audit"));
        String newest = browser.findElement(By.cssSelector("main tbody tr")).getText();
        assertThat(newest).contains("op-tok", "revokeToken", "/console/tokens/revoke", "CONS1", "\"pushed_to\": 1");

        // the other token is untouched
        browser.get(url("/console/tokens?status=invalid"));
        assertThat(rows()).hasSize(1);
        assertThat(rows().get(0)).contains("CONS1", "invalid");
    }

    @Test
    void aPushThatFailsShowsRetryingWithItsErrorUntilTheCpoTakesIt() {
        account("op-tok-retry", OperatorRole.OPERATOR);
        registerWithSimulator();
        createToken("RETRY1", "Card 11");
        await().atMost(Duration.ofSeconds(5)).until(() -> cpo.token("NL", "RYY", "RETRY1", "RFID").isPresent());
        cpo.tokenKnobs().setDown(true);
        assertThat(api("DELETE", "/ocpi/2.2.1/tokens/RETRY1").send().status()).isEqualTo(200);

        signIn("op-tok-retry", PASSWORD);
        browser.get(url("/console/tokens/token?uid=RETRY1&type=RFID"));
        awaitPushes("PATCH", "retrying");
        String failing = browser.findElements(By.cssSelector("#pushes tbody tr")).get(0).getText();
        assertThat(failing).contains("Simulated CPO", "PATCH", "retrying").containsPattern("retrying [1-9]\\d* \\S");

        cpo.tokenKnobs().setDown(false);
        // the page keeps polling while a push is under way and shows it delivered without a reload
        awaitPushes("PATCH", "delivered");
        assertThat(browser.findElement(By.id("pushes")).getAttribute("hx-trigger")).isNull();
    }

    @Test
    void badInputNamesTheField() {
        account("op-tok-bad", OperatorRole.OPERATOR);
        signIn("op-tok-bad", PASSWORD);

        browser.get(url("/console/tokens?page=x"));
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText()).contains("Page must be");
        browser.get(url("/console/tokens/token?uid=NOPE&type=RFID"));
        assertThat(browser.getCurrentUrl()).endsWith("/console/tokens");
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText()).contains("No token with uid 'NOPE'");
        browser.get(url("/console/tokens/token?uid=NOPE&type=BADGE"));
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText()).contains("Token type must be one of");
    }

    @Test
    void aViewerSeesTheTokenButNoRevokeAndMayNotPost() {
        account("view-tok", OperatorRole.VIEWER);
        registerWithSimulator();
        createToken("VIEW1", "Card 9");

        signIn("view-tok", PASSWORD);
        browser.get(url("/console/tokens"));
        browser.findElement(By.linkText("VIEW1")).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Token VIEW1 (RFID)");
        assertThat(browser.findElements(By.linkText("Revoke…"))).isEmpty();
        browser.get(url("/console/tokens/revoke?uid=VIEW1&type=RFID"));
        assertThat(browser.findElements(By.cssSelector("main form"))).isEmpty();
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Only operators may revoke tokens");

        assertThat(post("/console/tokens/revoke", "uid=VIEW1&type=RFID")).isEqualTo(403);
        assertThat(api("GET", "/v1/tokens/VIEW1").send().json().get("valid").asBoolean()).isTrue();
    }

    private java.util.List<String> rows() {
        return browser.findElements(By.cssSelector("main tbody tr")).stream().map(r -> r.getText()).toList();
    }

    private void awaitPushes(String method, String outcome) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("#pushes tbody tr"))
                .stream().map(r -> r.getText()).anyMatch(t -> t.contains(method) && t.contains(outcome)));
    }

    /** A POST from the page itself, with the session cookie and the CSRF token of the sign-out form. */
    private long post(String path, String body) {
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const token = document.querySelector('.signout input[name=_csrf]').value;
                fetch(arguments[0], {method: 'POST', redirect: 'manual',
                    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
                    body: arguments[1] + '&_csrf=' + encodeURIComponent(token)}).then(r => done(r.status), e => done(-1));
                """, path, body);
        return ((Number) status).longValue();
    }
}
