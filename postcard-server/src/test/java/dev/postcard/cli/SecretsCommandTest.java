package dev.postcard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.postcard.Postcard;
import dev.postcard.event.EventCodec;
import dev.postcard.secrets.SecretsKey;
import dev.postcard.secrets.SecretsKeys;
import dev.postcard.server.PostcardServer;
import dev.postcard.server.ServerConfig;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import dev.postcard.verify.WebhookVerifier;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code postcard secrets generate-key|status|rotate} on a database of their own. */
class SecretsCommandTest {
    private static final String TENANT = "default";
    private static final String SIGNING_KEY = "key-very-secret-0123456789";
    private static final SecretsKey KEY_A = SecretsKey.generate();
    private static final SecretsKey KEY_B = SecretsKey.generate();

    @Test
    void generateKeyPrintsA32ByteKeyAndItsIdOnly() {
        Cli.Run run = Cli.run("secrets", "generate-key");

        assertThat(run.exit()).as(run.err()).isZero();
        String printed = run.out().strip();
        assertThat(Base64.getDecoder().decode(printed)).hasSize(32);
        SecretsKey key = SecretsKey.parse("POSTCARD_SECRETS_KEY", printed);
        assertThat(run.err()).startsWith("key id " + key.id()).contains("POSTCARD_SECRETS_KEY").doesNotContain(printed);
        assertThat(Cli.run("secrets", "generate-key").out().strip()).as("a new key each time").isNotEqualTo(printed);
    }

    @EachDatabase
    void statusCountsPlainAndEncryptedSecretsByKeyWithoutShowingAny(TestDatabase db) {
        try (Postcard postcard = engine(db, SecretsKeys.none())) {
            webhook(postcard, "http://127.0.0.1:9/plain");
        }
        try (Postcard postcard = engine(db, SecretsKeys.of(KEY_A))) {
            webhook(postcard, "http://127.0.0.1:9/sealed");
            source(postcard);
        }

        Cli.Run table = Cli.run("secrets", "status", "--database-url", db.url(), "--secrets-key", KEY_A.encoded());
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out().lines().map(l -> l.replaceAll("\\s+", " ").strip()).toList()).containsExactly(
                "TABLE STORED AS KEY SECRETS",
                "webhooks plain text plain 1",
                "webhooks key " + KEY_A.id() + " current 1",
                "sources key " + KEY_A.id() + " current 1");

        Cli.Run json = Cli.run("secrets", "status", "--database-url", db.url(), "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode document = json.json();
        assertThat(document.path("plain").asLong()).isEqualTo(1);
        assertThat(document.path("encrypted").asLong()).isEqualTo(2);
        assertThat(document.path("data").get(1).path("key_id").asText()).isEqualTo(KEY_A.id());
        assertThat(document.path("data").get(1).path("state").asText()).as("no key given").isEqualTo("not_given");
        assertThat(json.out() + table.out()).doesNotContain("whsec_").doesNotContain(SIGNING_KEY)
                .doesNotContain(KEY_A.encoded());
    }

    @EachDatabase
    void rotateFromKeyAToKeyBThenAServerWithKeyBAloneDelivers(TestDatabase db) throws Exception {
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            bodies.add(exchange.getRequestBody().readAllBytes());
            headers.add(Map.copyOf(exchange.getRequestHeaders()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        try {
            String plainSecret;
            String sealedSecret;
            try (Postcard postcard = engine(db, SecretsKeys.none())) {
                plainSecret = webhook(postcard, hook);
                source(postcard);
            }
            try (Postcard postcard = engine(db, SecretsKeys.of(KEY_A))) {
                sealedSecret = webhook(postcard, hook);
            }

            Cli.Run first = rotate(db, KEY_B, KEY_A);
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.out().strip()).isEqualTo("encrypted 3 secrets under key " + KEY_B.id()
                    + " (0 more were under it already)");
            assertThat(storedValues(db)).hasSize(3)
                    .allSatisfy(v -> assertThat(v).startsWith("pcenc:v1:" + KEY_B.id() + ":"));

            Cli.Run second = rotate(db, KEY_B, KEY_A);
            assertThat(second.out().strip()).as("nothing left to do").isEqualTo("encrypted 0 secrets under key "
                    + KEY_B.id() + " (3 more were under it already)");

            MovableClock clock = MovableClock.atStart();
            ServerConfig config = ServerConfig.defaults(Files.createTempDirectory("postcard-secrets"))
                    .withDatabaseUrl(db.url()).withAdminKey(CliServers.ADMIN).withClock(clock).toBuilder()
                    .allowPrivateNetworks(true).secretsKeys(SecretsKeys.of(KEY_B)).build();
            try (PostcardServer server = PostcardServer.start(config)) {
                HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + server.port() + "/v1/events"))
                        .header("Authorization", "Bearer " + CliServers.ADMIN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"type\": \"email.delivered\", \"data\": {\"to\": \"user@example.com\"}}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
                awaitDeliveries(bodies, 2);
            }
            // One delivery per webhook; each verifies with its own secret, as created before the rotation.
            List<String> verifiedWith = new ArrayList<>();
            for (int i = 0; i < bodies.size(); i++) {
                for (String secret : List.of(plainSecret, sealedSecret)) {
                    int delivery = i;
                    try {
                        WebhookVerifier.of(secret).withClock(clock).verify(bodies.get(delivery), headers.get(delivery));
                        verifiedWith.add(secret);
                    } catch (RuntimeException e) {
                        // signed by the other webhook's secret
                    }
                }
            }
            assertThat(verifiedWith).containsExactlyInAnyOrder(plainSecret, sealedSecret);
        } finally {
            receiver.stop(0);
        }
    }

    @EachDatabase
    void rotateReadsTheKeyFromTheFileItsSettingNames(TestDatabase db, @TempDir Path dir) throws Exception {
        try (Postcard postcard = engine(db, SecretsKeys.none())) {
            webhook(postcard, "http://127.0.0.1:9/plain");
        }
        Path keyFile = Files.writeString(dir.resolve("secrets_key"), KEY_A.encoded() + "\n");
        CommandLine cli = PostcardCli.command();
        cli.getSubcommands().get("secrets").getSubcommands().get("rotate").setDefaultValueProvider(
                new SettingDefaults(Map.of("POSTCARD_SECRETS_KEY_FILE", keyFile.toString(),
                        "POSTCARD_DATABASE_URL", db.url())));
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));

        assertThat(cli.execute("secrets", "rotate")).isZero();

        assertThat(out.toString()).startsWith("encrypted 1 secret under key " + KEY_A.id());
        assertThat(storedValues(db)).singleElement().satisfies(v -> assertThat(v).startsWith("pcenc:v1:" + KEY_A.id()));
    }

    @Test
    void theHelpNeverShowsAKeyFromTheEnvironment() {
        CommandLine cli = PostcardCli.command();
        for (String command : List.of("status", "rotate")) {
            CommandLine sub = cli.getSubcommands().get("secrets").getSubcommands().get(command);
            sub.setDefaultValueProvider(new SettingDefaults(Map.of("POSTCARD_SECRETS_KEY", KEY_A.encoded(),
                    "POSTCARD_SECRETS_PREVIOUS_KEYS", KEY_B.encoded())));
            String help = sub.getUsageMessage();
            assertThat(help).as(command).contains("--secrets-key", "POSTCARD_SECRETS_KEY")
                    .doesNotContain(KEY_A.encoded()).doesNotContain(KEY_B.encoded());
        }
    }

    @EachDatabase
    void rotateWithoutAKeyOrWithoutTheOldOneIsOneLineNamingTheSetting(TestDatabase db) {
        try (Postcard postcard = engine(db, SecretsKeys.of(KEY_A))) {
            webhook(postcard, "http://127.0.0.1:9/sealed");
        }

        Cli.Run noKey = Cli.run("secrets", "rotate", "--database-url", db.url());
        assertThat(noKey.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noKey.err()).isEqualTo("postcard: secrets rotate needs POSTCARD_SECRETS_KEY, the key to encrypt"
                + " under (make one with 'postcard secrets generate-key')" + System.lineSeparator());

        Cli.Run withoutA = rotate(db, KEY_B);
        assertThat(withoutA.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(withoutA.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("postcard: webhooks.secret of wh_").contains("encrypted under key " + KEY_A.id())
                .contains("POSTCARD_SECRETS_PREVIOUS_KEYS"));
        assertThat(storedValues(db)).singleElement().satisfies(v -> assertThat(v).startsWith("pcenc:v1:" + KEY_A.id()));

        Cli.Run badKey = Cli.run("secrets", "rotate", "--database-url", db.url(), "--secrets-key", "c2hvcnQ=");
        assertThat(badKey.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badKey.err()).startsWith("postcard: POSTCARD_SECRETS_KEY must be 32 random bytes")
                .doesNotContain("c2hvcnQ=");
    }

    private static Cli.Run rotate(TestDatabase db, SecretsKey current, SecretsKey... previous) {
        List<String> args = new ArrayList<>(List.of("secrets", "rotate", "--database-url", db.url(), "--secrets-key",
                current.encoded()));
        if (previous.length > 0) {
            args.addAll(List.of("--secrets-previous-keys",
                    String.join(",", java.util.Arrays.stream(previous).map(SecretsKey::encoded).toList())));
        }
        return Cli.run(args.toArray(String[]::new));
    }

    private static Postcard engine(TestDatabase db, SecretsKeys keys) {
        return Postcard.builder().databaseUrl(db.url()).deliveryWorker(false).clock(MovableClock.atStart())
                .allowPrivateNetworks(true).secretsKeys(keys).build();
    }

    /** Creates a webhook to {@code url} and returns its secret. */
    private static String webhook(Postcard postcard, String url) {
        return postcard.webhooks().create(TENANT, url, List.of("email.delivered"), Optional.empty(), Optional.empty(),
                Optional.empty()).secret();
    }

    private static void source(Postcard postcard) {
        postcard.sources().create(TENANT, EventCodec.MAPPER.createObjectNode().put("provider", "mailgun")
                .put("signing_key", SIGNING_KEY));
    }

    private static void awaitDeliveries(List<byte[]> received, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (received.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the receiver got " + received.size() + " deliveries, not " + count);
            }
            Thread.sleep(20);
        }
    }

    private static List<String> storedValues(TestDatabase db) {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(db.url());
             ResultSet rows = connection.createStatement().executeQuery("SELECT secret FROM webhooks"
                     + " UNION ALL SELECT settings FROM sources")) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return values;
    }
}
