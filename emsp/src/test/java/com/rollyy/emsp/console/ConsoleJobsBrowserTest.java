package com.rollyy.emsp.console;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.support.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "Robot jobs" in Chromium: search, and one job followed live from charging to its CDR, price,
 * payment (fake Stripe) and webhook deliveries (fake robot backend), against the CPO simulator.
 */
class ConsoleJobsBrowserTest extends BrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private JsonNode asset;

    @org.springframework.beans.factory.annotation.Autowired
    private ConsoleJobStreams streams;

    @Test
    void anOperatorFollowsAChargingJobLiveUntilItIsPaid() throws Exception {
        account("op-jobs", OperatorRole.OPERATOR);
        connect();
        newJob("robot-elsewhere");
        String jobId = newJob("robot-console-7");
        var started = start(jobId);
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        await().atMost(WAIT).until(() -> "charging".equals(job(jobId).path("status").asString()));
        String ocpiSessionId = sessionOf(jobId).get("ocpi_session_id").asString();

        signIn("op-jobs", PASSWORD);
        browser.findElement(By.linkText("Robot jobs")).click();
        awaitLeaving("/console");
        assertThat(rows()).hasSize(2);

        // search by the start of a robot id: only that robot's job
        browser.findElement(By.id("robot_id")).sendKeys("robot-cons");
        browser.findElement(By.cssSelector("form.job-search button")).click();
        awaitLeaving("/console/jobs");
        assertThat(rows()).singleElement().asString().contains(jobId, "robot-console-7", "charging");
        // LIKE's wildcards are plain characters here
        browser.get(url("/console/jobs?robot_id=robot%25"));
        assertThat(text("main")).contains("No robot job matches.");
        // and by status
        browser.get(url("/console/jobs"));
        new Select(browser.findElement(By.id("status"))).selectByVisibleText("queued");
        browser.findElement(By.cssSelector("form.job-search button")).click();
        awaitLeaving("/console/jobs");
        assertThat(rows()).singleElement().asString().contains("robot-elsewhere");

        browser.get(url("/console/jobs?robot_id=robot-console-7"));
        browser.findElement(By.partialLinkText(jobId)).click();
        awaitLeaving("/console/jobs?robot_id=robot-console-7");
        assertThat(browser.getCurrentUrl()).endsWith("/console/jobs/" + jobId);
        assertThat(text("#live-state")).contains("Status charging", "energy 0 kWh", "following live");
        assertThat(text("main")).contains("START_SESSION", ocpiSessionId);
        // a mark on this document: still there later means the page was never reloaded
        js("window.notReloaded = true;");
        int dotsBefore = browser.findElements(By.cssSelector("svg.energy-chart circle")).size();

        cpo.advanceSession(ocpiSessionId, new BigDecimal("7.5"), Duration.ofMinutes(30));

        awaitText("#live-state", "energy 7.5 kWh", WAIT);
        assertThat(browser.findElements(By.cssSelector("svg.energy-chart circle"))).hasSizeGreaterThan(dotsBefore);
        assertThat(browser.findElement(By.cssSelector("svg.energy-chart circle title")).getAttribute("textContent"))
                .contains("kWh at");
        assertThat(js("return window.notReloaded === true")).isEqualTo(true);
        assertAccessible();

        cpo.advanceSession(ocpiSessionId, new BigDecimal("4.5"), Duration.ofMinutes(20));
        // the robot backend refuses the next delivery once: the page shows both attempts of that event
        robotBackend.refuseNext(1);
        var stopped = api("POST", "/ocpi/2.2.1/commands/STOP_SESSION")
                .json("{\"ocpi_session_id\":\"" + ocpiSessionId + "\"}").send();
        assertThat(stopped.status()).isEqualTo(200);

        // without a reload the page shows the end: STOP, CDR, price, payment, every webhook delivered
        awaitText("#live-state", "no further changes", Duration.ofSeconds(40));
        assertThat(js("return window.notReloaded === true")).isEqualTo(true);
        String main = text("main");
        var cdr = cpo.cdrs().get(0);
        assertThat(main).contains("Status completed", "energy 12 kWh", "STOP_SESSION", cdr.id(),
                "Price breakdown", "within tolerance", "ENERGY");
        String payment = text("section[aria-labelledby=payments-heading]");
        String stripeId = STRIPE.paymentIntents().get(0).get("id").toString();
        assertThat(payment).contains("CHARGE", "SUCCEEDED", stripeId,
                cdr.totalCostInclVat().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString() + " EUR");
        String webhooks = text("section[aria-labelledby=webhooks-heading]");
        assertThat(webhooks).contains("session.started", "session.stopped", "session.completed", "cdr.priced",
                "payment.succeeded");
        var deliveries = browser.findElements(By.cssSelector("section[aria-labelledby=webhooks-heading] tbody tr"));
        assertThat(deliveries).hasSize(5).allSatisfy(r -> assertThat(r.getText()).contains("DELIVERED"));
        assertThat(deliveries.stream().map(WebElement::getText).filter(t -> t.contains("http_5xx (HTTP 503)")).toList())
                .as("the refused delivery and its retry").singleElement().asString().contains(": delivered");
        // the stream ended with the job: no stream left open
        await().atMost(WAIT).until(() -> streams.open() == 0);
        assertAccessible();
        // the whole page, chart and tables included
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 3400));
        screenshot("job");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));

        // a stream opened on a finished job says so and ends (its async completion passes the security chain)
        String cookie = "JSESSIONID=" + browser.manage().getCookieNamed("JSESSIONID").getValue();
        var ended = TestHttp.request("GET", url("/console/jobs/" + jobId + "/live?since=old")).header("Cookie", cookie)
                .send();
        assertThat(ended.status()).isEqualTo(200);
        assertThat(ended.header("Content-Type")).startsWith("text/event-stream");
        assertThat(ended.body()).contains("event:changed", "event:finished");

        browser.get(url("/console/jobs?robot_id=robot-console-7"));
        assertThat(rows()).singleElement().asString().contains("completed");
        assertAccessible();
        screenshot("jobs");
    }

    @Test
    void energySamplesStayFewWhenTheCpoUpdatesOften() {
        account("op-samples", OperatorRole.OPERATOR);
        connect();
        String jobId = newJob("robot-chatty");
        assertThat(start(jobId).status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> "charging".equals(job(jobId).path("status").asString()));
        String ocpiSessionId = sessionOf(jobId).get("ocpi_session_id").asString();
        for (int i = 0; i < 20; i++) {
            cpo.advanceSession(ocpiSessionId, new BigDecimal("0.5"), Duration.ofMinutes(1));
        }
        await().atMost(WAIT).until(() -> sessionOf(jobId).get("energy_kwh").decimalValue()
                .compareTo(BigDecimal.TEN) == 0);

        signIn("op-samples", PASSWORD);
        browser.get(url("/console/jobs/" + jobId));
        browser.findElement(By.cssSelector("figure.energy summary")).click();
        var samples = browser.findElements(By.cssSelector("table.samples tbody tr")).stream()
                .map(WebElement::getText).toList();
        // within 30 s of each other, updates replace the latest sample; the first one stays
        assertThat(samples).hasSizeBetween(2, 3);
        assertThat(samples.get(0)).endsWith(" 0");
        assertThat(samples.get(samples.size() - 1)).endsWith(" 10.0");
        assertThat(browser.findElements(By.cssSelector("svg.energy-chart circle"))).hasSize(samples.size());
    }

    @Test
    void aViewerSeesJobsButNoActionAndBadSearchesAreNamed() {
        account("view-jobs", OperatorRole.VIEWER);
        String jobId = newJob("robot-viewed");
        signIn("view-jobs", PASSWORD);

        browser.get(url("/console/jobs"));
        assertThat(rows()).singleElement().asString().contains("robot-viewed", "queued");
        browser.findElement(By.partialLinkText(jobId)).click();
        awaitLeaving("/console/jobs");
        assertThat(text("h1")).contains(jobId);
        assertThat(text("main")).contains("robot-viewed", "No charging session yet", "No payment yet");
        // a queued job may still start: a viewer follows it live too
        assertThat(browser.findElements(By.cssSelector("[sse-connect]"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("main form[method=post]"))).isEmpty();
        assertAccessible();
        assertThat(postWithSessionAndCsrf("/console/jobs")).as("a viewer's POST").isEqualTo(403);

        browser.get(url("/console/jobs?job_id=not-a-uuid"));
        assertThat(text("[role=alert]")).contains("Job id");
        browser.get(url("/console/jobs?status=sleeping"));
        assertThat(text("[role=alert]")).contains("Status", "charging");
        browser.get(url("/console/jobs/" + java.util.UUID.randomUUID()));
        assertThat(browser.getCurrentUrl()).endsWith("/console/jobs");
        assertThat(text("[role=alert]")).contains("No robot job");
        browser.get(url("/console/jobs?job_id=" + jobId));
        assertThat(rows()).singleElement().asString().contains("robot-viewed");
    }

    @Test
    void theLiveStreamWantsASignedInConsoleUser() {
        String jobId = newJob("robot-streamed");
        var signedOut = TestHttp.request("GET", url("/console/jobs/" + jobId + "/live")).send();
        assertThat(signedOut.status()).isEqualTo(302);
        assertThat(signedOut.header("Location")).endsWith("/console/login");
    }

    @Test
    void theNumberOfOpenStreamsIsBounded() throws Exception {
        account("op-streams", OperatorRole.OPERATOR);
        String jobId = newJob("robot-popular");
        signIn("op-streams", PASSWORD);
        String cookie = "JSESSIONID=" + browser.manage().getCookieNamed("JSESSIONID").getValue();
        var http = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/console/jobs/" + jobId + "/live")))
                .header("Cookie", cookie).build();
        var open = new java.util.ArrayList<java.io.InputStream>();
        try {
            await().atMost(WAIT).until(() -> streams.open() == 0);
            for (int i = 0; i < ConsoleJobStreams.MAX_STREAMS; i++) {
                var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
                assertThat(response.statusCode()).isEqualTo(200);
                open.add(response.body());
            }
            var refused = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("30");
        } finally {
            for (var body : open) {
                body.close();
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private List<String> rows() {
        return browser.findElements(By.cssSelector("main table.jobs tbody tr")).stream().map(WebElement::getText).toList();
    }

    /** Until the element shows the text (it is swapped while we look: a stale element is looked up again). */
    private void awaitText(String css, String expected, Duration timeout) {
        new WebDriverWait(browser, timeout).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> text(css).contains(expected));
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private void connect() {
        String connectionId = registerWithSimulator();
        assertThat(api("POST", "/ocpi/2.2.1/locations/sync/" + connectionId).send().status()).isEqualTo(200);
        assertThat(api("POST", "/ocpi/2.2.1/tariffs/sync/" + connectionId).send().status()).isEqualTo(200);
        asset = api("GET", "/v1/charging-assets?limit=1").send().json().get(0);
    }

    private String newJob(String robotId) {
        var created = api("POST", "/v1/robot-jobs").json("""
                {"robot_id":"%s","job_type":"charging","vehicle_id":"EV-1"}""".formatted(robotId)).send();
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("rollyy_id").asString();
    }

    private TestHttp.Response start(String jobId) {
        return api("POST", "/ocpi/2.2.1/commands/START_SESSION").json("""
                {"robot_job_id":"%s","location_id":"%s","evse_uid":"%s"}""".formatted(jobId,
                asset.get("location").get("id").asString(), asset.get("evse_uid").asString())).send();
    }

    private JsonNode job(String jobId) {
        return api("GET", "/v1/robot-jobs/" + jobId).send().json();
    }

    private JsonNode sessionOf(String jobId) {
        return api("GET", "/ocpi/2.2.1/sessions/job/" + jobId).send().json();
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
