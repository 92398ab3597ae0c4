package dev.postcard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code postcard}: the server and its command-line client in one binary. */
@Command(name = "postcard", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Self-hosted email event tracking and webhooks.",
        subcommands = {ServeCommand.class, EventsCommand.class, KeysCommand.class, BouncesCommand.class,
                SuppressionsCommand.class})
public final class PostcardCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return command().execute(args);
    }

    /** The command line with its error handling: a {@link CliException} is one line on stderr and exit 1. */
    static CommandLine command() {
        CommandLine cli = new CommandLine(new PostcardCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliException) {
                commandLine.getErr().println("postcard: " + e.getMessage());
                commandLine.getErr().flush();
                return 1;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
