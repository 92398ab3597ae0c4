package dev.postcard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.InvalidInputException;
import dev.postcard.alerts.AlertThresholds;
import dev.postcard.engine.Retention;
import dev.postcard.secrets.SecretsKey;
import dev.postcard.server.HttpTimeouts;
import dev.postcard.server.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Flags and environment variables become the server's settings; bad values are refused naming the setting. */
class ServeCommandTest {
    /** The settings of these flags in an environment without any POSTCARD_ variable, whatever the build's is. */
    static ServerConfig parse(String... args) {
        return parse(Map.of(), args);
    }

    static ServerConfig parse(Map<String, String> environment, String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).setDefaultValueProvider(new SettingDefaults(environment)).parseArgs(args);
        return command.config();
    }

    @Test
    void flagsSetEverySetting() {
        ServerConfig config = parse("--port", "9090", "--data-dir", "/tmp/pc", "--public-url", "https://t.example.com",
                "--base-path", "/api", "--max-body", "512KiB", "--delivery-timeout", "20s",
                "--delivery-retry-schedule", "1s,2m", "--endpoint-disable-after", "2d", "--allow-private-networks",
                "--smtp-url", "smtps://u:p@mail.example.com:465", "--imap-url", "imaps://u:p@mail.example.com/Bounces",
                "--machine-click-window", "3s", "--click-excluded-domains", "example.com, docs.example.org",
                "--smtp-port", "2525", "--bounce-domain", "Bounces.Example.com, returns.example.org");
        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.publicUrl()).isEqualTo("https://t.example.com");
        assertThat(config.basePath()).isEqualTo("/api");
        assertThat(config.maxBody()).isEqualTo(512 * 1024);
        assertThat(config.deliveryTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.deliveryRetrySchedule()).containsExactly(Duration.ofSeconds(1), Duration.ofMinutes(2));
        assertThat(config.endpointDisableAfter()).isEqualTo(Duration.ofDays(2));
        assertThat(config.allowPrivateNetworks()).isTrue();
        assertThat(config.smtpUrl()).isPresent();
        assertThat(config.imapUrl()).isPresent();
        assertThat(config.machineClickWindow()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.clickExcludedDomains()).containsExactly("example.com", "docs.example.org");
        assertThat(config.smtpPort()).isEqualTo(2525);
        assertThat(config.bounceDomains()).containsExactly("bounces.example.com", "returns.example.org");
    }

    @Test
    void alertThresholdsAreSetByTheirFlagsAsPercentagesOrFractions() {
        ServerConfig config = parse("--alert-bounce-rate", "2.5%", "--alert-complaint-rate", "0.002",
                "--alert-window", "30m", "--alert-min-volume", "500");
        assertThat(config.alertThresholds())
                .isEqualTo(new AlertThresholds(0.025, 0.002, Duration.ofMinutes(30), 500));
    }

    @Test
    void alertThresholdsDefaultToThoseOfTheEngine() {
        assertThat(parse().alertThresholds()).isEqualTo(AlertThresholds.DEFAULT);
    }

    @Test
    void environmentVariablesSetTheSettingsAndFlagsWinOverThem() {
        Map<String, String> environment = Map.of("POSTCARD_PORT", "9090", "POSTCARD_PUBLIC_URL", "https://env.example",
                "POSTCARD_ALERT_BOUNCE_RATE", "2%", "POSTCARD_ALERT_MIN_VOLUME", "10", "POSTCARD_ALLOW_PRIVATE_NETWORKS", "true",
                "POSTCARD_BOUNCE_DOMAIN", "bounces.example.com", "POSTCARD_SMTP_PORT", "2525");

        ServerConfig fromEnvironment = parse(environment);
        assertThat(fromEnvironment.port()).isEqualTo(9090);
        assertThat(fromEnvironment.publicUrl()).isEqualTo("https://env.example");
        assertThat(fromEnvironment.alertThresholds())
                .isEqualTo(new AlertThresholds(0.02, 0.001, Duration.ofHours(1), 10));
        assertThat(fromEnvironment.allowPrivateNetworks()).isTrue();
        assertThat(fromEnvironment.smtpPort()).isEqualTo(2525);
        assertThat(fromEnvironment.bounceDomains()).containsExactly("bounces.example.com");

        ServerConfig flagged = parse(environment, "--port", "9191", "--alert-bounce-rate", "3%", "--smtp-port", "0");
        assertThat(flagged.port()).isEqualTo(9191);
        assertThat(flagged.alertThresholds().bounceRate()).isEqualTo(0.03);
        assertThat(flagged.smtpPort()).isZero();
        assertThat(flagged.publicUrl()).as("not flagged: still the variable").isEqualTo("https://env.example");
    }

    @Test
    void metricsPerTenantIsOffUnlessItsVariableOrFlagTurnsItOn() {
        assertThat(parse(Map.of()).metricsPerTenant()).isFalse();
        assertThat(parse(Map.of("POSTCARD_METRICS_PER_TENANT", "true")).metricsPerTenant()).isTrue();
        assertThat(parse(Map.of(), "--metrics-per-tenant").metricsPerTenant()).isTrue();
    }

    @Test
    void deliveryProxyIsAnHttpHostAndPortOrNothing() {
        assertThat(parse().deliveryProxy()).isEmpty();
        assertThat(parse(Map.of("POSTCARD_DELIVERY_PROXY", "http://egress.internal:3128")).deliveryProxy())
                .contains(java.net.URI.create("http://egress.internal:3128"));
        for (String bad : new String[] {"https://egress.internal:3128", "http://egress.internal",
                "http://user:pass@egress.internal:3128", "egress.internal:3128", "http://egress.internal:3128/path"}) {
            assertThatThrownBy(() -> parse("--delivery-proxy", bad)).as(bad).isInstanceOf(InvalidInputException.class)
                    .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_DELIVERY_PROXY");
        }
    }

    @Test
    void eventStreamHeartbeatIsASettingOf15SecondsByDefault() {
        assertThat(parse().eventStreamHeartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(parse(Map.of("POSTCARD_EVENT_STREAM_HEARTBEAT", "5s")).eventStreamHeartbeat())
                .isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> parse("--event-stream-heartbeat", "0s")).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_EVENT_STREAM_HEARTBEAT");
    }

    @Test
    void httpLimitsAreSetByTheirVariablesAndFlagsAndDefaultToTheProductionOnes() {
        assertThat(parse().http()).isEqualTo(HttpTimeouts.DEFAULT);
        Map<String, String> environment = Map.of("POSTCARD_HTTP_HEADER_TIMEOUT", "5s", "POSTCARD_HTTP_BODY_TIMEOUT", "2m",
                "POSTCARD_MAX_CONNECTIONS_PER_CLIENT", "4000");
        assertThat(parse(environment).http()).isEqualTo(new HttpTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(5),
                Duration.ofMinutes(2), 10_000, 4000));
        assertThat(parse(environment, "--http-header-timeout", "7s", "--http-body-timeout", "9s",
                "--max-connections-per-client", "12").http()).isEqualTo(new HttpTimeouts(Duration.ofSeconds(60),
                Duration.ofSeconds(7), Duration.ofSeconds(9), 10_000, 12));
        for (String[] bad : new String[][] {{"--http-header-timeout", "0s", "POSTCARD_HTTP_HEADER_TIMEOUT"},
                {"--http-body-timeout", "soon", "POSTCARD_HTTP_BODY_TIMEOUT"},
                {"--max-connections-per-client", "0", "POSTCARD_MAX_CONNECTIONS_PER_CLIENT"}}) {
            assertThatThrownBy(() -> parse(bad[0], bad[1])).as(bad[0]).isInstanceOf(InvalidInputException.class)
                    .extracting(e -> ((InvalidInputException) e).field()).isEqualTo(bad[2]);
        }
    }

    @Test
    void aBlankVariableLeavesTheDefault() {
        ServerConfig config = parse(Map.of("POSTCARD_PORT", " ", "POSTCARD_ALERT_WINDOW", ""));
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.alertThresholds().window()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aBadVariableIsRefusedNamingIt() {
        assertThatThrownBy(() -> parse(Map.of("POSTCARD_ALERT_WINDOW", "90s")))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_ALERT_WINDOW");
    }

    @Test
    void everyOptionReadsTheVariableItsHelpNames() {
        CommandLine.Model.CommandSpec spec = new CommandLine(new ServeCommand()).getCommandSpec();
        assertThat(spec.defaultValueProvider()).as("serve reads the environment").isInstanceOf(SettingDefaults.class);
        List<CommandLine.Model.OptionSpec> settings = spec.options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp()).toList();
        assertThat(settings).hasSizeGreaterThan(20).allSatisfy(option -> assertThat(String.join(" ", option.description()))
                .as(option.longestName()).contains("(" + SettingDefaults.variable(option)));
    }

    @Test
    void aSettingCanBeReadFromTheFileItsFileVariableNames(@TempDir Path dir) throws IOException {
        Path key = Files.writeString(dir.resolve("admin_key"), "pck_admin_from_a_secret_file_0123456789\n");
        Path url = Files.writeString(dir.resolve("database_url"), "postgres://app:p%40ss@db.example.com/app\r\n");

        ServerConfig config = parse(Map.of("POSTCARD_ADMIN_KEY_FILE", key.toString(),
                "POSTCARD_DATABASE_URL_FILE", url.toString()));

        assertThat(config.adminKey()).contains("pck_admin_from_a_secret_file_0123456789");
        assertThat(config.databaseUrl()).contains("postgres://app:p%40ss@db.example.com/app");
        // The flag still wins over the file, as over the variable.
        assertThat(parse(Map.of("POSTCARD_ADMIN_KEY_FILE", key.toString()), "--admin-key", "pck_admin_from_the_flag_0123")
                .adminKey()).contains("pck_admin_from_the_flag_0123");
    }

    @Test
    void aSettingAndItsFileTogetherOrAnUnreadableFileAreRefusedNamingTheSetting(@TempDir Path dir) throws IOException {
        Path key = Files.writeString(dir.resolve("admin_key"), "pck_admin_from_a_secret_file_0123456789");

        assertThatThrownBy(() -> parse(Map.of("POSTCARD_ADMIN_KEY", "pck_admin_from_the_environment_01",
                "POSTCARD_ADMIN_KEY_FILE", key.toString())))
                .hasStackTraceContaining("set POSTCARD_ADMIN_KEY or POSTCARD_ADMIN_KEY_FILE, not both");
        assertThatThrownBy(() -> parse(Map.of("POSTCARD_ADMIN_KEY_FILE", dir.resolve("missing").toString())))
                .hasStackTraceContaining("POSTCARD_ADMIN_KEY_FILE: cannot read " + dir.resolve("missing"));
    }

    @Test
    void aRefusedSettingFileIsOneLineNamingIt(@TempDir Path dir) throws IOException {
        Path key = Files.writeString(dir.resolve("admin_key"), "pck_admin_from_a_secret_file_0123456789");
        CommandLine cli = PostcardCli.command();
        cli.getSubcommands().get("serve").setDefaultValueProvider(new SettingDefaults(Map.of(
                "POSTCARD_ADMIN_KEY", "pck_admin_from_the_environment_01", "POSTCARD_ADMIN_KEY_FILE", key.toString())));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("serve", "--port", "0", "--data-dir", dir.toString());

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).isEqualTo("postcard: set POSTCARD_ADMIN_KEY or POSTCARD_ADMIN_KEY_FILE, not both"
                + System.lineSeparator());
    }

    @Test
    void theSecretsKeysComeFromTheirVariablesAndABadOneIsRefusedNamingItsSetting() {
        SecretsKey previous = SecretsKey.generate();
        SecretsKey current = SecretsKey.generate();

        assertThat(parse().secretsKeys().isEmpty()).as("none by default: secrets stay plain").isTrue();
        ServerConfig config = parse(Map.of("POSTCARD_SECRETS_KEY", current.encoded(),
                "POSTCARD_SECRETS_PREVIOUS_KEYS", previous.encoded()));
        assertThat(config.secretsKeys().current()).hasValue(current);
        assertThat(config.secretsKeys().find(previous.id())).hasValue(previous);
        assertThat(config.toString()).doesNotContain(current.encoded()).doesNotContain(previous.encoded());
        assertThatThrownBy(() -> parse("--secrets-key", "dG9vIHNob3J0")).isInstanceOf(InvalidInputException.class)
                .hasMessageNotContaining("dG9vIHNob3J0")
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_SECRETS_KEY");
        assertThatThrownBy(() -> parse(Map.of("POSTCARD_SECRETS_PREVIOUS_KEYS", previous.encoded())))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_SECRETS_PREVIOUS_KEYS");
    }

    @Test
    void theBindAddressIsAnAddressOrAResolvableName() {
        assertThat(parse().bindAddress()).isEqualTo("0.0.0.0");
        assertThat(parse(Map.of("POSTCARD_BIND_ADDRESS", "127.0.0.1")).bindAddress()).isEqualTo("127.0.0.1");
        assertThat(parse("--bind-address", "::1").bindAddress()).isEqualTo("::1");
        assertThatThrownBy(() -> parse("--bind-address", "no such host.invalid"))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_BIND_ADDRESS");
    }

    @Test
    void theSettingsPrintWithoutTheirSecrets() {
        ServerConfig config = parse("--admin-key", "pck_admin_never_printed_0123456789",
                "--database-url", "postgres://app:db-password-never-printed@db.example.com/app",
                "--metrics-key", "metrics-key-never-printed", "--smtp-url", "smtps://u:smtp-password@mail.example.com");

        assertThat(config.toString()).contains("port=8080").doesNotContain("never-printed", "never_printed",
                "smtp-password");
    }

    @Test
    void theAdminPortIsAnotherPortOrNone() {
        assertThat(parse().adminPort()).isEmpty();
        assertThat(parse(Map.of("POSTCARD_ADMIN_PORT", "9100")).adminPort()).hasValue(9100);
        assertThat(parse("--port", "0", "--admin-port", "0").adminPort()).hasValue(0);
        for (String bad : new String[] {"8080", "70000", "metrics"}) {
            assertThatThrownBy(() -> parse("--port", "8080", "--admin-port", bad)).as(bad)
                    .isInstanceOf(InvalidInputException.class)
                    .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_ADMIN_PORT");
        }
    }

    @Test
    void helpAndVersionAreNotSettings() {
        CommandLine.Model.CommandSpec spec = new CommandLine(new ServeCommand()).getCommandSpec();
        SettingDefaults environment = new SettingDefaults(Map.of("POSTCARD_HELP", "true", "POSTCARD_VERSION", "true"));
        assertThat(environment.defaultValue(spec.findOption("--help"))).isNull();
        assertThat(environment.defaultValue(spec.findOption("--version"))).isNull();
    }

    @Test
    void retentionIsADurationOfADayOrMoreOrForever() {
        ServerConfig defaults = parse(Map.of());
        assertThat(defaults.retention()).isEqualTo(Retention.DEFAULTS);
        ServerConfig set = parse(Map.of("POSTCARD_RETENTION_EVENTS", "forever", "POSTCARD_RETENTION_DELIVERIES", "7d",
                "POSTCARD_RETENTION_ATTEMPTS", "48h", "POSTCARD_RETENTION_SENDS", "90d"));
        assertThat(set.retention()).isEqualTo(new Retention(Optional.empty(), Optional.of(Duration.ofDays(7)),
                Optional.of(Duration.ofHours(48)), Optional.of(Duration.ofDays(90))));
        for (String[] bad : new String[][] {
                {"--retention-events", "23h", "POSTCARD_RETENTION_EVENTS"},
                {"--retention-deliveries", "a month", "POSTCARD_RETENTION_DELIVERIES"},
                {"--retention-attempts", "0d", "POSTCARD_RETENTION_ATTEMPTS"},
                {"--retention-sends", "12h", "POSTCARD_RETENTION_SENDS"}}) {
            assertThatThrownBy(() -> parse(bad[0], bad[1])).as("%s %s", bad[0], bad[1])
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertThat(e.getMessage()).startsWith(bad[2]))
                    .extracting(e -> ((InvalidInputException) e).field()).isEqualTo(bad[2]);
        }
    }

    @Test
    void badAlertThresholdsNameTheirSetting() {
        for (String[] bad : new String[][] {
                {"--alert-bounce-rate", "lots", "POSTCARD_ALERT_BOUNCE_RATE"},
                {"--alert-bounce-rate", "0%", "POSTCARD_ALERT_BOUNCE_RATE"},
                {"--alert-complaint-rate", "150%", "POSTCARD_ALERT_COMPLAINT_RATE"},
                {"--alert-complaint-rate", "-1%", "POSTCARD_ALERT_COMPLAINT_RATE"},
                {"--alert-window", "90s", "POSTCARD_ALERT_WINDOW"},
                {"--alert-window", "8d", "POSTCARD_ALERT_WINDOW"},
                {"--alert-window", "soon", "POSTCARD_ALERT_WINDOW"},
                {"--alert-min-volume", "0", "POSTCARD_ALERT_MIN_VOLUME"}}) {
            assertThatThrownBy(() -> parse(bad[0], bad[1])).as("%s %s", bad[0], bad[1])
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertThat(e.getMessage()).startsWith(bad[2]))
                    .extracting(e -> ((InvalidInputException) e).field()).isEqualTo(bad[2]);
        }
    }

    @Test
    void theBounceListenerIsOffUnlessAPortIsGiven() {
        assertThat(parse().smtpPort()).isZero();
    }

    @Test
    void linksFollowThePortWhenNoPublicUrlIsSet() {
        assertThat(parse("--port", "9191").publicUrl()).isEqualTo("http://localhost:9191");
        assertThat(parse(Map.of("POSTCARD_PORT", "9292")).publicUrl()).isEqualTo("http://localhost:9292");
    }

    @Test
    void transportsAreNamedAndTwoOfOneNameStopTheStart() {
        ServerConfig config = parse("--smtp-url", "smtp://relay.example.com?name=eu-relay&rate=20",
                "--send-transports", "smtp://u:hunter2@backup.example.com?name=backup,sendgrid://SG.key@api.sendgrid.com");
        assertThat(config.smtpUrl()).isPresent();
        assertThat(config.sendTransports()).hasSize(2);

        assertThatThrownBy(() -> parse("--smtp-url", "smtp://relay.example.com",
                "--send-transports", "smtp://u:hunter2@backup.example.com"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).isEqualTo("POSTCARD_SMTP_URL and POSTCARD_SEND_TRANSPORTS:"
                        + " two transports are named 'smtp'; give each its own with ?name= on its URL"))
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_SEND_TRANSPORTS");
        assertThatThrownBy(() -> parse("--smtp-url", "smtp://u:hunter2@relay.example.com?rate=0"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"))
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_SMTP_URL");
    }

    @Test
    void badValuesNameTheirSetting() {
        assertThatThrownBy(() -> parse("--max-body", "lots")).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_MAX_BODY");
        assertThatThrownBy(() -> parse("--delivery-timeout", "45s")).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_DELIVERY_TIMEOUT");
        assertThatThrownBy(() -> parse("--delivery-retry-schedule", "5s,soon")).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_DELIVERY_RETRY_SCHEDULE");
        assertThatThrownBy(() -> parse("--smtp-url", "http://mail")).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_SMTP_URL");
        assertThatThrownBy(() -> parse("--smtp-url", "smtp://u:hunter2@mail.example.com?pool=0"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"))
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_SMTP_URL");
        assertThatThrownBy(() -> parse("--smtp-url", "smtps://mail.example.com?starttls=optional"))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_SMTP_URL");
        assertThatThrownBy(() -> parse("--port", "70000")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> parse("--smtp-port", "70000")).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_SMTP_PORT");
        assertThatThrownBy(() -> parse("--smtp-port", "2525", "--bounce-domain", "")).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_BOUNCE_DOMAIN");
        assertThatThrownBy(() -> parse("--bounce-domain", "not a domain")).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_BOUNCE_DOMAIN");
        assertThatThrownBy(() -> parse("--imap-url", "imaps://u:hunter2@mail.example.com/INBOX?every=5m"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"))
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_IMAP_URL");
    }
}
