package dev.postcard.cli;

import dev.postcard.InvalidInputException;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code postcard}: the server and its command-line client in one binary. */
@Command(name = "postcard", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Self-hosted email event tracking and webhooks.",
        subcommands = {ServeCommand.class, WebhooksCommand.class, DeliveriesCommand.class, ReplayCommand.class,
                EventsCommand.class, EmailsCommand.class, SendCommand.class, StatsCommand.class, SuppressionsCommand.class,
                KeysCommand.class, TenantsCommand.class, SourcesCommand.class, TemplatesCommand.class, BouncesCommand.class,
                VerifyCommand.class, SecretsCommand.class, MigrateCommand.class, InfoCommand.class, BackupCommand.class, RestoreCommand.class,
                CompletionCommand.class})
public final class PostcardCli extends CommandGroup {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return command().execute(args);
    }

    /**
     * The command line with its conventions: defaults and the exit statuses in every {@code --help} (but those of
     * the commands whose defaults come from the environment and the settings file, which may be secrets), and every
     * error as one line on stderr.
     */
    static CommandLine command() {
        CommandLine cli = new CommandLine(new PostcardCli());
        conventions(cli);
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            // A setting read from the environment (or its _FILE) that is refused says what is wrong by itself.
            String line = setting(e).map(InvalidInputException::getMessage).orElseGet(() -> e.getMessage() + " (see '"
                    + failed.getCommandSpec().qualifiedName() + " --help')");
            failed.getErr().println("postcard: " + line);
            failed.getErr().flush();
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            int status = e instanceof CliException failure ? failure.exitCode() : ExitCodes.FAILURE;
            commandLine.getErr().println("postcard: " + message(e));
            commandLine.getErr().flush();
            return status;
        });
        return cli;
    }

    private static void conventions(CommandLine command) {
        // The commands that read settings show no defaults: a default there is what the environment or the
        // settings file holds, which may be a secret (a database URL's password).
        if (!(command.getCommandSpec().defaultValueProvider() instanceof SettingDefaults)) {
            command.getCommandSpec().usageMessage().showDefaultValues(true).footer(ExitCodes.FOOTER.toArray(String[]::new));
        }
        command.getSubcommands().values().forEach(PostcardCli::conventions);
    }

    private static Optional<InvalidInputException> setting(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidInputException invalid) {
                return Optional.of(invalid);
            }
        }
        return Optional.empty();
    }

    /** Never "null" and never a stack trace: a failure without a message is named by its kind. */
    private static String message(Exception e) {
        if (e instanceof CliException) {
            return e.getMessage();
        }
        if (e instanceof java.io.UncheckedIOException io && io.getCause() != null) {
            return ApiClient.TransportWords.of(io.getCause());
        }
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? "unexpected " + e.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT)
                : message;
    }
}
