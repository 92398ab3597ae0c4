package dev.postcard.cli;

/** A failure the CLI reports to the user in one line, with exit code 1. */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}
