package dev.postcard.cli;

import java.util.List;

/** The exit statuses of every command, distinct so that a script can tell what went wrong. */
final class ExitCodes {
    static final int OK = 0;
    /** The server answered with an error other than the ones below, or something else failed. */
    static final int FAILURE = 1;
    /** The command line was wrong (picocli's own status for that). */
    static final int USAGE = 2;
    static final int NOT_FOUND = 3;
    static final int UNREACHABLE = 4;
    /** 401 or 403: the key is missing, wrong, revoked or not allowed to do this. */
    static final int REFUSED_AUTH = 5;
    /** {@code verify}: the signature does not match, or the timestamp is out of tolerance. */
    static final int INVALID_SIGNATURE = 6;

    /** The footer of every {@code --help}; picocli formats it, so {@code %n} ends the last line. */
    static final List<String> FOOTER = List.of("", "Exit status:",
            "  0  ok",
            "  1  the server answered with an error, or another failure",
            "  2  usage: a wrong command line",
            "  3  not found (404)",
            "  4  the server cannot be reached",
            "  5  authentication refused (401, 403)",
            "  6  invalid signature (verify)%n");

    private ExitCodes() {
    }

    /** The status for an HTTP error answer. */
    static int ofHttpStatus(int status) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 401, 403 -> REFUSED_AUTH;
            default -> FAILURE;
        };
    }
}
