package dev.postcard.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.Postcard;
import dev.postcard.delivery.JdbcDeliveryStore;
import dev.postcard.delivery.Webhook;
import dev.postcard.delivery.WebhookEndpoints;
import dev.postcard.event.EventCodec;
import dev.postcard.providers.JdbcSourceStore;
import dev.postcard.providers.Source;
import dev.postcard.storage.JdbcStore;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Webhook and source secrets at rest, on both databases: sealed when a key is given, checked when an engine
 * starts, bound to their rows, and rotated from key to key.
 */
class StoredSecretsTest {
    private static final String TENANT = "default";
    private static final String URL = "https://hooks.example.com/in";
    private static final String WEBHOOK_SECRET = "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0";
    private static final String SIGNING_KEY = "key-very-secret-0123456789";
    private static final SecretsKey KEY_A = SecretsKey.generate();
    private static final SecretsKey KEY_B = SecretsKey.generate();

    private static Postcard engine(TestDatabase db, SecretsKeys keys) {
        return Postcard.builder().databaseUrl(db.url()).deliveryWorker(false).clock(MovableClock.atStart())
                .secretsKeys(keys).build();
    }

    private static WebhookEndpoints.Created webhook(Postcard postcard, Optional<String> secret) {
        return postcard.webhooks().create(TENANT, URL, List.of("*"), Optional.empty(), Optional.empty(), secret);
    }

    private static Source mailgunSource(Postcard postcard) {
        return postcard.sources().create(TENANT, EventCodec.MAPPER.createObjectNode().put("provider", "mailgun")
                .put("signing_key", SIGNING_KEY));
    }

    @EachDatabase
    void withAKeyNoSecretIsStoredInTheClearAndEachStillReadsBack(TestDatabase db) {
        String rotatedSecret;
        String sourceId;
        try (Postcard postcard = engine(db, SecretsKeys.of(KEY_A))) {
            WebhookEndpoints.Created created = webhook(postcard, Optional.of(WEBHOOK_SECRET));
            assertThat(created.secret()).as("shown once, as given").isEqualTo(WEBHOOK_SECRET);
            rotatedSecret = postcard.webhooks().rotateSecret(TENANT, created.webhook().id(), Optional.empty()).secret();
            sourceId = mailgunSource(postcard).id();
            assertThat(postcard.sources().find(TENANT, sourceId).orElseThrow().settings().path("signing_key").asText())
                    .isEqualTo(SIGNING_KEY);
        }

        List<String> stored = storedValues(db);
        assertThat(stored).hasSize(3).allSatisfy(value -> assertThat(value).startsWith("pcenc:v1:" + KEY_A.id() + ":")
                .doesNotContain(SIGNING_KEY).doesNotContain("c2VjcmV0c2VjcmV0")
                .doesNotContain(rotatedSecret.substring("whsec_".length())));
    }

    @EachDatabase
    void anEngineRefusesToStartOverSecretsUnderAKeyItWasNotGiven(TestDatabase db) {
        try (Postcard postcard = engine(db, SecretsKeys.of(KEY_A))) {
            webhook(postcard, Optional.empty());
        }

        assertThatThrownBy(() -> engine(db, SecretsKeys.none())).isInstanceOf(UnreadableSecretException.class)
                .hasMessage("1 stored secret of webhooks is encrypted under key " + KEY_A.id()
                        + ", which is not given: set POSTCARD_SECRETS_KEY to it");
        assertThatThrownBy(() -> engine(db, SecretsKeys.of(KEY_B))).isInstanceOf(UnreadableSecretException.class)
                .hasMessageContaining("under key " + KEY_A.id() + ", which is neither POSTCARD_SECRETS_KEY nor one of"
                        + " POSTCARD_SECRETS_PREVIOUS_KEYS");
        try (Postcard postcard = engine(db, SecretsKeys.of(KEY_B, List.of(KEY_A)))) {
            assertThat(postcard.webhooks().list(TENANT, Optional.empty(), 10).items()).hasSize(1);
        }
    }

    @EachDatabase
    void plainSecretsFromBeforeAKeyAreReadWithOrWithoutOne(TestDatabase db) {
        String webhookId;
        String sourceId;
        try (Postcard postcard = engine(db, SecretsKeys.none())) {
            webhookId = webhook(postcard, Optional.of(WEBHOOK_SECRET)).webhook().id();
            sourceId = mailgunSource(postcard).id();
        }
        assertThat(storedValues(db)).containsExactlyInAnyOrder(WEBHOOK_SECRET,
                "{\"signing_key\":\"" + SIGNING_KEY + "\"}");

        try (Postcard postcard = engine(db, SecretsKeys.of(KEY_A))) {
            assertThat(postcard.sources().find(TENANT, sourceId).orElseThrow().settings().path("signing_key").asText())
                    .isEqualTo(SIGNING_KEY);
            assertThat(postcard.webhooks().find(TENANT, webhookId).secret()).isEqualTo(new StoredSecret(WEBHOOK_SECRET));
        }
    }

    @EachDatabase
    void aCiphertextCopiedIntoAnotherRowDoesNotOpenThere(TestDatabase db) throws SQLException {
        try (Postcard postcard = engine(db, SecretsKeys.of(KEY_A))) {
            Webhook first = webhook(postcard, Optional.empty()).webhook();
            Webhook second = webhook(postcard, Optional.empty()).webhook();
            Source firstSource = mailgunSource(postcard);
            Source secondSource = mailgunSource(postcard);
            execute(db, "UPDATE webhooks SET secret = (SELECT secret FROM webhooks WHERE id = '" + first.id()
                    + "') WHERE id = '" + second.id() + "'");
            execute(db, "UPDATE sources SET settings = (SELECT settings FROM sources WHERE id = '" + firstSource.id()
                    + "') WHERE id = '" + secondSource.id() + "'");
            Webhook copied = postcard.webhooks().find(TENANT, second.id());

            assertThat(copied.secret()).isEqualTo(first.secret());
            assertThatThrownBy(() -> postcard.sendTest(copied, "delivered")).isInstanceOf(UnreadableSecretException.class)
                    .hasMessage("webhooks.secret of " + second.id() + " (tenant default) does not decrypt under key "
                            + KEY_A.id() + ": it was altered, or copied from another row");
            assertThatThrownBy(() -> postcard.sources().find(TENANT, secondSource.id()))
                    .isInstanceOf(UnreadableSecretException.class).hasMessageContaining("sources.settings of "
                            + secondSource.id());
            assertThat(postcard.sources().find(TENANT, firstSource.id())).isPresent();
        }
    }

    @EachDatabase
    void rotationSealsPlainAndPreviousKeyValuesUnderTheCurrentKeyAndASecondRunChangesNothing(TestDatabase db) {
        String plainWebhook;
        String sourceId;
        String keyedWebhook;
        WebhookEndpoints.RotatedSecret rotated;
        try (Postcard postcard = engine(db, SecretsKeys.none())) {
            plainWebhook = webhook(postcard, Optional.of(WEBHOOK_SECRET)).webhook().id();
            sourceId = mailgunSource(postcard).id();
        }
        try (Postcard postcard = engine(db, SecretsKeys.of(KEY_A))) {
            keyedWebhook = webhook(postcard, Optional.empty()).webhook().id();
            rotated = postcard.webhooks().rotateSecret(TENANT, keyedWebhook, Optional.empty());
        }
        SecretCipher toB = new SecretCipher(SecretsKeys.of(KEY_B, List.of(KEY_A)));

        try (JdbcStore store = db.open()) {
            StoredSecrets secrets = Postcard.storedSecrets(store, toB);
            assertThat(secrets.census().plain()).isEqualTo(2);
            assertThat(secrets.census().keyIds()).containsExactly(KEY_A.id());
            List<StoredSecrets.Progress> progress = new ArrayList<>();

            Rotation first = secrets.rotate(progress::add);

            assertThat(first).isEqualTo(new Rotation(4, 0, 0));
            assertThat(progress).extracting(StoredSecrets.Progress::table).containsExactly("webhooks", "sources");
            assertThat(secrets.rotate(p -> { })).as("run again").isEqualTo(new Rotation(0, 4, 0));
            assertThat(secrets.census().counts()).containsExactly(
                    new SecretCensus.Count("webhooks", Optional.of(KEY_B.id()), 3),
                    new SecretCensus.Count("sources", Optional.of(KEY_B.id()), 1));
        }
        assertThat(storedValues(db)).hasSize(4).allSatisfy(v -> assertThat(v).startsWith("pcenc:v1:" + KEY_B.id() + ":"));

        SecretCipher onlyB = new SecretCipher(SecretsKeys.of(KEY_B));
        try (Postcard postcard = engine(db, SecretsKeys.of(KEY_B))) {
            assertThat(onlyB.open(postcard.webhooks().find(TENANT, plainWebhook).secret(),
                    new SecretSlot("webhooks.secret", TENANT, plainWebhook))).isEqualTo(WEBHOOK_SECRET);
            Webhook keyed = postcard.webhooks().find(TENANT, keyedWebhook);
            assertThat(onlyB.open(keyed.secret(), new SecretSlot("webhooks.secret", TENANT, keyedWebhook)))
                    .isEqualTo(rotated.secret());
            assertThat(keyed.previousSecret()).isPresent();
            assertThat(postcard.sources().find(TENANT, sourceId).orElseThrow().settings().path("signing_key").asText())
                    .isEqualTo(SIGNING_KEY);
        }
    }

    @EachDatabase
    void aRotationLeavesASecretThatAServerChangedWhileItWasRead(TestDatabase db) throws SQLException {
        try (Postcard postcard = engine(db, SecretsKeys.none())) {
            webhook(postcard, Optional.of(WEBHOOK_SECRET));
        }
        String serverValue = "whsec_written_by_a_server_meanwhile_0123";
        SecretTable webhooks = JdbcDeliveryStore.secretTable();
        // Reads the page, then a server writes the row before the rotation gets to it.
        SecretTable raced = new SecretTable() {
            @Override
            public String name() {
                return webhooks.name();
            }

            @Override
            public List<SecretCell> cells(Connection connection, String afterId, int rows) throws SQLException {
                List<SecretCell> cells = webhooks.cells(connection, afterId, rows);
                try (PreparedStatement write = connection.prepareStatement("UPDATE webhooks SET secret = ?")) {
                    write.setString(1, serverValue);
                    write.executeUpdate();
                }
                return cells;
            }

            @Override
            public boolean replace(Connection connection, SecretCell cell, StoredSecret replacement) throws SQLException {
                return webhooks.replace(connection, cell, replacement);
            }
        };

        try (JdbcStore store = db.open()) {
            Rotation rotation = new StoredSecrets(store.database(), new SecretCipher(SecretsKeys.of(KEY_A)),
                    List.of(raced, JdbcSourceStore.secretTable())).rotate(p -> { });

            assertThat(rotation).isEqualTo(new Rotation(0, 0, 1));
        }
        assertThat(storedValues(db)).as("the server's write stands").containsExactly(serverValue);
    }

    /** Every stored secret, as the database holds it. */
    private static List<String> storedValues(TestDatabase db) {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(db.url());
             ResultSet rows = connection.createStatement().executeQuery("SELECT secret, previous_secret FROM webhooks"
                     + " UNION ALL SELECT settings, NULL FROM sources")) {
            while (rows.next()) {
                values.add(rows.getString(1));
                if (rows.getString(2) != null) {
                    values.add(rows.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return values;
    }

    private static void execute(TestDatabase db, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(db.url())) {
            connection.createStatement().executeUpdate(sql);
        }
    }
}
