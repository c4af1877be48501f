package com.rollyy.emsp.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import com.rollyy.emsp.support.EmspIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Console tests in a real browser: Debian's headless Chromium driven through its chromedriver
 * (never a driver downloaded by Selenium Manager: there is no internet in CI). One browser per
 * test class, reused by its tests; the service is the shared one of {@link EmspIntegrationTest}.
 * Without Chromium the tests are skipped, except when CI=true: then they fail and say how to install it.
 */
public abstract class BrowserTest extends EmspIntegrationTest {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));
    static final String PASSWORD = "correct-horse-battery";

    protected static WebDriver browser;
    private static Path profile;

    @Autowired
    protected OperatorAccounts accounts;

    @BeforeAll
    static void startBrowser() throws IOException {
        boolean found = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!found) {
            String message = "No Chromium for the console's browser tests (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): install Debian's packages with 'apt-get install -y chromium chromium-driver'"
                    + " (.ci/run does this when it runs as root), or set CHROMIUM_BIN and CHROMEDRIVER_BIN";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message);
            }
            Assumptions.assumeTrue(false, message);
        }
        profile = Files.createTempDirectory("rollyy-chromium");
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    static void quitBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @BeforeEach
    void signedOut() {
        browser.get(url("/console/login"));
        browser.manage().deleteAllCookies();
    }

    /** An account with {@link #PASSWORD}, created once (the table outlives the test). */
    protected void account(String username, OperatorRole role) {
        accounts.add(username, role, PASSWORD);
    }

    protected void signIn(String username, String password) {
        browser.get(url("/console/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        awaitLeaving("/console/login");
    }

    /** Until the browser has navigated away from {@code path} (to another path or the same with a query). */
    protected void awaitLeaving(String path) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.getCurrentUrl().equals(url(path))
                && "complete".equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /** axe-core on the current page: no violation of impact serious or critical. */
    protected void assertAccessible() {
        Results results = new AxeBuilder().analyze(browser);
        List<String> severe = results.getViolations().stream()
                .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                .map(BrowserTest::describe).toList();
        assertThat(severe).as("axe-core violations on " + browser.getCurrentUrl()).isEmpty();
    }

    private static String describe(Rule rule) {
        return rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at "
                + rule.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList();
    }

    /** A PNG of the current page in docs/console/, referenced from docs/console.md. */
    protected void screenshot(String name) throws IOException {
        Path dir = repositoryRoot().resolve("docs/console");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/architecture.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("No docs/architecture.md above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
