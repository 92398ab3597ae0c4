package dev.postcard.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code [########------------]  120/500  45.2/s  0:08 left} redrawn in place on stderr, and only when stderr is a
 * terminal: in a pipe, a log file or a test it draws nothing, so scripts see clean output.
 */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean enabled;
    private final long startNanos = System.nanoTime();
    private long total;
    private long lastDrawNanos;

    ProgressBar(PrintWriter err, long total, boolean enabled) {
        this.err = err;
        this.total = total;
        this.enabled = enabled;
    }

    /** A bar on the command's stderr when that is the process's terminal. */
    static ProgressBar forTerminal(PrintWriter err, long total) {
        return new ProgressBar(err, total, stderrIsTerminal());
    }

    /**
     * The JDK has no isatty for stderr. On Linux, {@code /proc/self/fd/2} names the device stderr writes to; elsewhere
     * a console (stdin and stdout on a terminal, and from JDK 22 {@code Console.isTerminal()}, read reflectively
     * as this compiles for 21) is the best guess.
     */
    static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            if (Files.isSymbolicLink(fd2)) {
                String device = Files.readSymbolicLink(fd2).toString();
                return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty");
            }
        } catch (IOException | SecurityException e) {
            // fall back to the console
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    void total(long total) {
        this.total = total;
    }

    /** Redraws at most ten times a second, and always for the last step. */
    void update(long done) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastDrawNanos < 100_000_000L) {
            return;
        }
        lastDrawNanos = now;
        err.print("\r" + render(done, total, Duration.ofNanos(now - startNanos)) + "\u001b[K");
        err.flush();
    }

    /** Ends the bar's line, so what follows starts on a line of its own. */
    void finish() {
        if (enabled) {
            err.println();
            err.flush();
        }
    }

    static String render(long done, long total, Duration elapsed) {
        double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = elapsed.toMillis() / 1000.0;
        double rate = seconds > 0 ? done / seconds : 0;
        String left = rate > 0 && done < total ? clock(Math.round((total - done) / rate)) + " left"
                : done >= total ? "done" : "-:-- left";
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]  " + done + "/" + total + "  "
                + String.format(java.util.Locale.ROOT, "%.1f/s", rate) + "  " + left;
    }

    private static String clock(long seconds) {
        return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }
}
