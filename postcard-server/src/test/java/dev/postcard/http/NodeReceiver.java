package dev.postcard.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The Node receiver users copy from the docs (examples/receivers/node/receiver.mjs), run unchanged in a child
 * process on a free port of 127.0.0.1, with the packages its lock file pins ({@code npm ci} beforehand: the
 * test downloads nothing). Its clock stands at the test server's time (see standing-clock.cjs). Each line it
 * prints is kept, in order, for the test to read.
 *
 * <p>Without {@code node} or the installed packages the test is skipped, saying what to run, unless
 * POSTCARD_RECEIVER_TESTS is {@code required} (.ci/run sets it): then it fails.
 */
final class NodeReceiver implements AutoCloseable {
    static final Path EXAMPLE = Path.of("..", "examples", "receivers", "node");
    private static final Path LIBRARY = EXAMPLE.resolve(Path.of("node_modules", "standardwebhooks", "package.json"));
    private static final Pattern LISTENING = Pattern.compile("^listening on (http://\\S+)$");
    /** Generous: a busy 2-core machine runs other builds beside this one. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private boolean outputEnded;
    private String url;

    private NodeReceiver(Process process) {
        this.process = process;
        Thread.ofVirtual().name("node-receiver-output").start(this::readOutput);
    }

    /**
     * Starts the receiver with this webhook secret, its clock standing at {@code now}.
     *
     * @throws org.opentest4j.TestAbortedException when node or the packages are missing and not required
     */
    static NodeReceiver start(String secret, Instant now) {
        requireAvailable();
        List<String> command = List.of("node", "--require", standingClock().toString(), "receiver.mjs");
        ProcessBuilder builder = new ProcessBuilder(command).directory(EXAMPLE.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("POSTCARD_WEBHOOK_SECRET", secret);
        env.put("HOST", "127.0.0.1");
        env.put("PORT", "0");
        env.put("RECEIVER_CLOCK_MILLIS", Long.toString(now.toEpochMilli()));
        NodeReceiver receiver;
        try {
            receiver = new NodeReceiver(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            List<String> printed = receiver.await(all -> all.stream().anyMatch(l -> LISTENING.matcher(l).matches()),
                    "the receiver to listen");
            receiver.url = printed.stream().map(LISTENING::matcher).filter(Matcher::matches).findFirst()
                    .orElseThrow().group(1);
            return receiver;
        } catch (RuntimeException | AssertionError e) {
            receiver.close();
            throw e;
        }
    }

    /** Where the receiver takes webhooks: {@code http://127.0.0.1:<port>/postcard}. */
    String url() {
        return url;
    }

    /** Every line printed so far, in order. */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines that start with {@code prefix} and a space, without it. */
    List<String> linesStartingWith(String prefix) {
        return lines().stream().filter(l -> l.startsWith(prefix + " ")).map(l -> l.substring(prefix.length() + 1))
                .toList();
    }

    /** Waits until the lines printed satisfy {@code done}; returns them. */
    List<String> await(Predicate<List<String>> done, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (this) {
            while (!done.test(lines)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || outputEnded) {
                    throw new AssertionError("waited for " + what + (outputEnded ? "; node has exited" : "")
                            + "; the receiver printed:\n" + String.join("\n", lines));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return List.copyOf(lines);
        }
    }

    private void readOutput() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // The process was stopped: what it printed before is kept.
        }
        synchronized (this) {
            outputEnded = true;
            notifyAll();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * Skips the test (or fails it, when required) if node or the packages are missing; tests call it first, so
     * a skip costs nothing.
     */
    static void requireAvailable() {
        String missing = null;
        if (!nodeRuns()) {
            missing = "`node` is not on the PATH: the Node receiver's test needs Node.js 18 or later; install it"
                    + " with `apt-get install nodejs npm` (.ci/run does)";
        } else if (!Files.isRegularFile(LIBRARY)) {
            missing = LIBRARY.normalize() + " is missing: run `npm ci` in " + EXAMPLE.normalize()
                    + " first (.ci/run does)";
        }
        if (missing == null) {
            return;
        }
        if ("required".equals(System.getenv("POSTCARD_RECEIVER_TESTS"))) {
            throw new AssertionError(missing);
        }
        // A machine with only a JDK still runs every other test; the skip is counted and says why.
        System.err.println("WARNING: receiver test skipped: " + missing);
        Assumptions.abort(missing);
    }

    private static boolean nodeRuns() {
        try {
            Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            version.getInputStream().transferTo(OutputStream.nullOutputStream());
            return version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false; // no such program
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path standingClock() {
        URL resource = NodeReceiver.class.getResource("/receivers/standing-clock.cjs");
        if (resource == null) {
            throw new IllegalStateException("receivers/standing-clock.cjs is not on the test class path");
        }
        try {
            return Path.of(resource.toURI()).toAbsolutePath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
