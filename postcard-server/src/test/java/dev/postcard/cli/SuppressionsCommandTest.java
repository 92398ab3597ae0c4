package dev.postcard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.InvalidInputException;
import dev.postcard.server.PostcardServer;
import dev.postcard.server.ServerConfig;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code postcard suppressions list|add|remove} against a real server, and the soft bounce limit setting. */
class SuppressionsCommandTest {
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
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PostcardCli.command();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void addressesAreAddedListedAndRemoved() {
        Run added = run("suppressions", "add", "Ops@Example.com", "--note", "asked by phone",
                "--expires-at", "2999-01-01T00:00:00Z", "--server", url, "--api-key", ADMIN);
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).containsPattern("(?m)^address +ops@example.com$").containsPattern("(?m)^reason +manual$")
                .containsPattern("(?m)^expires_at +2999-01-01T00:00:00.000Z$").containsPattern("(?m)^note +asked by phone$");
        run("suppressions", "add", "two@example.com", "--server", url, "--api-key", ADMIN);

        Run listed = run("suppressions", "list", "--server", url, "--api-key", ADMIN);
        assertThat(listed.exit()).as(listed.err()).isZero();
        // A header, then one line an entry.
        assertThat(listed.out().lines()).hasSize(3).anySatisfy(l -> assertThat(l).startsWith("ops@example.com  manual"));
        assertThat(run("suppressions", "list", "--limit", "1", "--server", url, "--api-key", ADMIN).out().lines()).hasSize(2);
        assertThat(run("suppressions", "list", "--reason", "complaint", "--server", url, "--api-key", ADMIN).out()).isEmpty();
        assertThat(run("suppressions", "get", "OPS@example.com", "--server", url, "--api-key", ADMIN).out())
                .containsPattern("(?m)^reason +manual$");

        Run removed = run("suppressions", "remove", "OPS@example.com", "--server", url, "--api-key", ADMIN);
        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(run("suppressions", "list", "--server", url, "--api-key", ADMIN).out()).doesNotContain("ops@example.com");

        Run missing = run("suppressions", "remove", "ops@example.com", "--server", url, "--api-key", ADMIN);
        assertThat(missing.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(missing.err()).contains("404");
        assertThat(run("suppressions", "get", "ops@example.com", "--server", url, "--api-key", ADMIN).exit())
                .isEqualTo(ExitCodes.NOT_FOUND);
        Run bad = run("suppressions", "add", "not an address", "--server", url, "--api-key", ADMIN);
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("400", "address");
    }

    @Test
    void theSoftBounceLimitIsAServeSetting() {
        assertThat(parse("--soft-bounce-limit", "5").softBounceLimit()).isEqualTo(5);
        assertThat(parse().softBounceLimit()).isEqualTo(3);
        assertThat(ServeCommandTest.parse(Map.of("POSTCARD_SOFT_BOUNCE_LIMIT", "4")).softBounceLimit()).isEqualTo(4);
        assertThatThrownBy(() -> parse("--soft-bounce-limit", "0")).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_SOFT_BOUNCE_LIMIT");
    }

    private static ServerConfig parse(String... args) {
        return ServeCommandTest.parse(args);
    }
}
