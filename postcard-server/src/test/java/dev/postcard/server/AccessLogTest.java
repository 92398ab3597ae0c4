package dev.postcard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.event.EventCodec;
import dev.postcard.testing.MovableClock;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POSTCARD_ACCESS_LOG: a line per request with its parts as JSON fields, never the query string. */
class AccessLogTest {
    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private List<LogRecord> accessLines(boolean accessLog) throws IOException, InterruptedException {
        ServerConfig config = ServerConfig.defaults(dataDir).withClock(MovableClock.atStart()).toBuilder().port(0)
                .accessLog(accessLog).build();
        try (CapturedLogs logs = new CapturedLogs(); PostcardServer server = PostcardServer.start(config)) {
            String base = "http://localhost:" + server.port();
            for (String path : List.of("/healthz?token=s3cr3t-in-the-query", "/v1/events", "/no/such/route")) {
                client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            // A request's line is written once its answer has gone out: the last may come after the client has it.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (accessRecords(logs).size() < (accessLog ? 3 : 0) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            return accessRecords(logs);
        }
    }

    private static List<LogRecord> accessRecords(CapturedLogs logs) {
        return logs.records().stream().filter(r -> "postcard.access".equals(r.getLoggerName())).toList();
    }

    @Test
    void eachRequestIsOneLineWithItsPartsAsFields() throws IOException, InterruptedException {
        List<LogRecord> lines = accessLines(true);

        assertThat(lines).extracting(LogRecord::getMessage).hasSize(3)
                .allSatisfy(line -> assertThat(line).doesNotContain("s3cr3t").doesNotContain("?"));
        JsonNode health = EventCodec.MAPPER.readTree(new JsonLogFormatter().format(lines.get(0)));
        assertThat(health.get("logger").asText()).isEqualTo("postcard.access");
        assertThat(health.get("method").asText()).isEqualTo("GET");
        assertThat(health.get("path").asText()).isEqualTo("/healthz");
        assertThat(health.get("status").asInt()).isEqualTo(200);
        assertThat(health.get("client").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(health.get("duration_ms").isNumber()).isTrue();
        JsonNode unauthorized = EventCodec.MAPPER.readTree(new JsonLogFormatter().format(lines.get(1)));
        assertThat(unauthorized.get("status").asInt()).isEqualTo(401);
        assertThat(lines.get(2).getMessage()).contains("GET /no/such/route 404");
    }

    @Test
    void offByDefault() throws IOException, InterruptedException {
        assertThat(accessLines(false)).isEmpty();
    }
}
