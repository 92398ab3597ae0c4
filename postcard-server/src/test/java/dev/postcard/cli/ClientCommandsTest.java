package dev.postcard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.server.PostcardServer;
import dev.postcard.server.ServerConfig;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
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

    @Test
    void keysAreCreatedListedAndRevoked() {
        Run created = run("keys", "create", "--server", url, "--api-key", ADMIN, "--name", "ci", "--json");
        assertThat(created.exit()).as(created.err()).isZero();
        JsonNode json = TestJson.parse(created.out());
        String id = json.path("id").asText();
        String key = json.path("key").asText();
        assertThat(key).startsWith("pck_");
        Run shown = run("keys", "create", "--server", url, "--api-key", ADMIN, "--name", "people");
        assertThat(shown.out()).containsPattern("(?m)^key +pck_");
        assertThat(shown.err()).contains("shown only now");

        Run listed = run("keys", "list", "--server", url, "--api-key", key);
        assertThat(listed.out()).contains(id, "ci").doesNotContain(key);

        assertThat(run("keys", "revoke", id, "--server", url, "--api-key", ADMIN).exit()).isZero();
        Run refused = run("keys", "list", "--server", url, "--api-key", key);
        assertThat(refused.exit()).isEqualTo(ExitCodes.REFUSED_AUTH);
        assertThat(refused.err()).startsWith("postcard: 401");
        assertThat(run("keys", "revoke", "key_nope", "--server", url, "--api-key", ADMIN).exit())
                .isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void eventsAreListedAsATableOrJsonWithFiltersAndReadOneByOne() {
        run("keys", "create", "--server", url, "--api-key", ADMIN, "--name", "one");
        Run listed = run("events", "list", "--server", url, "--api-key", ADMIN, "--type", "api_key.created", "--json");
        assertThat(listed.exit()).as(listed.err()).isZero();
        JsonNode events = TestJson.parse(listed.out());
        assertThat(events).hasSize(1).allSatisfy(e -> assertThat(e.path("type").asText()).isEqualTo("api_key.created"));
        String id = events.get(0).path("id").asText();

        Run table = run("events", "list", "--server", url, "--api-key", ADMIN, "--type", "api_key.created");
        assertThat(table.out().lines().toList()).hasSize(2).first().asString().startsWith("CREATED  ");
        assertThat(table.out()).contains(id, "api_key.created");

        Run read = run("events", "get", id, "--server", url, "--api-key", ADMIN, "--json");
        assertThat(TestJson.parse(read.out())).isEqualTo(events.get(0));
        assertThat(run("events", "get", id, "--server", url, "--api-key", ADMIN).out())
                .containsPattern("(?m)^type +api_key.created$");
        assertThat(run("events", "get", "evt_nope", "--server", url, "--api-key", ADMIN).exit())
                .isEqualTo(ExitCodes.NOT_FOUND);

        Run bad = run("events", "list", "--server", url, "--api-key", ADMIN, "--type", "nope");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("400", "type");
    }

    @Test
    void aMissingKeyIsExplained() {
        Run run = run("events", "list", "--server", url, "--api-key", "");
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("API key");
    }
}
