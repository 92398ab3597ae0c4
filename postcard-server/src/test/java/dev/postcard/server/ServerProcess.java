package dev.postcard.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Postcard's {@code serve} in a process of its own, so a test can kill it with SIGKILL. */
final class ServerProcess implements AutoCloseable {
    static final String ADMIN_KEY = "pck_process_test_admin_key_0123456789";
    private static final Pattern PORT = Pattern.compile("Postcard is running on port (\\d+)");

    private static final int TAIL_LINES = 200;

    private final Process process;
    private final int port;
    private final Deque<String> tail;

    private ServerProcess(Process process, int port, Deque<String> tail) {
        this.process = process;
        this.port = port;
        this.tail = tail;
    }

    static ServerProcess start(String databaseUrl, Path dataDir, String... extraArgs) throws Exception {
        return start(List.of(), databaseUrl, dataDir, extraArgs);
    }

    /** With JVM options before the main class, such as a small heap. */
    static ServerProcess start(List<String> jvmOptions, String databaseUrl, Path dataDir, String... extraArgs)
            throws Exception {
        return start(List.of(), jvmOptions, databaseUrl, dataDir, extraArgs);
    }

    /**
     * Run by {@code wrapper}, a command that ends by executing the rest of its arguments in its own place (the same
     * process id), such as {@code unshare} with a shell that mounts a file system first.
     */
    static ServerProcess startWithin(List<String> wrapper, String databaseUrl, Path dataDir, String... extraArgs)
            throws Exception {
        return start(wrapper, List.of(), databaseUrl, dataDir, extraArgs);
    }

    private static ServerProcess start(List<String> wrapper, List<String> jvmOptions, String databaseUrl, Path dataDir,
            String... extraArgs) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        // As ./postcard runs it: out of memory, the process ends rather than going on half alive.
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(java, "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "dev.postcard.cli.PostcardCli", "serve", "--port", "0", "--data-dir", dataDir.toString(),
                "--database-url", databaseUrl, "--admin-key", ADMIN_KEY));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Deque<String> tail = new ArrayDeque<>();
        try {
            return new ServerProcess(process, awaitPort(process, tail), tail);
        } catch (Exception | AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
    }

    int port() {
        return port;
    }

    /** The server's process id: under a wrapper that executes it in its own place, the wrapper's. */
    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** SIGKILL: no shutdown hook, no flush, no close. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // killed all the same: destroyForcibly does not wait
        }
    }

    /** The server's latest lines of output, for a failure message. */
    String recentOutput() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    /**
     * Reads the output until it names the port; keeps draining it so the pipe never fills, and keeps its latest
     * lines in {@code tail}.
     */
    private static int awaitPort(Process server, Deque<String> tail) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        StringBuilder seen = new StringBuilder();
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = PORT.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> {
                    synchronized (tail) {
                        tail.addLast(l);
                        if (tail.size() > TAIL_LINES) {
                            tail.removeFirst();
                        }
                    }
                }));
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("server did not start:\n" + seen);
    }
}
