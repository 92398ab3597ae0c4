package dev.postcard.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.postcard.testing.TestDatabases;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard in deploy/grafana queries only metrics the server exports: a server that has served
 * requests and delivered a webhook is scraped, and every metric name in every panel's query must be among its
 * series.
 */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "postcard.json");
    /** A metric name in PromQL: the names of the exporters the dashboard reads. */
    private static final Pattern METRIC = Pattern.compile("\\b(?:postcard|jvm|process)_[a-z_]+\\b");
    private static final Pattern SERIES = Pattern.compile("(?m)^([a-z_:][a-z0-9_:]*)[{ ]");

    @Test
    void everyQueryNamesAMetricTheServerExports() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets").size()).as("panel %s has a query", panel.path("title")).isPositive();
            for (JsonNode target : panel.path("targets")) {
                Matcher m = METRIC.matcher(target.path("expr").asText());
                while (m.find()) {
                    queried.add(m.group());
                }
            }
        }
        assertThat(queried).contains("postcard_http_requests_seconds_bucket", "postcard_webhook_attempts_seconds_count",
                "postcard_db_connections", "postcard_build_info");

        Set<String> exported = scrapeAfterTraffic();

        assertThat(exported).containsAll(queried);
    }

    /** The series names of /metrics once a request was served and a webhook delivered. */
    private static Set<String> scrapeAfterTraffic() throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try (TestServer server = TestServer.start(TestServer.config(TestDatabases.freshSqliteUrl()).toBuilder()
                .allowPrivateNetworks(true).build())) {
            String key = server.tenantKey("acme");
            assertThat(server.post("/v1/webhooks", key, "{\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hook\", \"events\": [\"*\"]}").statusCode()).isEqualTo(201);
            assertThat(server.post("/v1/events", key, "{\"type\": \"email.delivered\", \"data\": {}}").statusCode())
                    .isEqualTo(201);
            String metrics = "";
            for (int i = 0; i < 100 && !metrics.contains("postcard_webhook_attempt_outcomes_total{"); i++) {
                Thread.sleep(100);
                metrics = server.get("/metrics").body();
            }
            Set<String> names = new TreeSet<>();
            Matcher m = SERIES.matcher(metrics);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        } finally {
            receiver.stop(0);
        }
    }
}
