package dev.postcard.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The events, emails, suppressions, stats, sources and keys pages in a real browser against a real server. One
 * browser for the class; each test leaves a screenshot in target/screenshots, and two write the README's
 * pictures into docs/images. Data that a test counts on lives in a tenant of its own, so the tests' order does
 * not matter.
 */
class DashboardPagesBrowserTest {
    /** The README's pictures: this size, in the project's docs/images. */
    private static final int DOCS_WIDTH = 1280;
    private static final int DOCS_HEIGHT = 900;

    private static RunningPostcard postcard;
    private static Browser browser;

    @BeforeAll
    static void start() {
        postcard = RunningPostcard.start();
        for (String tenant : List.of("stats", "shop")) {
            postcard.post("/v1/tenants", "{\"id\": \"" + tenant + "\", \"name\": \"" + tenant + " test\"}", 201);
        }
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
    void theLiveViewShowsAnEventPostedWhileItIsOpenAndItsEmailsTimeline() {
        String emailId = postcard.post("/v1/tracking/instrument", "{\"to\": \"live@example.com\", \"from\":"
                + " \"news@acme.example\", \"subject\": \"Live\", \"html\": \"<p>Hi</p>\"}", 201).path("email_id").asText();
        signedInAsAdmin("#/events");
        browser.findWithText("h1", "Events");
        browser.script("window.stillTheSamePage = true; window.streamSignals = []; const f = window.fetch;"
                + " window.fetch = (url, init) => { if (String(url).includes('/v1/events/stream'))"
                + " window.streamSignals.push(init.signal); return f(url, init); };");
        browser.console(); // what opening the page logged is the other tests' concern
        browser.findWithText("button", "Live view").click();
        browser.findWithText(".live-state", "live");

        String eventId = postcard.post("/v1/events", "{\"type\": \"email.delivered\", \"data\": {\"email_id\": \""
                + emailId + "\", \"smtp_response\": \"250 OK\"}}", 201).path("id").asText();

        WebElement row = browser.findWithText("[aria-label='Live events'] tbody tr", eventId);
        assertThat(row.getText()).contains("email.delivered").contains("live@example.com").contains(emailId);
        assertThat(browser.find(".live-count").getText()).isEqualTo("1 new event");
        assertThat(browser.find(".live-count").getAttribute("aria-live")).isEqualTo("polite");
        assertThat(browser.script("return window.stillTheSamePage === true")).as("no reload").isEqualTo(true);
        assertThat(browser.console()).as("the stream is read within the page's CSP, without errors")
                .noneMatch(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue());

        row.findElement(By.cssSelector("button.event-id")).click();
        assertThat(browser.find("tr.event-json pre").getText()).contains("\"id\": \"" + eventId + "\"")
                .contains("\"smtp_response\": \"250 OK\"");

        row.findElement(By.cssSelector("a[href='#/emails/" + emailId + "']")).click();
        browser.findWithText("h1", emailId);
        assertThat(browser.find(".email-status").getText()).isEqualTo("delivered");
        browser.findWithText("[aria-label='Timeline'] tbody tr", eventId);
        assertThat(browser.script("return window.streamSignals.length")).isEqualTo(1L);
        browser.until(d -> Boolean.TRUE.equals(browser.script("return window.streamSignals[0].aborted")) ? Boolean.TRUE
                : null, "leaving the events page to end its stream");
    }

    /**
     * The stream reader itself, in the browser, with fetch answering as a server that drops the stream after one
     * event: it comes back with that event's id in Last-Event-ID (the header EventSource would send), parses
     * events split across chunks, and stops reading once its page has left the document.
     */
    @Test
    void theStreamReaderResumesAfterTheLastIdAndStopsWhenThePageIsLeft() {
        signedInAsAdmin("#/events");
        browser.findWithText("h1", "Events");
        @SuppressWarnings("unchecked")
        Map<String, Object> outcome = (Map<String, Object>) ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                .executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const { followEvents } = await import('./event-stream.js');
                  const { whileShown } = await import('./lifetime.js');
                  const calls = [];
                  const encoder = new TextEncoder();
                  const realFetch = window.fetch;
                  window.fetch = (url, init) => {
                    calls.push({ url: String(url), lastId: init.headers['Last-Event-ID'] || null,
                      auth: init.headers.Authorization, signal: init.signal });
                    const chunks = calls.length === 1
                      ? ['retry: 10\\r\\n: hello\\r\\n\\r\\nid: evt_a\\r\\nevent: email.sent\\r\\nda', 'ta: {"id":"evt_a"}\\r\\n\\r\\n']
                      : ['id: evt_b\\nevent: email.opened\\ndata: {"id":"evt_b"}\\n\\n'];
                    const body = new ReadableStream({
                      start(controller) {
                        chunks.forEach((c) => controller.enqueue(encoder.encode(c)));
                        if (calls.length === 1) controller.close(); // the first stream drops
                        else init.signal.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
                      },
                    });
                    return Promise.resolve(new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } }));
                  };
                  const holder = document.createElement('div');
                  document.querySelector('#page section').append(holder);
                  const seen = [];
                  const states = [];
                  const finished = followEvents({ filters: { type: 'opened' }, signal: whileShown(holder),
                    onEvent: (e) => { seen.push(e.id); if (e.id === 'evt_b') holder.remove(); },
                    onState: (s) => states.push(s) });
                  const timeout = new Promise((resolve) => setTimeout(() => resolve('timed out'), 20000));
                  const ended = await Promise.race([finished.then(() => 'ended'), timeout]);
                  window.fetch = realFetch;
                  done({ ended, seen, states, urls: calls.map((c) => c.url), lastIds: calls.map((c) => c.lastId),
                    auth: calls[0].auth, aborted: calls[calls.length - 1].signal.aborted });
                })().catch((e) => done({ error: String(e) }));
                """);
        assertThat(outcome).doesNotContainKey("error");
        assertThat(outcome.get("ended")).isEqualTo("ended");
        assertThat(outcome.get("seen")).isEqualTo(List.of("evt_a", "evt_b"));
        assertThat(outcome.get("lastIds")).as("the reconnection resumes after the last id").isEqualTo(
                java.util.Arrays.asList(null, "evt_a"));
        assertThat((List<?>) outcome.get("urls")).allSatisfy(url -> assertThat((String) url)
                .contains("/v1/events/stream?type=opened").doesNotContain("pck_"));
        assertThat(outcome.get("auth")).isEqualTo("Bearer " + RunningPostcard.ADMIN_KEY);
        assertThat(outcome.get("states")).isEqualTo(List.of("live", "reconnecting", "live", "stopped"));
        assertThat(outcome.get("aborted")).as("leaving the page aborts the request").isEqualTo(true);
    }

    @Test
    void aRemovedSuppressionIsGoneFromTheListAndTheApi() {
        postcard.post("/v1/suppressions", "{\"address\": \"stays@example.com\", \"note\": \"asked by phone\"}", 201);
        postcard.post("/v1/suppressions", "{\"address\": \"goes@example.com\", \"reason\": \"complaint\"}", 201);
        signedInAsAdmin("#/suppressions");
        browser.findWithText("[aria-label='Suppressed addresses'] td", "stays@example.com");
        browser.find("button[aria-label='Remove goes@example.com']").click();
        browser.find("dialog.confirm button.danger").click();

        browser.until(d -> d.findElements(By.cssSelector("[aria-label='Suppressed addresses'] td")).stream()
                .noneMatch(td -> td.getText().contains("goes@example.com")) ? Boolean.TRUE : null,
                "goes@example.com to leave the list");
        browser.findWithText("[aria-label='Suppressed addresses'] td", "stays@example.com");
        HttpResponse<String> gone = postcard.send(HttpRequest.newBuilder(postcard.uri("/v1/suppressions/goes%40example.com"))
                .header("Authorization", "Bearer " + RunningPostcard.ADMIN_KEY).build());
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(postcard.get("/v1/suppressions/stays%40example.com").path("note").asText()).isEqualTo("asked by phone");
    }

    @Test
    void aCsvIsImportedWithItsCountsAndExportedWithoutTheKeyInAnyUrl() throws IOException {
        Path csv = Files.createTempFile("suppressions", ".csv");
        Files.writeString(csv, "address,reason,note\nimported-1@example.com,manual,from a file\n"
                + "imported-2@example.com,complaint,\nnot-an-address,manual,\n");
        try {
            signedInAsAdmin("#/suppressions");
            browser.findWithText("h1", "Suppressions");
            browser.find("input[type='file'][name='csv']").sendKeys(csv.toString());
            browser.findWithText("button", "Import").click();
            assertThat(browser.find(".import-counts").getText()).isEqualTo("Imported 2, updated 0, rejected 1.");
            browser.findWithText("[aria-label='Rejected lines'] td", "4");
            browser.findWithText("[aria-label='Suppressed addresses'] td", "imported-2@example.com");
            assertThat(postcard.get("/v1/suppressions/imported-1%40example.com").path("note").asText())
                    .isEqualTo("from a file");

            browser.findWithText("button", "Export CSV").click();
            WebElement download = browser.find("a.download");
            assertThat(download.getAttribute("href")).startsWith("blob:" + postcard.origin());
            assertThat(download.getAttribute("download")).isEqualTo("suppressions.csv");
            // The link is followed as a user would: the file must arrive even under the page's CSP.
            Path downloads = Files.createTempDirectory("postcard-downloads");
            browser.driver().executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
                    "downloadPath", downloads.toString()));
            download.click();
            Path file = downloads.resolve("suppressions.csv");
            browser.until(d -> Files.isRegularFile(file) ? Boolean.TRUE : null, "the download of suppressions.csv");
            String exported = Files.readString(file);
            Files.delete(file);
            Files.delete(downloads);
            assertThat(exported).startsWith("address,reason,created_at,expires_at,source_event_id,note")
                    .contains("imported-1@example.com,manual,").contains("from a file")
                    .contains("imported-2@example.com,complaint,");
            assertThat(browser.loadedUrls()).as("the key never goes into a URL")
                    .noneMatch(url -> url.contains(RunningPostcard.ADMIN_KEY));
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    @Test
    void theEventFiltersTakeAnAliasAndARecipientAndLiveInTheUrl() {
        postcard.post("/v1/events", "{\"type\": \"email.delivered\", \"data\": {\"to\": \"filter@example.com\"}}", 201);
        String bounced = postcard.post("/v1/events", "{\"type\": \"email.bounced\", \"data\": {\"to\":"
                + " \"filter@example.com\", \"bounce_type\": \"soft\", \"bounce_reason\": \"mailbox_full\"}}", 201)
                .path("id").asText();
        postcard.post("/v1/events", "{\"type\": \"email.bounced\", \"data\": {\"to\": \"other@example.com\","
                + " \"bounce_type\": \"soft\"}}", 201);
        signedInAsAdmin("#/events");
        browser.findWithText("h1", "Events");
        new Select(browser.find("select[name='type']")).selectByVisibleText("bounced");
        browser.find("input[name='to']").sendKeys("filter@example.com");
        browser.findWithText("button", "Apply").click();
        browser.until(d -> d.getCurrentUrl().endsWith("#/events?type=bounced&to=filter%40example.com") ? Boolean.TRUE
                : null, "the filters in the URL");
        browser.findWithText("[aria-label='Events'] tbody tr", bounced);
        browser.until(d -> (Boolean) browser.script("return !document.querySelector('#page [aria-busy]')"),
                "the list to load");
        List<String> rows = browser.driver().findElements(By.cssSelector("[aria-label='Events'] tbody tr")).stream()
                .map(WebElement::getText).toList();
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst()).contains("email.bounced").contains("soft bounce (mailbox_full)");
        assertThat(new Select(browser.find("select[name='type']")).getFirstSelectedOption().getText()).isEqualTo("bounced");
    }

    @Test
    void aPeriodTheServerRefusesIsReportedOnceAndCanBeCorrected() {
        signedInAsAdmin("#/stats?from=2030-06-10&to=2030-06-01");
        WebElement error = browser.find("#errors .error");
        assertThat(error.getText()).contains("400").contains("field: from");
        assertThat(browser.driver().findElements(By.cssSelector("#errors .error"))).hasSize(1);
        WebElement from = browser.find("input[name='from']");
        assertThat(from.getDomProperty("value")).isEqualTo("2030-06-10");
        browser.script("arguments[0].value = ''", from);
        browser.findWithText("button", "Show").click();
        browser.findWithText("h2", "By tag");
        assertThat(browser.driver().findElements(By.cssSelector("#errors .error"))).isEmpty();
    }

    @Test
    void anAdminCreatesATenantAndRevokesAKeyAfterConfirming() {
        signedInAsAdmin("#/tenants");
        browser.findWithText("h1", "Tenants");
        browser.find("form[aria-label='New tenant'] input[name='id']").sendKeys("acme");
        browser.find("form[aria-label='New tenant'] input[name='name']").sendKeys("Acme Corp");
        browser.findWithText("button", "Create tenant").click();
        browser.findWithText("[aria-label='Tenants'] td", "Acme Corp");
        assertThat(browser.find("#tenant option[value='acme']").getText()).isEqualTo("Acme Corp (acme)");
        assertThat(postcard.get("/v1/tenants").path("data").findValuesAsText("id")).contains("acme");

        String key = postcard.post("/v1/api-keys", "{\"name\": \"to revoke\"}", 201).path("key").asText();
        browser.route("#/keys");
        browser.find("button[aria-label='Revoke to revoke']").click();
        browser.findWithText("dialog.confirm", "Revoke the key \"to revoke\"");
        browser.findWithText("dialog.confirm button", "Cancel").click();
        assertThat(postcard.send(HttpRequest.newBuilder(postcard.uri("/v1/webhooks")).header("Authorization", "Bearer " + key)
                .build()).statusCode()).as("cancelled: still a key").isEqualTo(200);
        browser.find("button[aria-label='Revoke to revoke']").click();
        browser.find("dialog.confirm button.danger").click();
        browser.findWithText("[aria-label='API keys'] tr", "revoked");
        assertThat(postcard.send(HttpRequest.newBuilder(postcard.uri("/v1/webhooks")).header("Authorization", "Bearer " + key)
                .build()).statusCode()).isEqualTo(401);
    }

    @Test
    void theStatsPageChartsSeveralDaysAndItsTableHasTheSeededCountsAndRates() throws IOException {
        List<Message> seeded = seedTraffic("stats", 10);
        signedInAsAdmin("#/webhooks");
        actFor("stats");
        browser.route("#/stats");
        browser.findWithText("h1", "Stats");
        browser.until(d -> d.findElements(By.cssSelector(".chart canvas")).size() == 2 ? Boolean.TRUE : null,
                "two uPlot canvases");

        WebElement all = browser.findWithText("[aria-label='Stats by tag'] tbody tr", "All");
        List<String> cells = all.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        Totals t = Totals.of(seeded);
        assertThat(cells.subList(1, 10)).containsExactly(
                String.valueOf(t.sent), String.valueOf(t.delivered), t.bounced + " (" + t.bounced + " hard)",
                String.valueOf(t.complained), "0",
                t.humanOpens + " (" + t.humanOpens + " unique)", t.machineOpens + " (" + t.machineOpens + " unique)",
                t.humanClicks + " (" + t.humanClicks + " unique)", "0 (0 unique)");
        assertThat(cells.subList(10, 16)).containsExactly(
                percent(t.delivered, t.sent), percent(t.bounced, t.sent), percent(t.complained, t.delivered),
                percent(t.humanOpens, t.delivered), percent(t.humanClicks, t.delivered),
                percent(t.humanClicks, t.humanOpens));
        Totals welcome = Totals.of(seeded.stream().filter(m -> m.tag.equals("welcome")).toList());
        WebElement welcomeRow = browser.findWithText("[aria-label='Stats by tag'] tbody tr", "welcome");
        assertThat(welcomeRow.findElements(By.tagName("td")).get(1).getText()).isEqualTo(String.valueOf(welcome.sent));
        assertThat(welcomeRow.findElements(By.tagName("td")).get(14).getText())
                .isEqualTo(percent(welcome.humanClicks, welcome.delivered));

        writeDocsImage("dashboard-stats.png");
        browser.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            browser.route("#/stats?interval=day");
            browser.until(d -> d.findElements(By.cssSelector(".chart canvas")).size() == 2 ? Boolean.TRUE : null,
                    "the charts in dark colours");
            browser.screenshot("stats-dark");
        } finally {
            browser.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
        browser.route("#/stats");
        browser.until(d -> d.findElements(By.cssSelector(".chart canvas")).size() == 2 ? Boolean.TRUE : null,
                "the charts again");

        WebElement heading = browser.findWithText("[aria-label='Stats by tag'] th button.formula", "Open rate");
        assertThat(heading.getAttribute("title")).isEqualTo("Open rate = unique human opens / delivered");
        browser.script("arguments[0].focus()", heading); // the formula shows for keyboard users too
        assertThat(browser.findWithText(".rate-head .tip", "unique human opens / delivered").isDisplayed()).isTrue();

    }

    @Test
    void aNewKeyIsShownOnceAndWorks() {
        signedInAsAdmin("#/keys");
        browser.findWithText("h1", "API keys");
        browser.find("form[aria-label='New API key'] input[name='name']").sendKeys("billing app");
        browser.findWithText("button", "Create key").click();
        String key = browser.find("input.secret").getDomProperty("value");
        assertThat(key).startsWith("pck_");
        browser.waitForText("You won't see this key again.");
        assertThat(postcard.send(HttpRequest.newBuilder(postcard.uri("/v1/webhooks")).header("Authorization", "Bearer " + key)
                .build()).statusCode()).as("the key shown works").isEqualTo(200);
        browser.findWithText("[aria-label='API keys'] td", "billing app");

        browser.route("#/webhooks");
        browser.findWithText("h1", "Webhooks");
        browser.route("#/keys");
        browser.findWithText("[aria-label='API keys'] td", "billing app");
        assertThat(browser.driver().getPageSource()).as("shown once: not after coming back").doesNotContain(key);
        assertThat(browser.driver().findElements(By.cssSelector("input.secret"))).isEmpty();
    }

    @Test
    void aNewSourceShowsTheUrlToGiveTheProviderAndIsDeletedAfterConfirming() {
        signedInAsAdmin("#/sources");
        browser.findWithText("h1", "Sources");
        new Select(browser.find("select[name='provider']")).selectByValue("postmark");
        browser.find("input[name='basic_auth.username']").sendKeys("postmark");
        browser.find("input[name='basic_auth.password']").sendKeys("a-long-random-password");
        browser.findWithText("button", "Create source").click();

        WebElement guide = browser.findWithText(".notice", "Set up Postmark");
        JsonNode source = postcard.get("/v1/sources").path("data").path(0);
        assertThat(source.path("provider").asText()).isEqualTo("postmark");
        assertThat(source.path("url").asText()).contains("/track/webhook/postmark/" + source.path("id").asText());
        assertThat(guide.findElement(By.cssSelector("input.source-url")).getDomProperty("value"))
                .isEqualTo(source.path("url").asText());
        assertThat(guide.getText()).contains("Message Stream").contains("Webhooks");
        assertThat(browser.findWithText("[aria-label='Sources'] tr", "postmark").getText())
                .contains("basic_auth: postmark").doesNotContain("a-long-random-password");

        String sourceId = source.path("id").asText();
        browser.find("button[aria-label='Delete source " + sourceId + "']").click();
        browser.find("dialog.confirm button.danger").click();
        browser.until(d -> d.findElements(By.cssSelector("button[aria-label='Delete source " + sourceId + "']")).isEmpty()
                ? Boolean.TRUE : null, "the source to leave the list");
        assertThat(postcard.send(HttpRequest.newBuilder(postcard.uri("/v1/sources/" + sourceId))
                .header("Authorization", "Bearer " + RunningPostcard.ADMIN_KEY).build()).statusCode()).isEqualTo(404);
    }

    @Test
    void theDeliveriesOfAWebhookWithFailuresAndSuccesses() throws IOException {
        try (WebhookReceiver receiver = WebhookReceiver.start().answering(500, 500, 500, 500, 500, 500)) {
            String webhookId = asTenant("shop", "POST", "/v1/webhooks", "{\"url\": \"" + receiver.url()
                    + "\", \"events\": [\"email.*\"], \"description\": \"order events\"}", 201).path("id").asText();
            String deliveries = "/v1/webhooks/" + webhookId + "/deliveries";
            String[] people = {"ada", "grace", "alan", "edsger", "barbara", "donald", "margaret", "ken"};
            for (int i = 0; i < 3; i++) {
                postcard.clock().advance(Duration.ofMinutes(4 + i));
                shopEvent(i % 2 == 0 ? "email.delivered" : "email.bounced", people[i]);
            }
            awaitDeliveries("shop", deliveries, page -> count(page, d -> d.path("attempts").asInt() >= 1) == 3,
                    "three first attempts");
            postcard.clock().advance(RunningPostcard.RETRY_AFTER.multipliedBy(2)); // their one retry fails too
            awaitDeliveries("shop", deliveries, page -> count(page, d -> d.path("status").asText().equals("failed")) == 3,
                    "three failed deliveries");
            for (int i = 3; i < people.length; i++) {
                postcard.clock().advance(Duration.ofMinutes(3 + i));
                shopEvent(List.of("email.delivered", "email.opened", "email.clicked").get(i % 3), people[i]);
            }
            awaitDeliveries("shop", deliveries, page -> count(page, d -> d.path("status").asText().equals("succeeded"))
                    == people.length - 3, "the other deliveries to succeed");

            signedInAsAdmin("#/webhooks");
            actFor("shop");
            browser.route("#/webhooks/" + webhookId);
            browser.findWithText("td .badge", "failed");
            browser.findWithText("td .badge", "succeeded");
            browser.script("document.getElementById('deliveries-title').scrollIntoView()");
            writeDocsImage("dashboard-deliveries.png");
        }
    }

    @Test
    void everyNewPageFitsAPhoneWithoutScrollingSideways() {
        postcard.post("/v1/suppressions", "{\"address\": \"phone@example.com\", \"note\": \"a note\"}", 201);
        signedInAsAdmin("#/webhooks");
        browser.driver().executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390,
                "height", 844, "deviceScaleFactor", 1, "mobile", false));
        try {
            List<String> tooWide = new ArrayList<>();
            for (String route : List.of("#/events", "#/emails", "#/suppressions", "#/stats", "#/sources", "#/keys",
                    "#/tenants")) {
                browser.route(route);
                browser.find("#page h1");
                browser.until(d -> (Boolean) browser.script("return !document.querySelector('#page [aria-busy]')"),
                        "the page to finish loading");
                Number overflow = (Number) browser.script(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                if (overflow.intValue() > 0) {
                    tooWide.add(route + " is " + overflow + "px wider than the phone");
                }
            }
            assertThat(browser.find("#nav-toggle").isDisplayed()).as("the navigation folds behind Menu").isTrue();
            assertThat(tooWide).isEmpty();
        } finally {
            browser.driver().executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    // --- seeding -------------------------------------------------------------------------------------------

    /** One message of the seeded traffic and what happened to it. */
    record Message(String id, Instant sentAt, String tag, String to, boolean delivered, boolean humanOpen,
                   boolean machineOpen, boolean humanClick, boolean complained) {
    }

    /** The seeded messages' counts, worked out here, apart from Postcard's own arithmetic. */
    record Totals(long sent, long delivered, long bounced, long complained, long humanOpens, long machineOpens,
                  long humanClicks) {
        static Totals of(List<Message> messages) {
            ToLongFunction<java.util.function.Predicate<Message>> n = p -> messages.stream().filter(p).count();
            return new Totals(messages.size(), n.applyAsLong(Message::delivered), n.applyAsLong(m -> !m.delivered()),
                    n.applyAsLong(Message::complained), n.applyAsLong(Message::humanOpen),
                    n.applyAsLong(Message::machineOpen), n.applyAsLong(Message::humanClick));
        }
    }

    /**
     * Sends, deliveries, hard bounces, opens by people and by image proxies, clicks and a complaint, spread over
     * the {@code days} days before the server's present (its clock stands still), a day's traffic a request.
     */
    private static List<Message> seedTraffic(String tenant, int days) {
        Instant today = postcard.clock().instant().truncatedTo(ChronoUnit.DAYS);
        List<Message> all = new ArrayList<>();
        for (int day = 0; day < days; day++) {
            Instant start = today.minus(Duration.ofDays(days - day)).plus(Duration.ofHours(9));
            int messages = 30 + 7 * day + (day % 3) * 11;
            ArrayNode batch = EventCodec.MAPPER.createArrayNode();
            for (int k = 0; k < messages; k++) {
                boolean delivered = (k + day) % (9 + day % 4) != 0;
                Message m = new Message("msg_" + tenant + "_" + day + "_" + k, start.plus(Duration.ofMinutes(3L * k)),
                        k % 3 == 0 ? "welcome" : k % 3 == 1 ? "digest" : "receipt",
                        "user" + k + "@" + List.of("gmail.com", "example.org", "outlook.com").get(k % 3), delivered,
                        delivered && (k + day) % 5 < 3 - day % 2, delivered && k % 4 == 1,
                        delivered && (k + day) % 5 == 0 && (k + day) % 5 < 3 - day % 2,
                        delivered && k == 7 && day % 4 == 2);
                all.add(m);
                event(batch, m, "email.sent", 0, null);
                event(batch, m, delivered ? "email.delivered" : "email.bounced", 1, null);
                if (m.humanOpen()) {
                    event(batch, m, "email.opened", 30, false);
                }
                if (m.machineOpen()) {
                    event(batch, m, "email.opened", 2, true);
                }
                if (m.humanClick()) {
                    event(batch, m, "email.clicked", 45, false);
                }
                if (m.complained()) {
                    event(batch, m, "email.complained", 60, null);
                }
            }
            JsonNode answer = asTenant(tenant, "POST", "/v1/events", batch.toString(), 200);
            for (JsonNode row : answer.path("data")) {
                assertThat(row.path("status").asText()).as(row.toString()).isEqualTo("created");
            }
        }
        return all;
    }

    private static void event(ArrayNode batch, Message m, String type, int minutesAfter, Boolean machine) {
        ObjectNode event = batch.addObject();
        event.put("type", type);
        event.put("created_at", EventCodec.formatInstant(m.sentAt().plus(Duration.ofMinutes(minutesAfter))));
        ObjectNode data = event.putObject("data");
        data.put("email_id", m.id());
        data.put("to", m.to());
        data.putArray("tags").add(m.tag());
        if (type.equals("email.bounced")) {
            data.put("bounce_type", "hard");
        }
        if (type.equals("email.clicked")) {
            data.put("url", "https://shop.example/offer");
        }
        if (machine != null) {
            data.put("machine", machine);
        }
    }

    private static void shopEvent(String type, String person) {
        String extra = switch (type) {
            case "email.bounced" -> ", \"bounce_type\": \"hard\"";
            case "email.clicked" -> ", \"url\": \"https://shop.example/cart\"";
            default -> "";
        };
        asTenant("shop", "POST", "/v1/events", "{\"type\": \"" + type + "\", \"data\": {\"to\": \"" + person
                + "@example.com\", \"tags\": [\"orders\"]" + extra + "}}", 201);
    }

    private static long count(JsonNode page, java.util.function.Predicate<JsonNode> which) {
        long n = 0;
        for (JsonNode d : page.path("data")) {
            n += which.test(d) ? 1 : 0;
        }
        return n;
    }

    private static void awaitDeliveries(String tenant, String path, java.util.function.Predicate<JsonNode> done, String what) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = asTenant(tenant, "GET", path, null, 200);
            if (done.test(last)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("waited a minute for " + what + "; last answer: " + last);
    }

    private static JsonNode asTenant(String tenant, String method, String path, String body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(postcard.uri(path))
                .header("Authorization", "Bearer " + RunningPostcard.ADMIN_KEY).header("X-Tenant-ID", tenant);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = postcard.send(request.build());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        try {
            return EventCodec.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As the page shows a rate: one decimal, "–" without a denominator, at most 100%. */
    private static String percent(long numerator, long denominator) {
        if (denominator == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.1f%%", Math.min(1.0, (double) numerator / denominator) * 100);
    }

    // --- browser ---------------------------------------------------------------------------------------------

    private void signedInAsAdmin(String hash) {
        browser.openSignedOut(postcard.dashboardUrl() + hash);
        WebElement input = browser.find("#api-key");
        input.sendKeys(RunningPostcard.ADMIN_KEY);
        browser.find("#sign-in-form button[type='submit']").click();
        browser.find("#nav-list a");
    }

    private void actFor(String tenant) {
        new Select(browser.find("#tenant")).selectByValue(tenant);
        browser.until(d -> tenant.equals(browser.script("return sessionStorage.getItem('postcard.tenant')")) ? Boolean.TRUE
                : null, "the tenant switch");
    }

    /**
     * Writes the visible page, at exactly 1280×900, into target/screenshots, and into the project's docs/images,
     * which the README shows, when {@code -Dpostcard.readme.pictures=true}.
     */
    private static void writeDocsImage(String name) throws IOException {
        browser.until(d -> (Boolean) browser.script("return !document.querySelector('#page [aria-busy]')"),
                "the page to finish loading");
        browser.driver().executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", DOCS_WIDTH,
                "height", DOCS_HEIGHT, "deviceScaleFactor", 1, "mobile", false));
        try {
            byte[] picture = browser.driver().getScreenshotAs(OutputType.BYTES);
            Path screenshots = Path.of("target", "screenshots");
            Files.createDirectories(screenshots);
            Files.write(screenshots.resolve(name), picture);
            // Only when asked: otherwise every run would change the committed pictures (new ids each time).
            if (Boolean.getBoolean("postcard.readme.pictures")) {
                Path images = projectRoot().resolve("docs").resolve("images");
                Files.createDirectories(images);
                Files.write(images.resolve(name), picture);
            }
        } finally {
            browser.driver().executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /** The checkout's root: Maven runs the tests in the module's directory ({@code basedir}), one below it. */
    private static Path projectRoot() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path root = module.getParent();
        if (root == null || !Files.isRegularFile(root.resolve("README.md")) || !Files.isDirectory(root.resolve("docs"))) {
            throw new IllegalStateException("not run from postcard-server inside the project: " + module);
        }
        return root;
    }
}
