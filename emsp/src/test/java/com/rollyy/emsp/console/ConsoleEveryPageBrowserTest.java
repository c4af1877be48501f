package com.rollyy.emsp.console;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every console page reachable by links, whatever pages exist: walked from the Overview like a
 * person clicking through (breadth first, one page of each kind, at most {@value #MAX_PAGES} pages), once as an operator
 * (axe-core on each: no serious or critical violation) and once as a viewer (no action form on
 * any page, only sign-out). Pages added later are covered without changing this test.
 */
class ConsoleEveryPageBrowserTest extends BrowserTest {

    static final int MAX_PAGES = 40;

    @Test
    void everyPageAnOperatorReachesIsAccessible() {
        withData();
        account("op-every", OperatorRole.OPERATOR);
        signIn("op-every", PASSWORD);

        List<String> visited = walk(page -> {
            assertThat(browser.findElements(By.tagName("h1"))).as("a heading on " + page).hasSize(1);
            assertAccessible();
        });

        assertThat(visited).as("pages reached").hasSizeGreaterThanOrEqualTo(2).contains(url("/console/audit"));
    }

    @Test
    void aViewerFindsNoActionOnAnyPage() {
        withData();
        account("view-every", OperatorRole.VIEWER);
        signIn("view-every", PASSWORD);

        List<String> visited = walk(page -> {
            List<String> actions = new ArrayList<>();
            for (WebElement form : browser.findElements(By.cssSelector("form"))) {
                boolean signOut = form.getAttribute("class") != null && form.getAttribute("class").contains("signout");
                boolean reads = "get".equalsIgnoreCase(form.getAttribute("method"));
                if (!signOut && !reads) {
                    actions.add(form.getAttribute("action"));
                }
            }
            assertThat(actions).as("action forms a viewer sees on " + page).isEmpty();
        });

        assertThat(visited).hasSizeGreaterThanOrEqualTo(2);
    }

    /** A connection with Locations and Tariffs, so the lists have rows and links to follow. */
    private void withData() {
        String connection = registerWithSimulator();
        api("POST", "/ocpi/2.2.1/locations/sync/" + connection).send();
        api("POST", "/ocpi/2.2.1/tariffs/sync/" + connection).send();
    }

    private List<String> walk(java.util.function.Consumer<String> check) {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> shapes = new LinkedHashSet<>();
        var queue = new ArrayDeque<String>(List.of(url("/console")));
        List<String> visited = new ArrayList<>();
        while (!queue.isEmpty() && visited.size() < MAX_PAGES) {
            String page = queue.poll();
            // one page of each kind: /console/jobs/<id> once, not once per job
            if (!seen.add(page) || !shapes.add(shape(page))) {
                continue;
            }
            browser.get(page);
            if (!browser.getCurrentUrl().startsWith(url("/console")) || browser.getCurrentUrl().contains("/console/login")) {
                throw new AssertionError(page + " led to " + browser.getCurrentUrl());
            }
            visited.add(page);
            check.accept(page);
            for (WebElement a : browser.findElements(By.cssSelector("a[href]"))) {
                String href = a.getAttribute("href");
                if (href == null || !href.startsWith(url("/console")) || href.contains("#")) {
                    continue;
                }
                // one page of each list is enough: pagers and sort orders would multiply the walk
                String path = href.replaceAll("[?&](page|before|after|cursor)=[^&]*", "");
                if (!seen.contains(path)) {
                    queue.add(path);
                }
            }
        }
        return visited;
    }

    /** The page's kind: its path with id-like segments and every query value replaced by *. */
    static String shape(String url) {
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? "" : url.substring(q + 1).replaceAll("=[^&]*", "=*");
        String[] segments = path.split("/");
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].matches(".*\\d.*") || segments[i].length() > 24) {
                segments[i] = "*";
            }
        }
        return String.join("/", segments) + (query.isEmpty() ? "" : "?" + query);
    }
}
