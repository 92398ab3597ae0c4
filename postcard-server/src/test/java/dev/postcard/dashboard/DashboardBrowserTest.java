package dev.postcard.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.event.EventCodec;
import dev.postcard.verify.WebhookVerifier;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real browser against a real server and a real webhook receiver. One browser for the class:
 * starting Chromium is the slow part. Each test leaves a screenshot in target/screenshots.
 */
class DashboardBrowserTest {
    private static RunningPostcard postcard;
    private static Browser browser;

    @BeforeAll
    static void start() {
        postcard = RunningPostcard.start();
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

    @AfterEach
    void screenshot(TestInfo test) {
        browser.screenshot(test.getTestMethod().orElseThrow().getName());
    }

    @Test
    void aWrongKeyIsRefusedWithTheServersReasonAndARightKeySignsIn() {
        browser.openSignedOut(postcard.dashboardUrl());
        signIn("pck_not_a_key_at_all_0123456789");
        WebElement error = browser.find("#errors .error");
        assertThat(error.getText()).contains("Unauthorized").contains("401");
        assertThat(browser.find("#sign-in").isDisplayed()).as("still asked for a key").isTrue();
        assertThat(browser.script("return sessionStorage.getItem('postcard.key')")).isNull();

        signIn(RunningPostcard.ADMIN_KEY);
        browser.find("h1").getText();
        browser.findWithText("h1", "Webhooks");
        assertThat(browser.driver().findElements(By.cssSelector("#errors .error"))).as("the old error is gone").isEmpty();
        assertThat(browser.find("#tenant").isDisplayed()).as("an admin key may pick a tenant").isTrue();
        assertThat(browser.driver().getCurrentUrl()).as("the key is never in the URL")
                .doesNotContain(RunningPostcard.ADMIN_KEY);
    }

    @Test
    void aWebhookMadeWithTheEventPickerGetsASignedTestEventAndShowsTheAnswer() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            signedInAsAdmin("#/webhooks");
            browser.findWithText("button", "New webhook").click();
            browser.find("form[aria-label='New webhook'] input[name='url']").sendKeys(receiver.url());
            browser.find("form[aria-label='New webhook'] input[name='description']").sendKeys("from the browser test");
            browser.find("form[aria-label='New webhook'] input[value='email.bounced']").click();
            browser.find("form[aria-label='New webhook'] input[value='email.opened']").click();
            browser.findWithText("button", "Create webhook").click();

            String secret = browser.find("input.secret").getDomProperty("value");
            assertThat(secret).startsWith("whsec_");
            browser.findWithText("td a", receiver.url()).click();
            browser.findWithText("h1", receiver.url());
            browser.waitForText("email.bounced, email.opened");

            new Select(browser.find("select[name='event_type']"))
                    .selectByValue("email.bounced");
            browser.findWithText("button", "Send test event").click();
            assertThat(browser.find(".test-status").getText()).isEqualTo("200");
            browser.waitForText("receiver says 200");

            assertThat(receiver.received()).hasSize(1);
            WebhookReceiver.Received request = receiver.received().getFirst();
            assertThatCode(() -> WebhookVerifier.of(secret).withClock(postcard.clock())
                    .verify(request.body(), request.headers())).as("signed with the secret the page showed once")
                    .doesNotThrowAnyException();
            JsonNode envelope = EventCodec.MAPPER.readTree(request.body());
            assertThat(envelope.path("type").asText()).isEqualTo("email.bounced");
            assertThat(envelope.path("test").asBoolean()).isTrue();
        }
    }

    @Test
    void aFailedDeliveryIsRetriedFromTheDeliveriesListAndSucceeds() {
        try (WebhookReceiver receiver = WebhookReceiver.start().answering(500, 500)) {
            String webhookId = postcard.webhook(receiver.url());
            postcard.event("retry@example.com");
            String deliveries = "/v1/webhooks/" + webhookId + "/deliveries";
            postcard.await(deliveries, page -> page.path("data").path(0).path("attempts").asInt() == 1,
                    "the first attempt");
            postcard.clock().advance(RunningPostcard.RETRY_AFTER.multipliedBy(2)); // the schedule's one retry
            JsonNode failed = postcard.await(deliveries, page -> page.path("data").path(0).path("status").asText()
                    .equals("failed"), "the first attempt to fail").path("data").path(0);

            signedInAsAdmin("#/webhooks/" + webhookId);
            browser.findWithText("td", "500");
            browser.find("button[aria-label='Retry " + failed.path("id").asText() + "']").click();
            browser.findWithText("td .badge", "succeeded");

            assertThat(receiver.received()).hasSize(3);
            JsonNode delivery = postcard.get("/v1/deliveries/" + failed.path("id").asText());
            assertThat(delivery.path("status").asText()).isEqualTo("succeeded");

            browser.find("a[href='#/deliveries/" + failed.path("id").asText() + "']").click();
            browser.findWithText("h1", failed.path("id").asText());
            browser.waitForText("receiver says 500");
            browser.waitForText("receiver says 200");
        }
    }

    @Test
    void anEndpointPostcardDisabledShowsWhyOnTheListAndItsPage() {
        try (WebhookReceiver receiver = WebhookReceiver.start().answering(410)) {
            String webhookId = postcard.webhook(receiver.url());
            postcard.event("gone@example.com");
            String reason = postcard.await("/v1/webhooks/" + webhookId, w -> w.hasNonNull("disabled_reason"),
                    "the endpoint to be disabled").path("disabled_reason").asText();

            signedInAsAdmin("#/webhooks");
            WebElement banner = browser.findWithText(".banner", receiver.url());
            assertThat(banner.getText()).contains("Postcard disabled").contains(reason);
            assertThat(banner.getAttribute("role")).isEqualTo("alert");

            browser.route("#/webhooks/" + webhookId);
            browser.findWithText("h1", receiver.url());
            assertThat(browser.find(".banner").getText()).contains("Postcard disabled").contains(reason);
        }
    }

    @Test
    void aWebhookIsEditedPausedRotatedReplayedAndDeleted() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String webhookId = postcard.webhook(receiver.url());
            postcard.event("replay@example.com");
            postcard.await("/v1/webhooks/" + webhookId + "/deliveries",
                    page -> page.path("data").path(0).path("status").asText().equals("succeeded"), "the delivery");
            signedInAsAdmin("#/webhooks/" + webhookId);

            browser.findWithText("button", "Edit").click();
            WebElement description = browser.find("form[aria-label='Edit webhook'] input[name='description']");
            description.clear();
            description.sendKeys("orders service");
            browser.find("form[aria-label='Edit webhook'] input[value='*']").click();
            browser.find("form[aria-label='Edit webhook'] input[value='email.delivered']").click();
            browser.findWithText("button", "Save").click();
            browser.waitForText("orders service");
            assertThat(postcard.get("/v1/webhooks/" + webhookId).path("events").toString())
                    .isEqualTo("[\"email.delivered\"]");

            browser.findWithText("button", "Disable").click();
            browser.findWithText(".badge", "Paused");
            assertThat(browser.driver().findElements(By.cssSelector(".banner")))
                    .as("a person paused it: no alarm").isEmpty();
            assertThat(postcard.get("/v1/webhooks/" + webhookId).path("enabled").asBoolean()).isFalse();
            browser.findWithText("button", "Enable").click();
            browser.findWithText(".badge", "Active");

            browser.findWithText("button", "Rotate secret").click();
            browser.findWithText("dialog button", "Rotate").click();
            assertThat(browser.find("input.secret").getDomProperty("value")).startsWith("whsec_");
            browser.waitForText("The previous secret also signs until");

            int before = receiver.received().size();
            browser.script("document.querySelector('input[name=since]').value = arguments[0];"
                    + "document.querySelector('input[name=until]').value = arguments[1];",
                    "2030-01-01T00:00:00", "2030-12-31T00:00:00");
            browser.findWithText("button", "Replay").click();
            String replayed = browser.findWithText(".replay-result", "Replayed").getText();
            assertThat(replayed).matches("Replayed [1-9][0-9]* events?\\.");
            postcard.await("/v1/webhooks/" + webhookId + "/deliveries?status=pending",
                    page -> page.path("data").isEmpty(), "the replayed deliveries to go out");
            assertThat(receiver.received().size()).isGreaterThan(before);

            browser.findWithText("button", "Delete").click();
            browser.findWithText("dialog button", "Cancel").click();
            browser.findWithText("button", "Delete").click();
            browser.findWithText("dialog button", "Delete").click();
            browser.findWithText("h1", "Webhooks");
            assertThat(postcard.send(java.net.http.HttpRequest.newBuilder(postcard.uri("/v1/webhooks/" + webhookId))
                    .header("Authorization", "Bearer " + RunningPostcard.ADMIN_KEY).build()).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void underABasePathThePageCallsTheApiBesideIt() {
        try (RunningPostcard mounted = RunningPostcard.startUnder("/api")) {
            browser.openSignedOut(mounted.dashboardUrl());
            signIn(RunningPostcard.ADMIN_KEY);
            browser.findWithText("h1", "Webhooks");
            assertThat(browser.loadedUrls()).contains(mounted.origin() + "/api/v1/webhooks?limit=1")
                    .noneMatch(url -> url.startsWith(mounted.origin() + "/v1/"));
        }
    }

    @Test
    void anAdminSwitchesTenantsAndATenantKeySeesOnlyItsOwn() {
        JsonNode acme = postcard.tenantKey("acme");
        postcard.webhook("acme", "http://127.0.0.1:9/acme-only");
        signedInAsAdmin("#/webhooks");
        assertThat(browser.driver().findElements(By.cssSelector("#page td a"))).noneMatch(a -> a.getText().contains("acme-only"));
        new Select(browser.find("#tenant")).selectByValue("acme");
        browser.findWithText("#page td a", "/acme-only");
        assertThat(browser.script("return sessionStorage.getItem('postcard.tenant')")).isEqualTo("acme");

        browser.openSignedOut(postcard.dashboardUrl() + "#/webhooks");
        signIn(acme.path("key").asText());
        browser.findWithText("#page td a", "/acme-only");
        assertThat(browser.driver().findElement(By.id("tenant")).isDisplayed()).as("a tenant key picks no tenant").isFalse();
        assertThat(browser.driver().findElements(By.cssSelector("#errors .error")))
                .as("a tenant key's 403 on /v1/tenants is expected, not shown").isEmpty();

        postcard.delete("acme", "/v1/api-keys/" + acme.path("id").asText());
        browser.route("#/webhooks/unknown");
        browser.find("#sign-in");
        assertThat(browser.find("#errors .error").getText()).contains("401");
        assertThat(browser.script("return sessionStorage.getItem('postcard.key')")).as("signed out").isNull();
    }

    @Test
    void atPhoneWidthTheNavigationFoldsAndTablesScrollInsideThePage() {
        try {
            browser.driver().manage().window().setSize(new Dimension(390, 844));
            signedInAsAdmin("#/webhooks");
            WebElement toggle = browser.find("#nav-toggle");
            assertThat(browser.driver().findElement(By.id("nav")).isDisplayed()).isFalse();
            toggle.click();
            assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");
            browser.findWithText("#nav-list a", "Webhooks");
            browser.find("#page table");
            assertThat((Boolean) browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("the page itself does not scroll sideways").isTrue();
            browser.screenshot("atPhoneWidthTheNavigationFoldsAndTablesScrollInsideThePage-open");
        } finally {
            browser.driver().manage().window().setSize(new Dimension(1280, 900));
        }
    }

    @Test
    void aDarkSystemThemeMakesTheDashboardDark() {
        try {
            browser.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                    List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
            signedInAsAdmin("#/webhooks");
            browser.find("#page table");
            assertThat(browser.script("return getComputedStyle(document.body).backgroundColor"))
                    .isEqualTo("rgb(21, 23, 27)");
            browser.screenshot("aDarkSystemThemeMakesTheDashboardDark-dark");
        } finally {
            browser.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
        assertThat(browser.script("return getComputedStyle(document.body).backgroundColor"))
                .isEqualTo("rgb(255, 255, 255)");
    }

    @Test
    void everyPageLoadsWithoutConsoleErrorsAndOnlyFromThisOrigin() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String webhookId = postcard.webhook(receiver.url());
            postcard.event("pages@example.com");
            String deliveryId = postcard.await("/v1/webhooks/" + webhookId + "/deliveries",
                    page -> page.path("data").path(0).path("status").asText().equals("succeeded"), "a delivery")
                    .path("data").path(0).path("id").asText();
            browser.console(); // what earlier tests left in the log (the wrong key's 401) is theirs
            signedInAsAdmin("#/webhooks");
            // The navigation is drawn once the key is checked: wait for it rather than read it half drawn.
            browser.until(d -> d.findElements(By.cssSelector("#nav-list a[href$='#/tenants']")).size() == 1,
                    "the navigation, tenants included");
            List<String> routes = new ArrayList<>();
            for (WebElement link : browser.driver().findElements(By.cssSelector("#nav-list a"))) {
                routes.add(URI.create(link.getAttribute("href")).getFragment());
            }
            assertThat(routes).contains("/webhooks", "/events", "/emails", "/suppressions", "/stats", "/sources", "/keys",
                    "/tenants");
            routes.add("/webhooks/" + webhookId);
            routes.add("/deliveries/" + deliveryId);
            String emailId = postcard.post("/v1/tracking/instrument", "{\"to\": \"pages@example.com\", \"html\":"
                    + " \"<p>Hi</p>\"}", 201).path("email_id").asText();
            routes.add("/emails/" + emailId);
            routes.add("/events?type=delivered&to=pages%40example.com");
            routes.add("/stats?interval=hour&group_by=domain");

            List<String> problems = new ArrayList<>();
            for (String route : routes) {
                browser.route("#" + route);
                browser.find("#page h1");
                browser.until(d -> (Boolean) browser.script("return !document.querySelector('#page [aria-busy]')"),
                        "the page to finish loading");
                for (LogEntry entry : browser.console()) {
                    if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                        problems.add(route + ": console " + entry.getMessage());
                    }
                }
                assertThat(browser.driver().findElements(By.cssSelector("#errors .error"))).as(route).isEmpty();
                String text = browser.find("#page").getText();
                if (text.matches("(?s).*\\b(null|undefined|NaN)\\b.*") || text.contains("[object ")) {
                    problems.add(route + ": a missing value shown as text: " + text);
                }
            }
            Object chart = browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "import('./vendor.js').then(m => m.loadUplot()).then(u => done(typeof u), e => done(String(e)));");
            assertThat(chart).as("uPlot loads from this server, allowed by the CSP").isEqualTo("function");
            for (LogEntry entry : browser.console()) {
                if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    problems.add("loading uPlot: console " + entry.getMessage());
                }
            }
            for (String url : browser.loadedUrls()) {
                if (!url.startsWith("data:") && !url.startsWith(postcard.origin() + "/")) {
                    problems.add("a request to another origin: " + url);
                }
            }
            assertThat(browser.loadedUrls()).as("the API was called").anyMatch(u -> u.contains("/v1/webhooks"));
            assertThat(problems).isEmpty();
        }
    }

    private void signedInAsAdmin(String hash) {
        browser.openSignedOut(postcard.dashboardUrl() + hash);
        signIn(RunningPostcard.ADMIN_KEY);
        browser.find("#sign-out");
    }

    private void signIn(String key) {
        WebElement input = browser.find("#api-key");
        input.clear();
        input.sendKeys(key);
        browser.find("#sign-in-form button[type='submit']").click();
    }
}
