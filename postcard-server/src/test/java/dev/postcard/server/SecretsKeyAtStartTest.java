package dev.postcard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.Postcard;
import dev.postcard.secrets.SecretsKey;
import dev.postcard.secrets.SecretsKeys;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code postcard serve}, in a process of its own with the keys in its environment, over a database holding
 * encrypted secrets: without the key, or with another one, it does not start, and says why in one line.
 */
class SecretsKeyAtStartTest {
    private static final SecretsKey KEY_A = SecretsKey.generate();
    private static final SecretsKey KEY_B = SecretsKey.generate();

    private record Exited(int status, String stdout, String stderr) {
    }

    @EachDatabase
    void serveRefusesToStartWithoutTheKeyOrWithAnotherOneInOneLine(TestDatabase db) throws Exception {
        try (Postcard postcard = Postcard.builder().databaseUrl(db.url()).deliveryWorker(false)
                .clock(MovableClock.atStart()).secretsKeys(SecretsKeys.of(KEY_A)).build()) {
            postcard.webhooks().create("default", "https://hooks.example.com/in", List.of("*"), Optional.empty(),
                    Optional.empty(), Optional.empty());
        }
        Path dataDir = Files.createTempDirectory("postcard-serve-secrets");
        Path wrongKeyFile = Files.writeString(dataDir.resolve("secrets_key"), KEY_B.encoded() + "\n");

        Exited withoutKey = serve(db, dataDir, Map.of());
        Exited withAnotherKey = serve(db, dataDir, Map.of("POSTCARD_SECRETS_KEY_FILE", wrongKeyFile.toString()));

        assertThat(withoutKey.status()).as(withoutKey.stderr()).isEqualTo(1);
        assertThat(withoutKey.stderr().lines().toList()).as(withoutKey.stderr()).containsExactly("postcard: could not"
                + " start: 1 stored secret of webhooks is encrypted under key " + KEY_A.id()
                + ", which is not given: set POSTCARD_SECRETS_KEY to it");
        assertThat(withAnotherKey.status()).as(withAnotherKey.stderr()).isEqualTo(1);
        assertThat(withAnotherKey.stderr().lines().toList()).as(withAnotherKey.stderr()).containsExactly("postcard:"
                + " could not start: 1 stored secret of webhooks is encrypted under key " + KEY_A.id() + ", which is"
                + " neither POSTCARD_SECRETS_KEY nor one of POSTCARD_SECRETS_PREVIOUS_KEYS: give it as one of them");
        assertThat(withoutKey.stdout() + withAnotherKey.stdout()).doesNotContain("Postcard is running");
        assertThat(withAnotherKey.stderr()).doesNotContain(KEY_B.encoded());
    }

    /** Runs {@code serve} on a free port with only these POSTCARD_ variables, and waits for it to end. */
    private static Exited serve(TestDatabase db, Path dataDir, Map<String, String> environment) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        // With the JVM options of ./postcard, so only Postcard's own lines are on stderr.
        ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                "dev.postcard.cli.PostcardCli", "serve", "--port", "0", "--data-dir", dataDir.toString(),
                "--database-url", db.url(), "--admin-key", ServerProcess.ADMIN_KEY, "--log-level", "warn");
        builder.environment().keySet().removeIf(name -> name.startsWith("POSTCARD_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        // A server that started after all would never end: it is killed, and the status says so.
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new Exited(process.waitFor(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
