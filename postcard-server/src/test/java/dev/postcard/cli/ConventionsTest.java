package dev.postcard.cli;

import static dev.postcard.cli.CliServers.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.storage.Dialect;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** What every command shares: usage errors, exit statuses, one-line errors, help with defaults, the tenant. */
class ConventionsTest {
    private static final CliServers SERVERS = new CliServers();

    @AfterAll
    static void stop() {
        SERVERS.close();
    }

    @Test
    void aBarePostcardOrGroupPrintsUsageOnStderrAndExitsTwo() {
        Cli.Run bare = Cli.run();
        assertThat(bare.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bare.out()).isEmpty();
        assertThat(bare.err()).startsWith("Usage: postcard").contains("webhooks", "replay", "verify", "completion");
        Cli.Run group = Cli.run("webhooks");
        assertThat(group.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(group.err()).startsWith("Usage: postcard webhooks").contains("rotate-secret");
    }

    @Test
    void aWrongCommandLineIsOneLineAndExitTwo() {
        Cli.Run unknown = Cli.run("webhooks", "list", "--colour");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).startsWith("postcard: Unknown option: '--colour'").hasLineCount(1)
                .contains("postcard webhooks list --help");
        Cli.Run badUrl = Cli.run("webhooks", "list", "--server", "localhost:8080", "--api-key", ADMIN);
        assertThat(badUrl.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badUrl.err()).startsWith("postcard: --server must be an http:// or https:// URL").hasLineCount(1);
    }

    @Test
    void anUnreachableServerIsNamedWithTheReasonInWords() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Cli.Run run = Cli.run("webhooks", "list", "--server", "http://localhost:" + port, "--api-key", ADMIN);
        assertThat(run.exit()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.err()).isEqualTo("postcard: cannot reach http://localhost:" + port + ": connection refused"
                + System.lineSeparator());
        Cli.Run unknownHost = Cli.run("stats", "--server", "http://no-such-host.invalid", "--api-key", ADMIN);
        assertThat(unknownHost.exit()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(unknownHost.err()).startsWith("postcard: cannot reach http://no-such-host.invalid: ")
                .doesNotContain("null").hasLineCount(1);
    }

    @Test
    void refusedKeysNotFoundAndServerErrorsHaveTheirOwnStatus() {
        String url = SERVERS.url(Dialect.SQLITE);
        Cli.Run badKey = Cli.run("keys", "list", "--server", url, "--api-key", "pck_not_a_real_key_00000000");
        assertThat(badKey.exit()).isEqualTo(ExitCodes.REFUSED_AUTH);
        assertThat(badKey.err()).startsWith("postcard: 401 ").hasLineCount(1);
        Cli.Run notFound = Cli.run("keys", "revoke", "key_nope", "--server", url, "--api-key", ADMIN);
        assertThat(notFound.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(notFound.err()).startsWith("postcard: 404 ").doesNotContain("null").hasLineCount(1);
    }

    @Test
    void helpShowsDefaultsAndTheExitStatusesButNeverTheKey() {
        Cli.Run help = Cli.run("webhooks", "test", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Default: email.delivered", "Default: http://localhost:8080", "Exit status:",
                "  3  not found (404)", "  4  the server cannot be reached", "  5  authentication refused (401, 403)");
        assertThat(help.out()).doesNotContainPattern("--api-key=<apiKey>\\s+API key \\(POSTCARD_API_KEY\\)\\s+Default");
        assertThat(Cli.run("--help").out()).contains("Exit status:");
        assertThat(Cli.run("serve", "--help").out()).as("serve's defaults come from the environment")
                .doesNotContain("Exit status:");
    }

    /** The real process: the environment's server, key and tenant, the exit status, and no key in --help. */
    @Test
    void theEnvironmentNamesServerKeyAndTenant() throws Exception {
        String tenant = SERVERS.tenant(Dialect.SQLITE);
        Cli.Run created = Cli.run("webhooks", "create", "--url", "https://hooks.example.com/env", "--events", "opened",
                "--server", SERVERS.url(Dialect.SQLITE), "--api-key", ADMIN, "--tenant", tenant, "--json");
        String id = created.json().path("id").asText();
        Map<String, String> env = Map.of("POSTCARD_URL", SERVERS.url(Dialect.SQLITE),
                "POSTCARD_API_KEY", ADMIN, "POSTCARD_TENANT", tenant);

        Process listed = process(env, "webhooks", "list");
        assertThat(new String(listed.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains(id);
        assertThat(listed.waitFor()).isZero();
        Process missing = process(env, "webhooks", "get", "wh_nope");
        assertThat(new String(missing.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .startsWith("postcard: 404 ");
        assertThat(missing.waitFor()).isEqualTo(ExitCodes.NOT_FOUND);
        Process help = process(env, "webhooks", "list", "--help");
        assertThat(new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("Default: " + SERVERS.url(Dialect.SQLITE)).doesNotContain(ADMIN).doesNotContain(tenant);
        assertThat(help.waitFor()).isZero();
        Process bare = process(env);
        assertThat(new String(bare.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .startsWith("Usage: postcard");
        assertThat(bare.waitFor()).isEqualTo(ExitCodes.USAGE);
    }

    private static Process process(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), PostcardCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("POSTCARD_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    @Test
    void anAdminKeyActsForTheTenantItNames() {
        String url = SERVERS.url(Dialect.SQLITE);
        String tenant = SERVERS.tenant(Dialect.SQLITE);
        Cli.Run created = Cli.run("webhooks", "create", "--url", "https://hooks.example.com/t", "--events", "opened",
                "--server", url, "--api-key", ADMIN, "--tenant", tenant, "--json");
        assertThat(created.exit()).as(created.err()).isZero();
        String key = Cli.run("keys", "create", "--name", "own", "--server", url, "--api-key", ADMIN, "--tenant", tenant,
                "--json").json().path("key").asText();
        assertThat(Cli.run("webhooks", "list", "--server", url, "--api-key", key).out())
                .contains(created.json().path("id").asText());
        assertThat(Cli.run("webhooks", "list", "--server", url, "--api-key", ADMIN).out())
                .doesNotContain(created.json().path("id").asText());
    }
}
