package dev.postcard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The release's example settings file (conf/postcard.toml) keeps up with {@code serve}: it names every setting,
 * each once and nothing else, a value it shows as the default is the default, and secrets appear only in their
 * {@code _file} form.
 */
class ConfigExampleTest {
    private static final Path EXAMPLE = Path.of("src", "release", "conf", "postcard.toml");
    /** A setting, commented out or not: {@code #port = 8080}. Comments proper start with {@code "# "}. */
    private static final Pattern SETTING = Pattern.compile("^#?([a-z_]+) = (.+)$");
    private static final Pattern TABLE = Pattern.compile("^\\[([a-z_]+)]$");
    /** Settings that hold credentials: an example must point to a file instead. */
    private static final Set<String> SECRETS = Set.of("admin_key", "database_url", "smtp_url", "send_transports", "imap_url", "metrics_key",
            "secrets_key", "secrets_previous_keys");
    /** A settings file does not name another settings file. */
    private static final Set<String> NOT_IN_A_FILE = Set.of("config");

    @Test
    void everyServeSettingIsInTheExampleOnceAndNothingElse() throws IOException {
        Map<String, String> example = settings(Files.readAllLines(EXAMPLE));
        Map<String, OptionSpec> serve = serveSettings();

        assertThat(example.keySet().stream().map(ConfigExampleTest::setting).toList())
                .as("settings in %s", EXAMPLE).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(serve.keySet());
    }

    @Test
    void aValueShownForASettingWithADefaultIsThatDefault() throws IOException {
        Map<String, String> example = settings(Files.readAllLines(EXAMPLE));
        Map<String, OptionSpec> serve = serveSettings();

        example.forEach((key, value) -> {
            OptionSpec option = serve.get(setting(key));
            String defaultValue = option == null ? null : option.defaultValue();
            if (!key.endsWith("_file") && defaultValue != null && !defaultValue.isEmpty()) {
                assertThat(value.replace("\"", "")).as("%s in %s", key, EXAMPLE).isEqualTo(defaultValue);
            }
        });
    }

    @Test
    void secretsAreNamedOnlyByTheFileThatHoldsThem() throws IOException {
        Map<String, String> example = settings(Files.readAllLines(EXAMPLE));

        assertThat(example.keySet()).doesNotContainAnyElementsOf(SECRETS);
        SECRETS.forEach(secret -> assertThat(example).as("%s in %s", secret, EXAMPLE).containsKey(secret + "_file"));
    }

    @Test
    void serveReadsTheExampleWithEverySettingInIt(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        // Every line that sets a value, uncommented: the loader serve uses must accept each key as written.
        List<String> uncommented = Files.readAllLines(EXAMPLE).stream()
                .map(line -> SETTING.matcher(line).matches() ? line.replaceFirst("^#", "") : line).toList();
        Path file = Files.write(dir.resolve("postcard.toml"), uncommented);
        java.util.Set<String> variables = new java.util.HashSet<>();
        serveSettings().keySet().forEach(key -> variables.add("POSTCARD_" + key.toUpperCase(Locale.ROOT)));

        SettingsFile read = SettingsFile.read(file, variables);

        assertThat(read.value("POSTCARD_PORT")).contains("8080");
        assertThat(read.value("POSTCARD_ALERT_WINDOW")).contains("1h");
        // And the file as shipped, everything commented out, starts with the defaults.
        assertThat(SettingsFile.read(EXAMPLE, variables).value("POSTCARD_PORT")).isEmpty();
    }

    @Test
    void theReaderOfTheExampleJoinsTablesToTheirKeys() {
        Map<String, String> read = settings(List.of(
                "# a comment = not a setting", "#port = 8080", "public_url = \"https://p.example\"",
                "[alert]", "#window = \"1h\"", "[metrics]", "key_file = \"/etc/postcard/metrics_key\""));

        assertThat(read).containsExactly(Map.entry("port", "8080"), Map.entry("public_url", "\"https://p.example\""),
                Map.entry("alert_window", "\"1h\""), Map.entry("metrics_key_file", "\"/etc/postcard/metrics_key\""));
    }

    /** Key (a table's name joined with {@code _}) to the value as written, in the order of the file. */
    private static Map<String, String> settings(List<String> lines) {
        Map<String, String> settings = new LinkedHashMap<>();
        String table = "";
        for (String line : lines) {
            Matcher header = TABLE.matcher(line);
            if (header.matches()) {
                table = header.group(1) + "_";
                continue;
            }
            Matcher setting = SETTING.matcher(line);
            if (setting.matches()) {
                String key = table + setting.group(1);
                assertThat(settings.put(key, setting.group(2).strip())).as("%s appears twice", key).isNull();
            }
        }
        return settings;
    }

    /** {@code admin_key_file} is the setting {@code admin_key}, read from a file. */
    private static String setting(String key) {
        return key.endsWith("_file") ? key.substring(0, key.length() - "_file".length()) : key;
    }

    /** {@code serve}'s settings by key: {@code --alert-window} is {@code alert_window}. */
    private static Map<String, OptionSpec> serveSettings() {
        Map<String, OptionSpec> settings = new TreeMap<>();
        for (OptionSpec option : PostcardCli.command().getSubcommands().get("serve").getCommandSpec().options()) {
            String key = SettingDefaults.variable(option).substring("POSTCARD_".length()).toLowerCase(Locale.ROOT);
            if (!option.usageHelp() && !option.versionHelp() && !NOT_IN_A_FILE.contains(key)) {
                settings.put(key, option);
            }
        }
        return settings;
    }
}
