package dev.postcard.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;

/**
 * The API reference page ({@code /docs}) in a real browser, behind a base path: Swagger UI runs under the page's
 * Content-Security-Policy, shows every route, loads nothing from another origin, and "try it out" calls this
 * server where it is.
 */
class ReferencePageBrowserTest {
    private static RunningPostcard postcard;
    private static Browser browser;

    @BeforeAll
    static void start() {
        postcard = RunningPostcard.startUnder("/api");
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            postcard.close();
        }
    }

    @Test
    void theReferenceShowsTheApiAndTriesARouteOnThisServer() {
        browser.open(postcard.uri("/docs").toString());
        browser.findWithText(".opblock-summary-path", "/v1/webhooks/{id}/rotate-secret");
        assertThat(browser.driver().findElements(By.cssSelector(".opblock")))
                .as("an operation block for each operation of the document").hasSizeGreaterThan(50);
        assertThat(browser.driver().findElements(By.cssSelector(".topbar")))
                .as("no bar that loads documents from elsewhere").isEmpty();

        WebElement health = browser.findWithText(".opblock-get", "/healthz");
        health.findElement(By.cssSelector(".opblock-summary")).click();
        browser.findWithText(".opblock-get button", "Try it out").click();
        browser.findWithText(".opblock-get button", "Execute").click();
        browser.findWithText(".responses-inner .request-url", postcard.origin() + "/api/healthz");
        browser.findWithText(".responses-inner .response-col_status", "200");
        browser.screenshot("reference-page");

        List<String> problems = new ArrayList<>();
        for (LogEntry entry : browser.console()) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                problems.add("console: " + entry.getMessage());
            }
        }
        for (String url : browser.loadedUrls()) {
            if (!url.startsWith("data:") && !url.startsWith(postcard.origin() + "/api/")) {
                problems.add("a request outside this server's base path: " + url);
            }
        }
        assertThat(browser.loadedUrls()).as("the document was read")
                .contains(postcard.origin() + "/api/openapi.json");
        assertThat(problems).isEmpty();
    }
}
