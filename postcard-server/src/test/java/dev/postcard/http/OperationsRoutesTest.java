package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code /healthz}, {@code /readyz} and {@code /metrics}: no key needed. */
class OperationsRoutesTest {
    private static final Pattern SENT_STORED = Pattern.compile(
            "(?m)^postcard_events_stored(?:_total)?\\{[^}]*type=\"email\\.sent\"[^}]*} ([0-9.eE+]+)$");

    private static final Pattern PROJECTION_LAG = Pattern.compile("(?m)^postcard_projection_lag_seconds ([0-9.eE+-]+)$");

    @EachDatabase
    void healthAndReadinessAnswerOk(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            HttpResponse<String> health = server.get("/healthz");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(TestServer.json(health).get("status").asText()).isEqualTo("ok");

            HttpResponse<String> ready = server.get("/readyz");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(TestServer.json(ready).get("database").asText()).isEqualTo("up");
            assertThat(server.send(server.request("/healthz").HEAD().build()).statusCode()).isEqualTo(200);
        }
    }

    @EachDatabase
    void aLoopThatFailsWithAnErrorRunsAgainAndIsNotReadyUntilItPasses(TestDatabase db) throws Exception {
        try (TestServer server = TestServer.start(db.url())) {
            List<String> heard = new CopyOnWriteArrayList<>();
            server.server().postcard().on("email.sent", stored -> {
                heard.add(stored.event().id());
                if (heard.size() == 1) {
                    throw new StackOverflowError("thrown by the test's listener");
                }
            });

            server.post("/v1/events", ADMIN_KEY, Events.envelope("evt_fails", "email.sent", ""));
            HttpResponse<String> failing = awaitReadyz(server, 503);
            server.post("/v1/events", ADMIN_KEY, Events.envelope("evt_heard", "email.sent", ""));
            HttpResponse<String> again = awaitReadyz(server, 200);

            assertThat(TestServer.json(failing).at("/failing/0/loop").asText()).isEqualTo("listeners");
            assertThat(TestServer.json(failing).at("/failing/0/error").asText()).isEqualTo("java.lang.StackOverflowError");
            assertThat(TestServer.json(failing).get("database").asText()).isEqualTo("up");
            assertThat(heard).as("the dispatcher ran on after the error").containsExactly("evt_fails", "evt_heard");
            assertThat(TestServer.json(again).get("failing")).isEmpty();
        }
    }

    private static HttpResponse<String> awaitReadyz(TestServer server, int status) throws InterruptedException {
        HttpResponse<String> ready = server.get("/readyz");
        for (int i = 0; i < 500 && ready.statusCode() != status; i++) {
            Thread.sleep(20);
            ready = server.get("/readyz");
        }
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(status);
        return ready;
    }

    @EachDatabase
    void metricsCountRequestsAndStoredEvents(TestDatabase db) throws InterruptedException {
        try (TestServer server = TestServer.start(db.url())) {
            server.post("/v1/events", ADMIN_KEY, Events.envelope("evt_m1", "email.sent", ""));
            server.post("/v1/events", ADMIN_KEY, Events.envelope("evt_m2", "email.sent", ""));
            server.post("/v1/events", ADMIN_KEY, Events.envelope("evt_m1", "email.sent", ""));

            // Stored events are counted by an in-process listener, after the request has been answered.
            HttpResponse<String> metrics = server.get("/metrics");
            for (int i = 0; i < 100 && storedSent(metrics.body()) < 2; i++) {
                Thread.sleep(20);
                metrics = server.get("/metrics");
            }

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(metrics.body()).contains("postcard_http_requests").contains("route=\"/v1/events\"");
            assertThat(metrics.body()).as("latency with buckets, which add up across nodes")
                    .containsPattern("(?m)^postcard_http_requests_seconds_bucket\\{[^}]*route=\"/v1/events\"[^}]*le=\"0\\.005\"")
                    .containsPattern("(?m)^postcard_build_info\\{commit=\"[^\"]+\",version=\"[^\"]+\"} 1$");
            assertThat(storedSent(metrics.body())).as("duplicates are not stored again").isEqualTo(2.0);
            assertThat(metrics.body()).as("the connection pool")
                    .containsPattern("(?m)^postcard_db_connections\\{state=\"active\"} \\d")
                    .containsPattern("(?m)^postcard_db_connections\\{state=\"idle\"} \\d")
                    .containsPattern("(?m)^postcard_db_connections_max [1-9]")
                    .containsPattern("(?m)^postcard_db_connections_pending 0");

            // Stats follow the log: the lag gauge is back at 0 once they hold both events.
            for (int i = 0; i < 250 && projectionLag(metrics.body()) != 0; i++) {
                Thread.sleep(20);
                metrics = server.get("/metrics");
            }
            assertThat(projectionLag(metrics.body())).isZero();
        }
    }

    private static double projectionLag(String scrape) {
        Matcher m = PROJECTION_LAG.matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    @EachDatabase
    void clientsCannotGrowOrForgeMetricLabels(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (int i = 0; i < 300; i++) {
                server.get("/v1/unknown-" + i, ADMIN_KEY);
                server.get("/scan/" + i + "/wp-login.php");
                server.send(server.request("/v1/events").method("BREW" + i, HttpRequest.BodyPublishers.noBody()).build());
            }
            for (int i = 0; i < 5; i++) {
                server.get("/v1/events%205xx", ADMIN_KEY);
            }

            String scrape = server.get("/metrics").body();
            List<String> series = scrape.lines().filter(l -> l.startsWith("postcard_http_requests_seconds_count")).toList();

            assertThat(series).as(String.join("\n", series)).hasSizeLessThanOrEqualTo(12);
            assertThat(scrape).doesNotContain("unknown-").doesNotContain("wp-login").doesNotContain("BREW")
                    .doesNotContain("events 5xx");
            assertThat(series).anySatisfy(l -> assertThat(l).contains("route=\"other\"", "status=\"4xx\""));
            assertThat(series).noneSatisfy(l -> assertThat(l).contains("status=\"5xx\""));
        }
    }

    @EachDatabase
    void aMetricsKeyGuardsTheMetrics(TestDatabase db) {
        String metricsKey = "metrics-key-0123456789";
        try (TestServer server = TestServer.start(TestServer.config(db.url()).toBuilder()
                .metricsKey(java.util.Optional.of(metricsKey)).build())) {
            Problems.assertProblem(server.get("/metrics"), 401);
            Problems.assertProblem(server.get("/metrics", ADMIN_KEY), 401);
            assertThat(server.get("/metrics", metricsKey).statusCode()).isEqualTo(200);
            assertThat(server.get("/healthz").statusCode()).as("health stays open").isEqualTo(200);
        }
    }

    private static double storedSent(String scrape) {
        Matcher m = SENT_STORED.matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
