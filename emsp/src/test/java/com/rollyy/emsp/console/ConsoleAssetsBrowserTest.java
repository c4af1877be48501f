package com.rollyy.emsp.console;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.cposim.SimulatorConfig;

import static org.assertj.core.api.Assertions.assertThat;

/** The Charging assets and Tariffs pages in Chromium: the SVG map, zoom, the table, tariffs and the estimate. */
class ConsoleAssetsBrowserTest extends BrowserTest {

    private void registerAndSync() {
        String connection = registerWithSimulator();
        var locations = api("POST", "/ocpi/2.2.1/locations/sync/" + connection).send();
        assertThat(locations.status()).as(locations.toString()).isEqualTo(200);
        var tariffs = api("POST", "/ocpi/2.2.1/tariffs/sync/" + connection).send();
        assertThat(tariffs.status()).as(tariffs.toString()).isEqualTo(200);
    }

    @Test
    void theMapShowsTheSimulatorsLocationsZoomsInAndTheTableFilters() throws Exception {
        account("op-map", OperatorRole.OPERATOR);
        registerAndSync(); // 10 Locations of 3 EVSEs each

        signIn("op-map", PASSWORD);
        browser.findElement(By.linkText("Charging assets")).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Charging assets");
        List<WebElement> points = browser.findElements(By.cssSelector("svg.map circle.pt"));
        assertThat(points).hasSize(10);
        for (WebElement point : points) {
            assertThat(point.getAttribute("class")).matches("pt status-(available|charging|reserved|blocked|"
                    + "outoforder|inoperative|planned|unknown)");
            assertThat(Double.parseDouble(point.getAttribute("cx"))).isBetween(0.0, 800.0);
            assertThat(Double.parseDouble(point.getAttribute("cy"))).isBetween(0.0, 500.0);
        }
        assertThat(browser.findElement(By.id("map-summary")).getText()).contains("10 locations shown");
        assertThat(browser.findElement(By.cssSelector("ul.legend")).getText()).contains("available", "charging");
        assertThat(rows()).hasSize(30);
        assertThat(rows().get(0)).contains("Simulated CPO NL/SIM", "kW");
        assertAccessible();
        screenshot("assets");

        // zoom in by keyboard: the link takes focus and Enter follows it; the view is half as wide
        String before = browser.findElement(By.cssSelector("svg.map")).getAttribute("data-bbox");
        WebElement zoomIn = browser.findElement(By.linkText("Zoom in"));
        zoomIn.sendKeys(Keys.ENTER);
        awaitUrl("bbox=");
        String after = browser.findElement(By.cssSelector("svg.map")).getAttribute("data-bbox");
        assertThat(after).isNotEqualTo(before);
        assertThat(span(after)).isCloseTo(span(before) / 2, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(browser.findElements(By.cssSelector("svg.map circle.pt")).size()).isLessThanOrEqualTo(10);
        browser.findElement(By.linkText("Show all")).click();
        awaitUrl("/console/assets");
        assertThat(browser.findElements(By.cssSelector("svg.map circle.pt"))).hasSize(10);

        // the table's filters: a status, then a country
        new Select(browser.findElement(By.id("status"))).selectByVisibleText("available");
        browser.findElement(By.cssSelector("form.filters button")).click();
        awaitUrl("status=AVAILABLE");
        assertThat(rows()).isNotEmpty().allSatisfy(r -> assertThat(r).contains("available"));
        assertThat(rows().size()).isLessThan(30);
        browser.get(url("/console/assets?country=BE"));
        assertThat(rows()).isEmpty();
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("No charging asset to show");
        browser.get(url("/console/assets?country=nl"));
        assertThat(rows()).hasSize(30);
    }

    @Test
    void badFiltersNameTheField() {
        account("op-map-bad", OperatorRole.OPERATOR);
        signIn("op-map-bad", PASSWORD);

        browser.get(url("/console/assets?country=N1&bbox=1,2,3"));
        String alert = browser.findElement(By.cssSelector("[role=alert]")).getText();
        assertThat(alert).contains("Country must be a two-letter", "Bounding box (bbox)");
        browser.get(url("/console/assets?status=SLEEPING&connection=nope"));
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText())
                .contains("Status must be one of", "Connection must be a connection id");
    }

    @Test
    void moreLocationsThanTheMapDrawsAreCountedIntoCellsThatZoomIn() {
        account("op-grid", OperatorRole.OPERATOR);
        cpo.close();
        cpo = CpoSimulator.start(SimulatorConfig.defaults().withLocationCount(700).withEvsesPerLocation(1));
        cpo.knobs().setAutoCycle(false);
        cpo.knobs().setMaxPageSize(10); // what the test service accepts per page
        registerAndSync();

        signIn("op-grid", PASSWORD);
        browser.get(url("/console/assets"));
        assertThat(browser.findElement(By.id("map-summary")).getText())
                .contains("counted into grid cells (700 locations)")
                .containsPattern("Counted at [0-2][0-9]:[0-5][0-9]:[0-5][0-9] UTC; recounted every 30 s while the map is viewed");
        assertThat(browser.findElements(By.cssSelector("svg.map circle.pt:not(.cell)"))).isEmpty();
        List<WebElement> counts = browser.findElements(By.cssSelector("svg.map text.cell-count"));
        assertThat(counts.size()).isBetween(2, 18 * 27);
        assertThat(counts.stream().mapToInt(t -> Integer.parseInt(t.getText())).sum()).isEqualTo(700);
        assertThat(rows()).hasSize(100);
        // keyset paging: the next 100 start after the last row shown, the first page is a link away
        browser.findElement(By.linkText("Next 100")).click();
        awaitLeaving("/console/assets");
        assertThat(rows()).hasSize(100);
        assertThat(browser.getCurrentUrl()).contains("after=");
        assertThat(browser.findElements(By.linkText("First 100"))).hasSize(1);
        browser.get(url("/console/assets"));
        assertAccessible();

        // a cell is a link to a view around it, where its Locations are drawn one by one
        browser.findElement(By.cssSelector("svg.map a.cell-link")).click();
        awaitUrl("bbox=");
        assertThat(browser.findElements(By.cssSelector("svg.map circle.pt")).size()).isBetween(1, 500);
        assertThat(browser.findElement(By.id("map-summary")).getText()).contains("locations shown");
    }

    @Test
    void theTariffPageShowsATariffAndTheCalculatorTheEstimateOfTheApi() throws Exception {
        account("op-tariff", OperatorRole.OPERATOR);
        registerAndSync();

        signIn("op-tariff", PASSWORD);
        browser.findElement(By.linkText("Tariffs")).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Tariffs");
        assertThat(rows()).hasSize(3);
        assertThat(rows().get(0)).contains("NL/SIM", "Simulated CPO", "EUR");
        assertAccessible();
        browser.findElement(By.cssSelector("main tbody tr a")).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("Tariff ");
        assertThat(browser.findElement(By.cssSelector("ol.tariff-elements")).getText())
                .containsPattern("(Energy|Charging time|Parking time|Flat fee): [0-9.]+ EUR");
        assertAccessible();
        screenshot("tariffs");

        // the calculator with this tariff alone, no asset
        String tariffId = browser.findElement(By.tagName("h1")).getText().substring("Tariff ".length());
        browser.findElement(By.linkText("Estimate a price with this tariff")).click();
        assertThat(browser.findElement(By.id("tariff")).getAttribute("value")).isEqualTo("NL/SIM/" + tariffId);
        browser.findElement(By.id("kwh")).sendKeys("10");
        browser.findElement(By.id("duration_minutes")).sendKeys("30");
        browser.findElement(By.cssSelector("form.estimate button")).click();
        awaitUrl("kwh=10");
        assertThat(browser.findElement(By.id("estimate")).getText()).contains(tariffId, "EUR excl. VAT",
                "No charging asset given: restrictions evaluated in UTC");
        browser.get(url("/console/tariffs/estimate?tariff=NL/SIM&kwh=10"));
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText())
                .contains("Tariff (tariff) must be country_code/party_id/id");
        browser.get(url("/console/tariffs/estimate?tariff=NL/SIM/NOPE&kwh=10"));
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText()).contains("No tariff NL/SIM/NOPE");

        // from an asset's row to the calculator, which answers what GET /ocpi/2.2.1/tariffs/estimate answers
        browser.findElement(By.linkText("Charging assets")).click();
        browser.findElement(By.cssSelector("main table.assets tbody tr a")).click();
        String assetId = browser.findElement(By.id("asset_id")).getAttribute("value");
        assertThat(assetId).matches("[0-9a-f-]{36}");
        browser.findElement(By.id("kwh")).sendKeys("20");
        browser.findElement(By.id("duration_minutes")).sendKeys("60");
        browser.findElement(By.id("start_time")).sendKeys("2026-03-02T09:00:00Z");
        browser.findElement(By.cssSelector("form.estimate button")).click();
        awaitUrl("kwh=20");
        var expected = api("GET", "/ocpi/2.2.1/tariffs/estimate?asset_id=" + assetId
                + "&kwh=20&duration_minutes=60&start_time=2026-03-02T09:00:00Z").send().json().get("estimate");
        String total = browser.findElement(By.cssSelector(".estimate-total")).getText();
        var shown = java.util.regex.Pattern.compile("([0-9.]+) EUR excl\\. VAT, ([0-9.]+) EUR incl\\. VAT").matcher(total);
        assertThat(shown.find()).as(total).isTrue();
        assertThat(new java.math.BigDecimal(shown.group(1)))
                .isEqualByComparingTo(expected.get("total_cost").get("excl_vat").decimalValue()).isPositive();
        assertThat(new java.math.BigDecimal(shown.group(2)))
                .isEqualByComparingTo(expected.get("total_cost").get("incl_vat").decimalValue());
        assertThat(browser.findElement(By.id("estimate")).getText()).contains("ENERGY");
        assertAccessible();
        screenshot("tariff-estimate");

        // bad input names the field
        browser.findElement(By.id("kwh")).clear();
        browser.findElement(By.id("kwh")).sendKeys("lots");
        browser.findElement(By.cssSelector("form.estimate button")).click();
        awaitUrl("kwh=lots");
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText())
                .contains("Energy (kwh) must be a number");
        assertThat(browser.findElements(By.id("estimate"))).isEmpty();
        browser.get(url("/console/tariffs/estimate?asset_id=not-a-uuid"));
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText())
                .contains("Charging asset id (asset_id) must be a UUID");
    }

    @Test
    void aViewerSeesAssetsAndTariffsWithoutActionFormsAndMayNotPost() {
        account("view-map", OperatorRole.VIEWER);
        registerAndSync();

        signIn("view-map", PASSWORD);
        for (String page : List.of("/console/assets", "/console/tariffs", "/console/tariffs/estimate")) {
            browser.get(url(page));
            assertThat(browser.findElements(By.cssSelector("main form[method=post]"))).as(page).isEmpty();
        }
        browser.get(url("/console/assets"));
        assertThat(browser.findElements(By.cssSelector("svg.map circle.pt"))).hasSize(10);
        assertThat(post("/console/assets")).isEqualTo(403);
        assertThat(post("/console/tariffs/estimate")).isEqualTo(403);
    }

    private static double span(String bbox) {
        String[] v = bbox.split(",");
        return Double.parseDouble(v[3]) - Double.parseDouble(v[1]);
    }

    private void awaitUrl(String part) {
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> d.getCurrentUrl().contains(part)
                        && "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    private List<String> rows() {
        return browser.findElements(By.cssSelector("main section table tbody tr, main > table tbody tr")).stream()
                .map(WebElement::getText).toList();
    }

    private long post(String path) {
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
