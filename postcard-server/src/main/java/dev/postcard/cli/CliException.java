package dev.postcard.cli;

/** A failure the CLI reports to the user in one line on stderr, with its exit status. */
final class CliException extends RuntimeException {
    private final int exitCode;

    CliException(String message) {
        this(message, ExitCodes.FAILURE);
    }

    CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
