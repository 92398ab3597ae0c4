package dev.postcard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.server.PostcardServer;
import dev.postcard.server.ServerConfig;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.Writer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The client commands against a real server. */
class ClientCommandsTest {
    private static final String ADMIN = "pck_cli_test_admin_key_0123456789";
    private PostcardServer server;
    private String url;

    @BeforeEach
    void start() throws Exception {
        server = PostcardServer.start(ServerConfig.defaults(Files.createTempDirectory("postcard-cli"))
                .withDatabaseUrl(TestDatabases.freshSqliteUrl()).withAdminKey(ADMIN)
                .withClock(MovableClock.atStart()));
        url = "http://localhost:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        return run(new StringWriter(), args);
    }

    private Run run(Writer err, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = PostcardCli.command();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** A command's stderr that a test can wait on for its first line, written from the command's thread. */
    private static final class WatchedErr extends Writer {
        private final StringBuffer text = new StringBuffer();
        private final CompletableFuture<String> firstLine = new CompletableFuture<>();

        @Override
        public void write(char[] chars, int offset, int length) {
            text.append(chars, offset, length);
            int end = text.indexOf("\n");
            if (end >= 0) {
                firstLine.complete(text.substring(0, end).strip());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        String firstLine(Duration timeout) throws Exception {
            return firstLine.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    @Test
    void keysAreCreatedListedAndRevoked() {
        Run created = run("keys", "create", "--server", url, "--api-key", ADMIN, "--name", "ci");
        assertThat(created.exit()).as(created.err()).isZero();
        String id = created.out().lines().filter(l -> l.startsWith("id:")).findFirst().orElseThrow().substring(4).strip();
        String key = created.out().lines().filter(l -> l.startsWith("key:")).findFirst().orElseThrow().substring(5).strip();
        assertThat(key).startsWith("pck_");

        Run listed = run("keys", "list", "--server", url, "--api-key", key);
        assertThat(listed.out()).contains(id, "ci").doesNotContain(key);

        assertThat(run("keys", "revoke", id, "--server", url, "--api-key", ADMIN).exit()).isZero();
        Run refused = run("keys", "list", "--server", url, "--api-key", key);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("401");
    }

    @Test
    void eventsListPrintsEnvelopesWithFilters() {
        run("keys", "create", "--server", url, "--api-key", ADMIN, "--name", "one");
        Run listed = run("events", "list", "--server", url, "--api-key", ADMIN, "--type", "api_key.created");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out().lines()).hasSize(1).allSatisfy(l -> assertThat(l).contains("\"type\":\"api_key.created\""));

        Run bad = run("events", "list", "--server", url, "--api-key", ADMIN, "--type", "nope");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("400", "type");
    }

    @Test
    void tailPrintsEventsRecordedAfterItStarts() throws Exception {
        run("keys", "create", "--server", url, "--api-key", ADMIN, "--name", "before");
        String before = run("events", "list", "--server", url, "--api-key", ADMIN, "--limit", "1").out();
        WatchedErr err = new WatchedErr();
        CompletableFuture<Run> tail = CompletableFuture.supplyAsync(() -> run(err, "events", "tail", "--server", url,
                "--api-key", ADMIN, "--interval", "100", "--max-events", "1"));
        // Tail says when it has taken its starting point: an event recorded after that line is new to it.
        String notice = err.firstLine(Duration.ofSeconds(20));
        assertThat(notice).startsWith("following new events after evt_");
        assertThat(before).as("the newest event before tail started").contains(notice.split(" ")[4]);
        HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/v1/events"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"evt_tail_1\", \"type\": \"email.sent\", \"data\": {}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(201);
        Run printed = tail.get(20, TimeUnit.SECONDS);
        assertThat(printed.out().lines()).singleElement().satisfies(l -> assertThat(l).contains("evt_tail_1"));
    }

    @Test
    void aMissingKeyIsExplained() {
        Run run = run("events", "list", "--server", url, "--api-key", "");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("API key");
    }
}
