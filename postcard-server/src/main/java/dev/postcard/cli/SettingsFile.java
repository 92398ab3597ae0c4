package dev.postcard.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.postcard.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A settings file ({@code --config FILE} or {@code POSTCARD_CONFIG}), in TOML. Each key is a setting's environment
 * variable without {@code POSTCARD_}, in lower case: {@code port = 8080}, {@code public_url = "https://..."}. A
 * table's name joins its keys with {@code _}, so {@code [database]} with {@code url = "..."} is
 * {@code database_url}; a list is the comma-separated form ({@code bounce_domain = ["a.example", "b.example"]}).
 * A key ending in {@code _file} names a file holding the value, as the environment's {@code _FILE} variables do.
 *
 * <p>A key that names no setting is refused rather than ignored: a typo in a file read at every start would
 * otherwise leave a default in place unnoticed.
 */
final class SettingsFile {
    static final String VARIABLE = "POSTCARD_CONFIG";
    private static final TomlMapper TOML = new TomlMapper();

    private final Path file;
    /** The values by variable name ({@code POSTCARD_PORT}); {@code _FILE} keys still as the file names them. */
    private final Map<String, String> values;

    private SettingsFile(Path file, Map<String, String> values) {
        this.file = file;
        this.values = Map.copyOf(values);
    }

    /**
     * Reads {@code file}; {@code settings} are the variables a key may name (every command's), so a key that is
     * a setting of another command is accepted here too.
     */
    static SettingsFile read(Path file, Set<String> settings) {
        JsonNode root;
        try {
            root = TOML.readTree(Files.readString(file));
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ")";
            throw new InvalidInputException(VARIABLE, VARIABLE + ": " + file + " is not valid TOML" + where + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(VARIABLE, VARIABLE + ": cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        Map<String, String> values = new LinkedHashMap<>();
        flatten(file, "", root, values);
        for (String variable : values.keySet()) {
            String setting = variable.endsWith("_FILE") ? variable.substring(0, variable.length() - 5) : variable;
            if (!settings.contains(setting) || setting.equals(VARIABLE)) {
                throw new InvalidInputException(VARIABLE, VARIABLE + ": " + file + ": '" + key(variable)
                        + "' is not a setting (see 'postcard serve --help': each key is a variable without"
                        + " POSTCARD_, in lower case)");
            }
            if (variable.endsWith("_FILE") && values.containsKey(setting)) {
                throw new InvalidInputException(VARIABLE, VARIABLE + ": " + file + ": set '" + key(setting)
                        + "' or '" + key(variable) + "', not both");
            }
        }
        return new SettingsFile(file, values);
    }

    /**
     * The value the file gives {@code variable}: the key itself, or the content of the file its {@code _file}
     * key names.
     */
    Optional<String> value(String variable) {
        String value = values.get(variable);
        if (value != null) {
            return value.isBlank() ? Optional.empty() : Optional.of(value);
        }
        String secretFile = values.get(variable + "_FILE");
        return secretFile == null || secretFile.isBlank() ? Optional.empty()
                : Optional.ofNullable(ValueFile.read(variable, file + ": '" + key(variable + "_FILE") + "'",
                        Path.of(secretFile.strip())));
    }

    private static void flatten(Path file, String prefix, JsonNode node, Map<String, String> into) {
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String name = prefix + entry.getKey().toUpperCase(Locale.ROOT).replace('-', '_');
            JsonNode value = entry.getValue();
            if (value.isObject()) {
                flatten(file, name + "_", value, into);
                continue;
            }
            String variable = "POSTCARD_" + name;
            if (into.containsKey(variable)) {
                throw new InvalidInputException(VARIABLE, VARIABLE + ": " + file + ": '" + key(variable)
                        + "' is set twice");
            }
            into.put(variable, text(file, variable, value));
        }
    }

    private static String text(Path file, String variable, JsonNode value) {
        if (value.isValueNode()) {
            return value.asText();
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isValueNode()) {
                throw new InvalidInputException(VARIABLE, VARIABLE + ": " + file + ": '" + key(variable)
                        + "' must be a value or a list of values");
            }
            items.add(item.asText());
        }
        return String.join(",", items);
    }

    /** {@code POSTCARD_DATABASE_URL} → {@code database_url}, as the file spells it. */
    private static String key(String variable) {
        return variable.substring("POSTCARD_".length()).toLowerCase(Locale.ROOT);
    }
}
