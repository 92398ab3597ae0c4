package dev.postcard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code postcard}: the server and its command-line client in one binary. */
@Command(name = "postcard", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Self-hosted email event tracking and webhooks.",
        subcommands = {ServeCommand.class})
public final class PostcardCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new PostcardCli()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
