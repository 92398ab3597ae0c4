package dev.postcard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.InvalidInputException;
import dev.postcard.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings file: keys are the variables' names in lower case, and the environment and flags win over it. */
class SettingsFileTest {
    @TempDir
    Path dir;

    private Path write(String toml) throws IOException {
        return Files.writeString(dir.resolve("postcard.toml"), toml);
    }

    /** What the command line refuses: picocli wraps the setting's refusal in its own parameter exception. */
    private static InvalidInputException refusal(Map<String, String> environment, String... args) {
        try {
            ServeCommandTest.parse(environment, args);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof InvalidInputException invalid) {
                    return invalid;
                }
            }
            throw new AssertionError("refused, but not as a setting", e);
        }
        throw new AssertionError("accepted: " + String.join(" ", args));
    }

    private static InvalidInputException refusal(Path file) {
        return refusal(Map.of(), "--config", file.toString());
    }

    @Test
    void aFileSetsTheSettingsNoFlagOrVariableGives() throws IOException {
        Path file = write("""
                # comments are fine
                port = 9191
                public-url = "https://t.example.com"
                allow_private_networks = true
                bounce_domain = ["bounces.example.com", "returns.example.org"]
                delivery_retry_schedule = "1s,2m"

                [database]
                url = "postgres://app:secret@db.example.com/app"

                [retention]
                events = "forever"
                """);

        ServerConfig config = ServeCommandTest.parse("--config", file.toString());

        assertThat(config.port()).isEqualTo(9191);
        assertThat(config.publicUrl()).isEqualTo("https://t.example.com");
        assertThat(config.allowPrivateNetworks()).isTrue();
        assertThat(config.bounceDomains()).containsExactly("bounces.example.com", "returns.example.org");
        assertThat(config.deliveryRetrySchedule()).containsExactly(Duration.ofSeconds(1), Duration.ofMinutes(2));
        assertThat(config.databaseUrl()).contains("postgres://app:secret@db.example.com/app");
        assertThat(config.retention().events()).isEmpty();
        // What the file leaves out keeps its default.
        assertThat(config.deliveryTimeout()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void theEnvironmentWinsOverTheFileAndAFlagOverBoth() throws IOException {
        Path file = write("port = 9191\npublic_url = \"https://file.example.com\"\nbase_path = \"/from-file\"\n");

        ServerConfig config = ServeCommandTest.parse(Map.of("POSTCARD_CONFIG", file.toString(),
                "POSTCARD_PUBLIC_URL", "https://env.example.com", "POSTCARD_PORT", "9292"), "--port", "9393");

        assertThat(config.port()).isEqualTo(9393);
        assertThat(config.publicUrl()).isEqualTo("https://env.example.com");
        assertThat(config.basePath()).isEqualTo("/from-file");
    }

    @Test
    void aKeyEndingInFileReadsTheValueFromThatFile() throws IOException {
        Path key = Files.writeString(dir.resolve("admin_key"), "pck_admin_from_a_secret_file_0123456789\n");
        Path file = write("admin_key_file = \"" + key + "\"\n");

        assertThat(ServeCommandTest.parse("--config", file.toString()).adminKey())
                .contains("pck_admin_from_a_secret_file_0123456789");
    }

    @Test
    void aKeyThatIsNoSettingIsRefusedNamingIt() throws IOException {
        Path file = write("prot = 8080\n");

        InvalidInputException refusal = refusal(file);

        assertThat(refusal.getMessage()).contains("'prot' is not a setting");
        assertThat(refusal.field()).isEqualTo("POSTCARD_CONFIG");
    }

    @Test
    void theFileCannotNameAnotherFileOrSetAValueTwice() throws IOException {
        assertThat(refusal(write("config = \"other.toml\"\n")).getMessage()).contains("'config' is not a setting");
        assertThat(refusal(write("database_url = \"jdbc:sqlite:a.db\"\n[database]\nurl = \"jdbc:sqlite:b.db\"\n"))
                .getMessage()).contains("'database_url' is set twice");
        assertThat(refusal(write("admin_key = \"pck_admin_0123456789abcdef\"\nadmin_key_file = \"/run/secrets/k\"\n"))
                .getMessage()).contains("set 'admin_key' or 'admin_key_file', not both");
    }

    @Test
    void aFileThatIsNotTomlOrCannotBeReadIsRefusedNamingIt() throws IOException {
        Path broken = write("port = 80\npublic_url = \"https://unterminated\n");

        assertThat(refusal(broken).getMessage()).startsWith("POSTCARD_CONFIG: " + broken + " is not valid TOML (line 2)");
        Path missing = dir.resolve("missing.toml");
        assertThat(refusal(Map.of("POSTCARD_CONFIG", missing.toString())).getMessage())
                .isEqualTo("POSTCARD_CONFIG: cannot read " + missing + " (NoSuchFileException)");
    }

    @Test
    void serveRefusesABadFileInOneLineBeforeItStarts() throws IOException {
        Path file = write("prot = 8080\n");

        Cli.Run run = Cli.run("serve", "--config", file.toString(), "--data-dir", dir.resolve("data").toString());

        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("postcard: POSTCARD_CONFIG: " + file + ": 'prot' is not a setting (see"
                + " 'postcard serve --help': each key is a variable without POSTCARD_, in lower case)"
                + System.lineSeparator());
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void theCommandsThatOpenTheDatabaseReadTheSameFile() throws IOException {
        Path data = dir.resolve("from-the-file");
        // serve's settings are allowed in the file that migrate reads: one file serves every command.
        Path file = write("port = 9191\ndata_dir = \"" + data + "\"\n");

        Cli.Run migrate = Cli.run("migrate", "--config", file.toString());

        assertThat(migrate.exit()).as(migrate.err()).isZero();
        assertThat(migrate.out()).startsWith("applied V1, ");
        assertThat(data.resolve("postcard.db")).exists();
        assertThat(Cli.run("info", "--config", file.toString()).out()).contains("Success");
    }

    @Test
    void anOptionWhoseHelpNamesNoVariableIsNoSetting() throws IOException {
        // secrets status --json reads settings from the file, but --json itself is a choice of the command line.
        Path file = write("json = true\n");

        Cli.Run run = Cli.run("migrate", "--config", file.toString());

        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("'json' is not a setting");
    }

    @Test
    void theHelpOfACommandThatReadsTheFileShowsNoValueFromIt() throws IOException {
        Path file = write("database_url = \"postgres://app:password-in-the-file@db.example.com/app\"\n");

        for (String command : new String[] {"serve", "migrate", "info", "backup", "restore"}) {
            Cli.Run help = Cli.run(command, "--config", file.toString(), "--help");

            assertThat(help.exit()).as(command).isZero();
            assertThat(help.out()).as(command).contains("--database-url").doesNotContain("password-in-the-file");
        }
    }
}
