package dev.postcard.cli;

import dev.postcard.InvalidInputException;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * Where the settings of {@code serve} (and of the commands that open its database) come from when no flag gives
 * them: the environment variable of the same name ({@code --public-url} reads {@code POSTCARD_PUBLIC_URL}), then
 * the settings file ({@link SettingsFile}, named by {@code --config} or {@code POSTCARD_CONFIG}), then the option's
 * own default. A variable that is unset or blank leaves the next source; a flag on the command line wins over all.
 *
 * <p>Each setting can instead be read from a file named by the variable with {@code _FILE} appended
 * ({@code POSTCARD_ADMIN_KEY_FILE=/run/secrets/admin_key}): the convention of Docker and Kubernetes secrets and
 * of systemd credentials, which keeps secrets out of the process environment. Setting both the variable and its
 * file is refused, as is a file that cannot be read. The environment is a map given to it, so a test says which
 * one it runs under instead of inheriting the build's.
 */
final class SettingDefaults implements IDefaultValueProvider {
    private final Map<String, String> environment;
    /** The settings file, read once, on the first setting the command line leaves open. */
    private SettingsFile file;
    private Path fileRead;

    /** The process's environment: the one picocli makes from {@code @Command(defaultValueProvider = ...)}. */
    SettingDefaults() {
        this(System.getenv());
    }

    SettingDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** {@code --alert-min-volume} → {@code POSTCARD_ALERT_MIN_VOLUME}. */
    static String variable(OptionSpec option) {
        return "POSTCARD_" + option.longestName().replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || !isSetting(option)) {
            return null;
        }
        String name = variable(option);
        Optional<String> fromEnvironment = fromEnvironment(name);
        if (fromEnvironment.isPresent() || name.equals(SettingsFile.VARIABLE)) {
            return fromEnvironment.orElse(null);
        }
        return settingsFile(option.command()).flatMap(settings -> settings.value(name)).orElse(null);
    }

    private Optional<String> fromEnvironment(String name) {
        String value = environment.get(name);
        String file = environment.get(name + "_FILE");
        boolean given = value != null && !value.isBlank();
        if (file == null || file.isBlank()) {
            return given ? Optional.of(value) : Optional.empty();
        }
        if (given) {
            throw new InvalidInputException(name, "set " + name + " or " + name + "_FILE, not both");
        }
        return Optional.ofNullable(ValueFile.read(name, name + "_FILE", Path.of(file.strip())));
    }

    /**
     * The file {@code --config} names when the command line gives it (picocli asks for defaults after it has
     * read the arguments), or else {@code POSTCARD_CONFIG}.
     */
    private Optional<SettingsFile> settingsFile(CommandSpec command) {
        OptionSpec option = command.findOption("--config");
        Object given = option == null ? null : option.getValue();
        Optional<Path> path = given instanceof Path p ? Optional.of(p)
                : fromEnvironment(SettingsFile.VARIABLE).map(String::strip).map(Path::of);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        if (!path.get().equals(fileRead)) {
            file = SettingsFile.read(path.get(), settings(command.root()));
            fileRead = path.get();
        }
        return Optional.of(file);
    }

    /** The variables of every command that reads its settings this way: the keys a settings file may hold. */
    private static Set<String> settings(CommandSpec root) {
        Set<String> names = new HashSet<>();
        collect(root, names);
        return names;
    }

    /**
     * An option is a setting when its help names the variable it reads, {@code (POSTCARD_PORT)}: the rest of a
     * command's options ({@code --help}, {@code --version}, {@code --json}) are not, so a {@code POSTCARD_HELP} in
     * the environment does not print the help and a settings file cannot say {@code json = true}.
     */
    static boolean isSetting(OptionSpec option) {
        // The help as written in the annotation: picocli's description() fills in ${DEFAULT-VALUE}, which would
        // ask this provider again.
        return !option.usageHelp() && !option.versionHelp()
                && option.userObject() instanceof AnnotatedElement element
                && element.getAnnotation(Option.class) instanceof Option annotation
                && String.join(" ", annotation.description()).contains("(" + variable(option));
    }

    private static void collect(CommandSpec command, Set<String> into) {
        if (command.defaultValueProvider() instanceof SettingDefaults) {
            command.options().stream().filter(SettingDefaults::isSetting).forEach(o -> into.add(variable(o)));
        }
        for (CommandLine sub : command.subcommands().values()) {
            collect(sub.getCommandSpec(), into);
        }
    }
}
