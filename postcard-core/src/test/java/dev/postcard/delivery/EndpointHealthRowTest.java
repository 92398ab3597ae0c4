package dev.postcard.delivery;

import static dev.postcard.delivery.TestWebhooks.answered;
import static dev.postcard.delivery.TestWebhooks.attached;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.event.EventType;
import dev.postcard.storage.Dialect;
import dev.postcard.storage.JdbcStore;
import dev.postcard.storage.TestEvents;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The webhook row keeps the endpoint's health (its failing streak, its last success). Every attempt of every node
 * on the endpoint reports to it, so an attempt that changes nothing there must not write it: on PostgreSQL each
 * write holds the row until its commit, and the attempts of all nodes would queue on it one commit at a time.
 */
class EndpointHealthRowTest {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void aHealthyEndpointsSuccessesDoNotWaitForAnotherTransactionOnItsRow() throws Exception {
        try (TestDatabase db = new TestDatabase(Dialect.POSTGRES)) {
            Setup s = new Setup(db, 2);
            assertThat(s.deliveries.recordAttempt("node", answered(s.claimed.get(0), 204, "", T0),
                    DeliveryOutcome.succeeded())).isTrue();

            assertThat(whileTheRowIsLocked(db, s.hook, () -> s.deliveries.recordAttempt("node",
                    answered(s.claimed.get(1), 204, "", T0.plusMillis(300)), DeliveryOutcome.succeeded())))
                    .as("recorded while another transaction holds the webhook row").isTrue();
        }
    }

    @Test
    void aFailingEndpointsFailuresDoNotWaitForAnotherTransactionOnItsRow() throws Exception {
        try (TestDatabase db = new TestDatabase(Dialect.POSTGRES)) {
            Setup s = new Setup(db, 2);
            assertThat(s.deliveries.recordAttempt("node", answered(s.claimed.get(0), 500, "", T0),
                    DeliveryOutcome.retryAt(T0.plusSeconds(60)))).isTrue();

            assertThat(whileTheRowIsLocked(db, s.hook, () -> s.deliveries.recordAttempt("node",
                    answered(s.claimed.get(1), 500, "", T0.plusSeconds(5)), DeliveryOutcome.retryAt(T0.plusSeconds(60)))))
                    .as("recorded while another transaction holds the webhook row").isTrue();
            assertThat(s.stored().failingSince()).as("the streak keeps its start").hasValue(T0);
        }
    }

    @EachDatabase
    void theLastSuccessIsKeptToTheSecondAndASuccessStillEndsAStreakAtOnce(TestDatabase db) {
        Setup s = new Setup(db, 5);
        s.record(0, 204, T0);
        s.record(1, 204, T0.plusMillis(999));
        assertThat(s.stored().lastSuccessAt()).as("a success within the second").hasValue(T0);
        s.record(2, 204, T0.plusMillis(1_000));
        assertThat(s.stored().lastSuccessAt()).hasValue(T0.plusMillis(1_000));

        s.record(3, 503, T0.plusMillis(1_100));
        assertThat(s.stored().failingSince()).hasValue(T0.plusMillis(1_100));
        s.record(4, 204, T0.plusMillis(1_200));
        assertThat(s.stored().failingSince()).as("a success ends the streak, however recent the last").isEmpty();
        assertThat(s.stored().lastSuccessAt()).hasValue(T0.plusMillis(1_200));
    }

    /** Runs {@code work} while a transaction of its own holds the webhook's row; its result, once it returned. */
    private static boolean whileTheRowIsLocked(TestDatabase db, Webhook hook, BooleanSupplier work)
            throws Exception {
        try (Connection holder = DriverManager.getConnection(db.url())) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT id FROM webhooks WHERE id = ? FOR UPDATE")) {
                lock.setString(1, hook.id());
                lock.executeQuery().close();
            }
            CompletableFuture<Boolean> recorded = CompletableFuture.supplyAsync(work::getAsBoolean);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!recorded.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            boolean done = recorded.isDone();
            holder.rollback();
            return done && recorded.get();
        }
    }

    /** A webhook on every event and {@code n} of its deliveries claimed by "node". */
    private static final class Setup {
        final JdbcDeliveryStore deliveries;
        final Webhook hook;
        final List<ClaimedDelivery> claimed;

        Setup(TestDatabase db, int n) {
            JdbcStore store = db.open();
            deliveries = attached(store);
            hook = TestWebhooks.webhook("default", "*");
            deliveries.createWebhook(hook);
            store.append("default", IntStream.range(0, n)
                    .mapToObj(i -> TestEvents.email(EventType.EMAIL_DELIVERED, TestEvents.newMessageId())).toList());
            claimed = deliveries.claimDue("node", Instant.now(), LEASE, n);
            assertThat(claimed).hasSize(n);
        }

        void record(int i, int status, Instant at) {
            DeliveryAttempt attempt = answered(claimed.get(i), status, "", at);
            assertThat(deliveries.recordAttempt("node", attempt, status < 300 ? DeliveryOutcome.succeeded()
                    : DeliveryOutcome.retryAt(at.plusSeconds(60)))).isTrue();
        }

        Webhook stored() {
            return deliveries.findWebhook("default", hook.id()).orElseThrow();
        }
    }
}
