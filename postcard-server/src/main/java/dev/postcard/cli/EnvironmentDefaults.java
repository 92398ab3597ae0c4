package dev.postcard.cli;

import dev.postcard.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The defaults of {@code serve}'s options from environment variables of the same name: {@code --public-url}
 * reads {@code POSTCARD_PUBLIC_URL}, {@code --alert-window} reads {@code POSTCARD_ALERT_WINDOW}. A variable that is
 * unset or blank leaves the option's own default; a flag given on the command line wins over both.
 *
 * <p>Each setting can instead be read from a file named by the variable with {@code _FILE} appended
 * ({@code POSTCARD_ADMIN_KEY_FILE=/run/secrets/admin_key}): the convention of Docker and Kubernetes secrets and
 * of systemd credentials, which keeps secrets out of the process environment. One line break at the end of the
 * file is not part of the value. Setting both the variable and its file is refused, as is a file that cannot be
 * read. The environment is a map given to it, so a test says which one it runs under instead of inheriting the
 * build's.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
    private final Map<String, String> environment;

    /** The process's environment: the one picocli makes from {@code @Command(defaultValueProvider = ...)}. */
    EnvironmentDefaults() {
        this(System.getenv());
    }

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** {@code --alert-min-volume} → {@code POSTCARD_ALERT_MIN_VOLUME}. */
    static String variable(OptionSpec option) {
        return "POSTCARD_" + option.longestName().replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        // --help and --version are not settings: a POSTCARD_HELP in the environment must not print the help.
        if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String name = variable(option);
        String value = environment.get(name);
        String file = environment.get(name + "_FILE");
        boolean given = value != null && !value.isBlank();
        if (file == null || file.isBlank()) {
            return given ? value : null;
        }
        if (given) {
            throw new InvalidInputException(name, "set " + name + " or " + name + "_FILE, not both");
        }
        return fromFile(name, Path.of(file.strip()));
    }

    private static String fromFile(String name, Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidInputException(name, name + "_FILE: cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        String value = content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        return value.isBlank() ? null : value;
    }
}
