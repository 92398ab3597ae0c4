package dev.postcard.delivery;

import static dev.postcard.delivery.Engines.TENANT;
import static dev.postcard.delivery.Engines.await;
import static dev.postcard.delivery.Engines.delivered;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.Postcard;
import dev.postcard.secrets.SecretsKey;
import dev.postcard.secrets.SecretsKeys;
import dev.postcard.secrets.UnreadableSecretException;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A webhook whose stored secret does not decrypt (here: a ciphertext copied from another webhook's row) is not
 * sent, its delivery waits to be tried again, and its endpoint is not counted as failing; the other webhooks
 * deliver as usual.
 */
class UnreadableSecretDeliveryTest {
    @EachDatabase
    void aSecretCopiedFromAnotherRowStopsOnlyThatWebhooksDeliveries(TestDatabase db) throws SQLException {
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Logger workerLog = Logger.getLogger(DeliveryWorker.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        workerLog.addHandler(capture);
        try (Receiver receiver = Receiver.http(Receiver.answering(204));
             Postcard postcard = Engines.fast(db.url()).secretsKeys(SecretsKeys.of(SecretsKey.generate())).build()) {
            Webhook intact = create(postcard, receiver.url("/intact"));
            Webhook copied = create(postcard, receiver.url("/copied"));
            try (Connection connection = DriverManager.getConnection(db.url())) {
                connection.createStatement().executeUpdate("UPDATE webhooks SET secret = (SELECT secret FROM webhooks"
                        + " WHERE id = '" + intact.id() + "') WHERE id = '" + copied.id() + "'");
            }

            postcard.record(TENANT, delivered("msg_1"));

            await("the intact webhook is delivered", Duration.ofSeconds(30),
                    () -> Engines.allIn(postcard, intact, DeliveryStatus.SUCCEEDED, 1));
            await("the worker gives up the copied webhook's attempt", Duration.ofSeconds(30),
                    () -> warnings.stream().anyMatch(r -> r.getThrown() instanceof UnreadableSecretException));
            assertThat(warnings).filteredOn(r -> r.getThrown() instanceof UnreadableSecretException).first()
                    .satisfies(r -> assertThat(r.getThrown()).hasMessageContaining("webhooks.secret of " + copied.id())
                            .hasMessageContaining("copied from another row"));
            assertThat(receiver.requests()).extracting(Receiver.Request::target).containsExactly("/intact");
            Delivery waiting = Engines.deliveries(postcard, copied).getFirst();
            assertThat(waiting.status()).isEqualTo(DeliveryStatus.PENDING);
            assertThat(waiting.attempts()).as("no attempt is logged").isZero();
            assertThat(postcard.webhooks().find(TENANT, copied.id()).failingSince())
                    .as("the endpoint is not counted as failing").isEmpty();
        } finally {
            workerLog.removeHandler(capture);
        }
    }

    private static Webhook create(Postcard postcard, String url) {
        return postcard.webhooks().create(TENANT, url, List.of("*"), Optional.empty(), Optional.empty(),
                Optional.empty()).webhook();
    }
}
