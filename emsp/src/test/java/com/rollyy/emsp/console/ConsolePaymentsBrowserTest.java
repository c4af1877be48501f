package com.rollyy.emsp.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.emsp.ocpi.ObjectKey;
import com.rollyy.emsp.payments.PaymentOrder;
import com.rollyy.emsp.payments.PaymentService;
import com.rollyy.emsp.support.TestHttp;

/**
 * The Payments and Reconciliation pages in Chromium: an operator releases a held payment and
 * refunds part of a charge, each after a confirmation that states the amount; the CDR whose price
 * differs is listed with its per-dimension deltas; a viewer sees everything but may not act.
 */
class ConsolePaymentsBrowserTest extends BrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    PaymentService payments;

    @Test
    void anOperatorReleasesAHeldPaymentRefundsPartOfAChargeAndSeesTheDiscrepancy() throws Exception {
        account("op-pay", OperatorRole.OPERATOR);
        String cdrId = cdrWhoseEnergyCostDiffers();
        JsonNode held = api("GET", "/v1/payments?cdr_id=" + cdrId).send().json().get(0);
        assertThat(held.get("status").asString()).isEqualTo("HELD");
        String heldId = held.get("id").asString();
        String amount = held.get("amount_charged").decimalValue().toPlainString();
        long chargesBefore = STRIPE.paymentIntentsCreated();

        signIn("op-pay", PASSWORD);
        browser.findElement(By.linkText("Payments")).click();
        new Select(browser.findElement(By.id("status"))).selectByValue("HELD");
        browser.findElement(By.cssSelector("form.filters button")).click();
        awaitUrlContains("status=HELD");
        List<String> rows = rowTexts();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).contains("HELD", amount + " EUR", "second CDR", cdrId);
        assertAccessible();
        screenshot("payments");

        browser.findElement(By.partialLinkText("Release…")).click();
        String confirmation = shown(By.cssSelector(".confirm")).getText();
        assertThat(confirmation).contains("will charge " + amount + " EUR");
        assertThat(STRIPE.paymentIntentsCreated()).as("nothing before the confirmation").isEqualTo(chargesBefore);
        assertAccessible();
        screenshot("payment-release");
        browser.findElement(By.cssSelector(".confirm button[type=submit]")).click();
        awaitUrlEnds("/console/payments/" + heldId);
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText())
                .contains("Released: " + amount + " EUR is being charged");
        // the status region follows the payment (htmx) until it is final
        new org.openqa.selenium.support.ui.WebDriverWait(browser, WAIT).until(d ->
                d.findElement(By.id("payment-status")).getText().contains("SUCCEEDED"));
        assertThat(STRIPE.paymentIntentsCreated()).isEqualTo(chargesBefore + 1);
        assertThat(STRIPE.paymentIntents()).anySatisfy(pi -> assertThat(pi.get("metadata").toString())
                .contains(heldId));
        assertAccessible();

        // refund part of it: the amount is confirmed before anything is sent
        browser.navigate().refresh();
        WebElement field = browser.findElement(By.id("amount"));
        field.clear();
        field.sendKeys("1.25");
        browser.findElement(By.cssSelector("form.refund button")).click();
        assertThat(shown(By.cssSelector(".confirm")).getText())
                .contains("Stripe will refund 1.25 EUR");
        assertThat(STRIPE.refundsCreated()).isZero();
        assertAccessible();
        browser.findElement(By.cssSelector(".confirm button[type=submit]")).click();
        awaitUrlEnds("/console/payments/" + heldId);
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).contains("Refunded 1.25 EUR");
        assertThat(browser.findElement(By.id("payment-status")).getText()).contains("Refunded", "1.25 EUR");
        assertThat(browser.findElement(By.cssSelector("section[aria-labelledby=refunds-heading]")).getText())
                .contains("1.25 EUR", "SUCCEEDED", "op-pay", "re_");
        assertThat(STRIPE.refundsCreated()).isEqualTo(1);
        assertThat(STRIPE.requests("POST", "/v1/refunds").get(0).form()).containsEntry("amount", "125");

        // more than is left is refused, naming the field, and nothing can be confirmed
        String tooMuch = new BigDecimal(amount).toPlainString();
        field = browser.findElement(By.id("amount"));
        field.clear();
        field.sendKeys(tooMuch);
        browser.findElement(By.cssSelector("form.refund button")).click();
        assertThat(shown(By.id("amount-problem")).getText())
                .startsWith("Amount:").contains("more than the refundable");
        assertThat(browser.findElement(By.id("amount")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.findElements(By.cssSelector(".confirm"))).isEmpty();
        assertAccessible();
        assertThat(STRIPE.refundsCreated()).isEqualTo(1);

        // the reconciliation lists the CDR with its per-dimension deltas, and shows it next to the tariff
        browser.findElement(By.linkText("Reconciliation")).click();
        List<String> discrepancies = rowTexts();
        assertThat(discrepancies).singleElement().satisfies(row ->
                assertThat(row).contains(cdrId, "+2.00", "dimension_discrepancy"));
        WebElement row = browser.findElement(By.cssSelector("main tbody tr"));
        List<String> cells = row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        // Δ total, Δ energy, Δ time, Δ parking, Δ fixed, Δ reservation
        assertThat(cells.subList(4, 6)).containsExactly("+2.00", "+2.00");
        assertThat(cells.get(6)).isIn("0.00", "—");
        assertAccessible();
        screenshot("reconciliation");
        row.findElement(By.tagName("a")).click();
        String side = shown(By.cssSelector("table.side-by-side")).getText();
        assertThat(side).contains("energy", "total_energy_cost", "differs", "2.00");
        assertThat(browser.findElement(By.cssSelector("section[aria-labelledby=tariff-heading]")).getText())
                .contains("ENERGY");
        assertAccessible();

        // the overview counts it and links to it
        browser.findElement(By.linkText("Overview")).click();
        WebElement open = browser.findElement(By.cssSelector("section[aria-labelledby=discrepancies-heading]"));
        assertThat(open.getText()).contains("1 CDR differs from our price", cdrId);
        open.findElement(By.partialLinkText("differs")).click();
        assertThat(shown(By.tagName("h1")).getText()).isEqualTo("Reconciliation");

        // the operator looked into it: a review needs a note, then it leaves the open list
        browser.findElement(By.cssSelector("main tbody tr a")).click();
        shown(By.id("note"));
        assertThat(browser.findElement(By.cssSelector("section[aria-labelledby=review-heading]")).getText())
                .contains("Open: nobody reviewed");
        assertAccessible();
        // the server wants a note even when the browser's own check is bypassed
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('note').removeAttribute('required')");
        browser.findElement(By.cssSelector("form.review button")).click();
        assertThat(shown(By.cssSelector("[role=alert]")).getText()).startsWith("Note:");
        browser.findElement(By.id("note")).sendKeys("CPO confirmed its energy price rose on the 1st");
        browser.findElement(By.cssSelector("form.review button")).click();
        assertThat(shown(By.cssSelector("[role=status]")).getText()).contains("Marked reviewed");
        assertThat(browser.findElement(By.cssSelector("section[aria-labelledby=review-heading]")).getText())
                .contains("Reviewed by op-pay", "CPO confirmed its energy price rose on the 1st");
        assertThat(browser.findElements(By.cssSelector("form.review"))).as("reviewed once").isEmpty();
        browser.get(url("/console/reconciliation"));
        assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain(cdrId).contains("Reviewed (1)");
        browser.findElement(By.partialLinkText("Reviewed (")).click();
        assertThat(shown(By.cssSelector("main tbody")).getText()).contains(cdrId);
        browser.get(url("/console"));
        assertThat(browser.findElement(By.cssSelector("section[aria-labelledby=discrepancies-heading]")).getText())
                .contains("0 CDRs differ from our price").doesNotContain(cdrId);

        // the audit log has both actions with their amounts
        browser.get(url("/console/audit"));
        List<String> audit = rowTexts().stream().filter(t -> t.contains("op-pay")).toList();
        assertThat(audit).anySatisfy(t -> assertThat(t).contains("refund", "\"amount\": \"1.25\"", "EUR", heldId));
        assertThat(audit).anySatisfy(t -> assertThat(t).contains("release", "\"amount\": \"" + amount + "\"", heldId));
        assertThat(audit).anySatisfy(t -> assertThat(t).contains("review", cdrId, "CPO confirmed"));
    }

    @Test
    void aViewerSeesPaymentsAndReconciliationWithoutActionsAndMayNotPost() {
        account("view-pay", OperatorRole.VIEWER);
        payments.queue(new PaymentOrder(new ObjectKey("NL", "SIM", "VIEW-1"), null, new BigDecimal("4.20"), "EUR",
                null, "JOB-V", false, null, true, "looked at by nobody", true));
        String id = payments.forCdr(new ObjectKey("NL", "SIM", "VIEW-1")).orElseThrow().id().toString();

        signIn("view-pay", PASSWORD);
        browser.get(url("/console/payments"));
        assertThat(rowTexts()).singleElement().satisfies(r -> assertThat(r).contains("HELD", "4.20 EUR"));
        assertThat(browser.findElements(By.partialLinkText("Release"))).isEmpty();
        assertAccessible();
        browser.get(url("/console/payments/" + id + "/release"));
        assertThat(shown(By.cssSelector(".confirm")).getText()).contains("4.20 EUR");
        assertThat(browser.findElements(By.cssSelector("main form[method=post]"))).isEmpty();
        browser.get(url("/console/payments/" + id));
        assertThat(browser.findElements(By.cssSelector("main form"))).isEmpty();
        browser.get(url("/console/reconciliation"));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("No open discrepancy");
        assertAccessible();

        assertThat(postWithSessionAndCsrf("/console/payments/" + id + "/release")).isEqualTo(403);
        assertThat(postWithSessionAndCsrf("/console/payments/" + id + "/refund")).isEqualTo(403);
        assertThat(postWithSessionAndCsrf("/console/reconciliation/NL/SIM/VIEW-1/review")).isEqualTo(403);
        assertThat(payments.find(java.util.UUID.fromString(id)).orElseThrow().status().name()).isEqualTo("HELD");
    }

    @Test
    void theListIsFilteredAndPagedByHundred() {
        account("op-pager", OperatorRole.OPERATOR);
        for (int i = 0; i < 101; i++) {
            payments.queue(new PaymentOrder(new ObjectKey("NL", "SIM", "PAGE-" + i), null, new BigDecimal("1.00"),
                    "EUR", null, i == 0 ? "JOB-FIRST" : "JOB-P", false, null, false, null, true));
        }
        signIn("op-pager", PASSWORD);
        browser.get(url("/console/payments?status=HELD"));
        assertThat(rowTexts()).hasSize(100);
        assertThat(rowTexts().get(0)).as("newest first").contains("PAGE-100");
        browser.findElement(By.linkText("Older")).click();
        assertThat(rowTexts()).singleElement().satisfies(r -> assertThat(r).contains("PAGE-0"));
        browser.get(url("/console/payments?job=JOB-FIRST"));
        assertThat(rowTexts()).singleElement().satisfies(r -> assertThat(r).contains("PAGE-0"));
        browser.get(url("/console/payments?status=PAID"));
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText()).startsWith("Status:");

        // the payments of one CPO connection, chosen by its name
        String connection = registerWithSimulator();
        for (String cdr : List.of("CONN-1", "CONN-2")) {
            payments.queue(new PaymentOrder(new ObjectKey("NL", "SIM", cdr), java.util.UUID.fromString(connection),
                    new BigDecimal("2.00"), "EUR", null, "JOB-C", false, null, false, null, true));
        }
        browser.get(url("/console/payments"));
        new Select(browser.findElement(By.id("connection"))).selectByVisibleText("Simulated CPO (NL/SIM)");
        browser.findElement(By.cssSelector("form.filters button")).click();
        awaitUrlContains("connection=" + connection);
        assertThat(rowTexts()).hasSize(2);
        assertThat(rowTexts().get(0)).contains("CONN-2");
        assertThat(rowTexts().get(1)).contains("CONN-1");
        assertThat(new Select(browser.findElement(By.id("connection"))).getFirstSelectedOption().getText())
                .as("the choice is kept").isEqualTo("Simulated CPO (NL/SIM)");
        assertAccessible();
        browser.get(url("/console/payments?connection=not-a-connection"));
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText()).startsWith("Connection:");
    }

    /**
     * A robot job charged at the simulator (its CDR agrees with the tariff and is paid), then a
     * second CDR for the same session whose energy cost is 2.00 higher: held for review, and
     * recorded as differing in the energy dimension. Returns the second CDR's id.
     */
    private String cdrWhoseEnergyCostDiffers() {
        String connection = registerWithSimulator();
        assertThat(api("POST", "/ocpi/2.2.1/locations/sync/" + connection).send().status()).isEqualTo(200);
        assertThat(api("POST", "/ocpi/2.2.1/tariffs/sync/" + connection).send().status()).isEqualTo(200);
        JsonNode asset = api("GET", "/v1/charging-assets?limit=1").send().json().get(0);
        var created = api("POST", "/v1/robot-jobs").json("""
                {"robot_id":"robot-1","job_type":"charging","vehicle_id":"EV-1"}""").send();
        String jobId = created.json().get("rollyy_id").asString();
        assertThat(api("POST", "/ocpi/2.2.1/commands/START_SESSION").json("""
                {"robot_job_id":"%s","location_id":"%s","evse_uid":"%s"}""".formatted(jobId,
                asset.get("location").get("id").asString(), asset.get("evse_uid").asString())).send().status())
                .isEqualTo(200);
        await().atMost(WAIT).until(() -> "active".equals(session(jobId).path("status").asString()));
        String ocpiId = session(jobId).get("ocpi_session_id").asString();
        cpo.advanceSession(ocpiId, new BigDecimal("10"), Duration.ofMinutes(40));
        assertThat(api("POST", "/ocpi/2.2.1/commands/STOP_SESSION")
                .json("{\"ocpi_session_id\":\"" + ocpiId + "\"}").send().status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> STRIPE.paymentIntentsCreated() == 1);

        var first = cpo.cdrs().get(0);
        ObjectNode second = (ObjectNode) TestHttp.parse(first.json());
        String secondId = first.id() + "-BIS";
        second.put("id", secondId);
        for (String field : List.of("total_energy_cost", "total_cost")) {
            ObjectNode cost = (ObjectNode) second.get(field);
            cost.put("excl_vat", cost.get("excl_vat").decimalValue().add(new BigDecimal("2.00")));
            if (cost.has("incl_vat")) {
                cost.put("incl_vat", cost.get("incl_vat").decimalValue().add(new BigDecimal("2.42")));
            }
        }
        try {
            assertThat(cpo.pushJson("POST", "cdrs", "", second.toString()).status()).isEqualTo(201);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return secondId;
    }

    private JsonNode session(String jobId) {
        return api("GET", "/ocpi/2.2.1/sessions/job/" + jobId).send().json();
    }

    private List<String> rowTexts() {
        return browser.findElements(By.cssSelector("main tbody tr")).stream().map(WebElement::getText).toList();
    }

    private void awaitUrlContains(String part) {
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> d.getCurrentUrl().contains(part));
    }

    private void awaitUrlEnds(String path) {
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> d.getCurrentUrl().endsWith(path)
                        && "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /** A POST from the page itself, with the session cookie and the CSRF token of its sign-out form. */
    private long postWithSessionAndCsrf(String path) {
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const token = document.querySelector('.signout input[name=_csrf]').value;
                fetch(arguments[0], {method: 'POST', redirect: 'manual',
                    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
                    body: '_csrf=' + encodeURIComponent(token) + '&amount=1.00'}).then(r => done(r.status), e => done(-1));
                """, path);
        return ((Number) status).longValue();
    }

    /** The element once the page that shows it has loaded (a click's navigation may still be under way). */
    private static WebElement shown(By by) {
        return new org.openqa.selenium.support.ui.WebDriverWait(browser, WAIT)
                .until(org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(by));
    }
}
