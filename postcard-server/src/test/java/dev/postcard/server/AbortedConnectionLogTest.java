package dev.postcard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabases;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A client that goes away in the middle of its request is the client's business: the server notes it at most
 * in one line, without a stack trace, so a scanner or a flaky network cannot fill the logs.
 */
class AbortedConnectionLogTest {
    private static final String ADMIN_KEY = "pck_aborted_admin_key_0123456789";

    @Test
    void aClientThatGoesAwayMidRequestLeavesNoWarningWithAStackTrace() throws Exception {
        ServerConfig config = ServerConfig.defaults(Files.createTempDirectory("postcard-aborted"))
                .withDatabaseUrl(TestDatabases.freshSqliteUrl()).withAdminKey(ADMIN_KEY).withClock(MovableClock.atStart());
        List<LogRecord> records;
        try (CapturedLogs logs = new CapturedLogs(); PostcardServer server = PostcardServer.start(config)) {
            for (int i = 0; i < 5; i++) {
                try (Socket socket = new Socket("localhost", server.port())) {
                    socket.getOutputStream().write(("POST /v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                            + ADMIN_KEY + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"type\":")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                    socket.setSoLinger(true, 0); // a reset, as a client that crashed
                }
            }
            awaitHandled(server, 5);
            records = logs.records();
        }

        assertThat(records).as("warnings with a stack trace")
                .filteredOn(r -> r.getLevel().intValue() >= Level.WARNING.intValue() && r.getThrown() != null)
                .isEmpty();
    }

    /** Waits (at most 20 s) until the metrics count {@code count} answered POSTs to /v1/events. */
    private static void awaitHandled(PostcardServer server, int count) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Pattern answered = Pattern.compile("(?m)^postcard_http_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*"
                + "route=\"/v1/events\"[^}]*} ([0-9.]+)$");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            String scrape = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/metrics"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = answered.matcher(scrape);
            if (m.find() && Double.parseDouble(m.group(1)) >= count) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the server did not finish the aborted requests");
    }
}
