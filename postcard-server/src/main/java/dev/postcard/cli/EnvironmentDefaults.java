package dev.postcard.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The defaults of {@code serve}'s options from environment variables of the same name: {@code --public-url}
 * reads {@code POSTCARD_PUBLIC_URL}, {@code --alert-window} reads {@code POSTCARD_ALERT_WINDOW}. A variable that is
 * unset or blank leaves the option's own default; a flag given on the command line wins over both. The
 * environment is a map given to it, so a test says which one it runs under instead of inheriting the build's.
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
        String value = environment.get(variable(option));
        return value == null || value.isBlank() ? null : value;
    }
}
