package com.rollyy.emsp.console;


import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

import com.rollyy.emsp.support.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's foundation in Chromium: sign-in, the overview, roles, headers, audit, accessibility. */
class ConsoleBrowserTest extends BrowserTest {

    @Test
    void anOperatorSignsInAndSeesTheRegisteredConnectionOnTheOverview() throws Exception {
        account("op-ada", OperatorRole.OPERATOR);
        String connection = registerWithSimulator();
        assertThat(api("POST", "/ocpi/2.2.1/locations/sync/" + connection).send().status()).isEqualTo(200);

        browser.get(url("/console/login"));
        assertAccessible();
        screenshot("sign-in");

        signIn("op-ada", PASSWORD);

        assertThat(browser.getCurrentUrl()).endsWith("/console");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Overview");
        String connections = browser.findElement(By.cssSelector("section[aria-labelledby=connections-heading]")).getText();
        assertThat(connections).contains("Simulated CPO", "NL/SIM", "active", "2.2.1", "locations", "closed");
        // its health, as GET /ocpi/connections/{id} shows it: calls of the last hour, errors, last pulls
        assertThat(connections).contains("0.0 %").containsPattern("locations: 20\\d\\d-\\d\\d-\\d\\dT");
        assertThat(browser.findElement(By.cssSelector(".signout")).getText()).contains("op-ada (operator)");
        // the nav links only pages that exist: each answers 200 to the signed-in operator
        var links = browser.findElements(By.cssSelector("header nav a")).stream().map(a -> a.getAttribute("href")).toList();
        assertThat(links).hasSizeGreaterThanOrEqualTo(2);
        for (String link : links) {
            assertThat(getWithSession(link)).as(link).isEqualTo(200);
        }
        // htmx and its SSE extension come from the service's own WebJars, allowed by script-src 'self'
        assertThat(((JavascriptExecutor) browser).executeScript("return typeof htmx")).isEqualTo("object");
        assertAccessible();
        screenshot("overview");
    }

    @Test
    void theOverviewListsJobsThatFailedTodayWithTheirReasonButNotYesterdays() {
        account("op-fail", OperatorRole.OPERATOR);
        // rows as the robot cycle leaves them: one failed an hour ago (or at midnight), one yesterday
        jdbc.sql("""
                insert into robot_job (id, robot_id, job_type, status, failure_reason, created_at, updated_at) values
                (gen_random_uuid(), 'robot-failed-today', 'charge', 'failed', 'start_timeout: no session within 120 s',
                 now() - interval '2 hours', greatest(now() - interval '1 hour', date_trunc('day', now() at time zone 'UTC') at time zone 'UTC')),
                (gen_random_uuid(), 'robot-failed-yesterday', 'charge', 'failed', 'cpo_rejected',
                 now() - interval '2 days', date_trunc('day', now() at time zone 'UTC') at time zone 'UTC' - interval '1 minute')""").update();

        signIn("op-fail", PASSWORD);

        String failed = browser.findElement(By.cssSelector("section[aria-labelledby=failed-heading]")).getText();
        assertThat(failed).contains("robot-failed-today", "start_timeout: no session within 120 s")
                .doesNotContain("robot-failed-yesterday");
    }

    @Test
    void aWrongPasswordIsRefused() {
        account("op-bob", OperatorRole.OPERATOR);

        signIn("op-bob", "not-the-password");

        assertThat(browser.getCurrentUrl()).contains("/console/login?error");
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText()).contains("Wrong username or password");
        browser.get(url("/console"));
        assertThat(browser.getCurrentUrl()).endsWith("/console/login");
    }

    @Test
    void signInWorksByKeyboardAlone() {
        account("op-kim", OperatorRole.OPERATOR);
        browser.get(url("/console/login"));
        // the username field has focus on arrival (autofocus); Tab moves to the password, Enter submits
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(5))
                .until(d -> "username".equals(d.switchTo().activeElement().getAttribute("id")));
        new Actions(browser).sendKeys("op-kim").sendKeys(Keys.TAB).sendKeys(PASSWORD).sendKeys(Keys.ENTER).perform();
        awaitLeaving("/console/login");

        assertThat(browser.getCurrentUrl()).endsWith("/console");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Overview");
    }

    @Test
    void aViewerSeesTheOverviewButMayNotPost() {
        account("view-vic", OperatorRole.VIEWER);
        account("op-oda", OperatorRole.OPERATOR);

        signIn("view-vic", PASSWORD);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Overview");
        assertThat(browser.findElement(By.cssSelector(".signout")).getText()).contains("view-vic (viewer)");

        assertThat(postWithSessionAndCsrf("/console/audit")).as("a viewer's POST").isEqualTo(403);

        signOut();
        signIn("op-oda", PASSWORD);
        // an operator passes the role check (there is no POST handler there yet: 405, not 403)
        assertThat(postWithSessionAndCsrf("/console/audit")).as("an operator's POST").isNotEqualTo(403);
    }

    @Test
    void theAuditLogListsSignInAndSignOutNewestFirst() {
        account("op-aud", OperatorRole.OPERATOR);
        signIn("op-aud", PASSWORD);
        signOut();
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).contains("signed out");
        signIn("op-aud", PASSWORD);

        browser.get(url("/console/audit"));

        var rows = browser.findElements(By.cssSelector("main tbody tr")).stream()
                .map(r -> r.getText()).filter(t -> t.contains("op-aud")).toList();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(3);
        assertThat(rows.get(0)).contains("sign-in");
        assertThat(rows.get(1)).contains("sign-out");
        assertThat(rows.get(2)).contains("sign-in");
    }

    @Test
    void consoleResponsesCarryStrictSecurityHeadersAndTheProductApiIsUnaffected() {
        var login = TestHttp.request("GET", url("/console/login")).send();
        assertThat(login.status()).isEqualTo(200);
        String csp = login.header("Content-Security-Policy");
        assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'", "default-src 'self'")
                .doesNotContain("unsafe-inline");
        assertThat(login.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(login.header("Referrer-Policy")).isEqualTo("same-origin");
        assertThat(login.body()).contains("name=\"_csrf\"");
        assertThat(login.header("Set-Cookie")).contains("HttpOnly", "SameSite=Lax");

        // signed out: the console sends you to sign in; the product API still wants its key
        var overview = TestHttp.request("GET", url("/console")).send();
        assertThat(overview.status()).isEqualTo(302);
        assertThat(overview.header("Location")).endsWith("/console/login");
        assertThat(TestHttp.request("GET", url("/ocpi/connections")).send().status()).isEqualTo(401);
        assertThat(api("GET", "/ocpi/connections").send().status()).isEqualTo(200);
        assertThat(TestHttp.request("GET", url("/v3/api-docs")).send().body()).doesNotContain("/console");
        assertThat(TestHttp.request("GET", url("/webjars/htmx.org/dist/htmx.min.js")).send().status()).isEqualTo(200);
        assertThat(TestHttp.request("GET", url("/webjars/htmx-ext-sse/sse.js")).send().status()).isEqualTo(200);
    }

    private void signOut() {
        browser.findElement(By.cssSelector(".signout button")).click();
        awaitLeaving("/console");
    }

    /** A GET from the page itself, with the session cookie, not following redirects. */
    private long getWithSession(String path) {
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {redirect: 'manual'}).then(r => done(r.status), e => done(-1));
                """, path);
        return ((Number) status).longValue();
    }

    /** A POST from the page itself, with the session cookie and the CSRF token of its sign-out form. */
    private long postWithSessionAndCsrf(String path) {
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const token = document.querySelector('.signout input[name=_csrf]').value;
                fetch(arguments[0], {method: 'POST', redirect: 'manual',
                    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
                    body: '_csrf=' + encodeURIComponent(token)}).then(r => done(r.status), e => done(-1));
                """, path);
        return ((Number) status).longValue();
    }

}
