package dev.postcard.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive that {@code package} made (target/postcard-&lt;version&gt;.tar.gz), unpacked into an empty
 * folder with nothing else around it (no repository, no build), runs: {@code bin/postcard --version} names the
 * release and its commit, {@code bin/postcard serve} answers {@code /healthz}. Run by Failsafe after the package
 * phase: {@code ./mvnw verify}, or {@code -Dit.test=ReleaseArchiveIT}.
 */
class ReleaseArchiveIT {
    private static final Path ARCHIVE = Path.of(System.getProperty("postcard.release.archive"));
    private static final Path ZIP = Path.of(System.getProperty("postcard.release.zip"));
    private static final String VERSION = System.getProperty("postcard.release.version");
    private static final String COMMIT = System.getProperty("postcard.release.commit");
    private static final Pattern PORT = Pattern.compile("Postcard is running on port (\\d+)");
    /** An entry of NOTICE: the jar's path in the release, then its library and license on the lines below. */
    private static final Pattern NOTICE_ENTRY = Pattern.compile("(?m)^lib/(\\S+\\.jar)\\n {4}.+\\n {4}License: (.+)$");

    @TempDir
    static Path unpacked;
    private static Path release;

    @BeforeAll
    static void unpack() throws Exception {
        Result tar = run(unpacked, List.of("tar", "-xzf", ARCHIVE.toString()), Map.of());
        assertThat(tar.exit()).as("tar: %s", tar.output()).isZero();
        try (Stream<Path> top = Files.list(unpacked)) {
            assertThat(top.map(p -> p.getFileName().toString())).as("the archive's top folder")
                    .containsExactly("postcard-" + VERSION);
        }
        release = unpacked.resolve("postcard-" + VERSION);
    }

    @Test
    void theArchiveHoldsTheLauncherTheJarsTheExampleSettingsTheUnitAndTheLicenses() throws IOException {
        assertThat(release.resolve("bin/postcard")).isExecutable();
        assertThat(release.resolve("lib/postcard.jar")).isRegularFile();
        assertThat(release.resolve("conf/postcard.toml")).content().contains("#public_url = ");
        assertThat(release.resolve("systemd/postcard.service")).content()
                .contains("ExecStart=/opt/postcard/bin/postcard serve --config /etc/postcard/postcard.toml");
        assertThat(release.resolve("LICENSE")).content().contains("Apache License", "Version 2.0, January 2004",
                "END OF TERMS AND CONDITIONS");
        assertThat(release.resolve("NOTICE")).isRegularFile();
    }

    @Test
    void theZipHoldsTheSameFilesAsTheTarball() throws IOException {
        Set<String> unpackedFiles;
        try (Stream<Path> files = Files.walk(release)) {
            unpackedFiles = files.filter(Files::isRegularFile).map(p -> unpacked.relativize(p).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> zipped;
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            zipped = zip.stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(zipped).isEqualTo(unpackedFiles);
    }

    @Test
    void noticeNamesEveryBundledLibraryWithItsLicenseAndNoOther() throws IOException {
        String notice = Files.readString(release.resolve("NOTICE"));
        Map<String, String> licenses = new TreeMap<>();
        Matcher entry = NOTICE_ENTRY.matcher(notice);
        while (entry.find()) {
            licenses.put(entry.group(1), entry.group(2));
        }
        Set<String> bundled;
        try (Stream<Path> jars = Files.list(release.resolve("lib"))) {
            bundled = jars.map(p -> p.getFileName().toString()).filter(name -> !name.equals("postcard.jar"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        assertThat(bundled).as("libraries in lib/").hasSizeGreaterThan(10)
                .contains("postcard-core-" + VERSION + ".jar", "helidon-webserver-4.4.0.jar");
        assertThat(licenses.keySet()).as("jars NOTICE names").isEqualTo(bundled);
        assertThat(licenses).as("licenses").allSatisfy((jar, license) ->
                assertThat(license).isNotBlank().doesNotContainIgnoringCase("unknown"));
        assertThat(licenses.get("postcard-core-" + VERSION + ".jar")).isEqualTo("Apache-2.0");
        assertThat(notice).contains("lib/postcard.jar is Postcard's");
    }

    @Test
    void theLauncherPrintsTheVersionAndTheCommitAndPassesTheJavaOptions() throws Exception {
        Result version = run(unpacked, List.of(release.resolve("bin/postcard").toString(), "--version"), Map.of());
        assertThat(version.exit()).as(version.output()).isZero();
        assertThat(version.output()).isEqualTo("postcard " + VERSION + " (commit " + COMMIT + ")\n");

        Result withOptions = run(unpacked, List.of(release.resolve("bin/postcard").toString(), "--version"),
                Map.of("POSTCARD_JAVA_OPTS", "-Xmx123m -XshowSettings:vm"));
        assertThat(withOptions.exit()).as(withOptions.output()).isZero();
        assertThat(withOptions.output()).contains("Max. Heap Size: 123.00M", "postcard " + VERSION + " (commit ");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // a guard against a hang, not a measure
    void serveRunsFromTheUnpackedReleaseAndAnswersHealthz(@TempDir Path workDir) throws Exception {
        Path dataDir = workDir.resolve("state");
        // As the systemd unit starts it: with the shipped example settings, here given a free port and a folder.
        Path settings = Files.writeString(workDir.resolve("postcard.toml"), "port = 0\ndata_dir = \"" + dataDir
                + "\"\nlog_format = \"text\"\n" + Files.readString(release.resolve("conf/postcard.toml")));
        ProcessBuilder builder = new ProcessBuilder(release.resolve("bin/postcard").toString(), "serve",
                "--config", settings.toString()).directory(workDir.toFile()).redirectErrorStream(true);
        environment(builder, Map.of());
        Process server = builder.start();
        try {
            int port = awaitPort(server);
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(dataDir.resolve("postcard.db")).as("the database in POSTCARD_DATA_DIR").isRegularFile();
        } finally {
            server.destroy();
        }
        // SIGTERM: the JVM shuts down and exits with 128 + 15, which the systemd unit counts as a stop.
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("stopped by SIGTERM").isTrue();
        assertThat(server.exitValue()).isEqualTo(143);
    }

    /**
     * Only what a user's shell would have: a PATH without the build's tools, and the JDK running this test as
     * JAVA_HOME (the build may run on an older default {@code java}).
     */
    private static void environment(ProcessBuilder builder, Map<String, String> extra) {
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        environment.put("HOME", unpacked.toString());
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.putAll(extra);
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Path directory, List<String> command, Map<String, String> extra) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        environment(builder, extra);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s ended", command).isTrue();
        return new Result(process.exitValue(), output);
    }

    /** Reads the server's output until it names its port, then keeps draining it so the pipe never fills. */
    private static int awaitPort(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        String line;
        while ((line = out.readLine()) != null) {
            seen.add(line);
            Matcher m = PORT.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("serve ended before it listened:\n" + String.join("\n", seen));
    }
}
