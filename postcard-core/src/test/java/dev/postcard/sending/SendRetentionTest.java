package dev.postcard.sending;

import static dev.postcard.sending.SendFixtures.TENANT;
import static dev.postcard.sending.SendFixtures.engine;
import static dev.postcard.sending.SendFixtures.handOver;
import static dev.postcard.sending.SendFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.Postcard;
import dev.postcard.engine.BackgroundHealth;
import dev.postcard.engine.Pruner;
import dev.postcard.engine.Retention;
import dev.postcard.event.Message;
import dev.postcard.event.MessageStatus;
import dev.postcard.storage.JdbcStore;
import dev.postcard.suppression.SuppressionReason;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the retention pass deletes of the send queue: finished, announced copies older than the period, then the
 * sends left without copies once their idempotency key expired; what it keeps however old; what still answers.
 */
class SendRetentionTest {
    private static final Retention SENDS_ONE_DAY = new Retention(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.of(Duration.ofDays(1)));

    private final MovableClock clock = MovableClock.atStart();

    private static String one(String to) {
        return """
                {"from": "ada@example.com", "to": %s, "subject": "Hi", "text": "x"}""".formatted(to);
    }

    private Pruner pruner(Postcard postcard, Retention retention) {
        return new Pruner((JdbcStore) postcard.store(), postcard.deliveries(), postcard.sending().retention(),
                retention, clock, new BackgroundHealth(clock));
    }

    @EachDatabase
    void finishedAnnouncedCopiesGoAfterThePeriodAndTheirMessagesStillAnswer(TestDatabase db) throws SQLException {
        RecordingTransport transport = new RecordingTransport()
                .answer("carol@example.org", new TransportResult.RecipientRejected(RecordingTransport.NAME,
                        "550 5.1.1 no such user"));
        try (Postcard postcard = engine(db, clock, transport)) {
            Pruner pruner = pruner(postcard, SENDS_ONE_DAY);
            postcard.suppressions().add(TENANT, "gone@example.org", SuppressionReason.MANUAL, Optional.empty(),
                    Optional.empty());
            List<SendAnswer.Recipient> old = postcard.sending().send(TENANT,
                    request(one("[\"bob@example.org\", \"carol@example.org\", \"gone@example.org\"]")),
                    Optional.empty()).data();
            String canceled = postcard.sending().send(TENANT, request("""
                    {"from": "ada@example.com", "to": "dave@example.org", "subject": "Hi", "text": "x",
                     "send_at": "%s"}""".formatted(clock.instant().plusSeconds(600))), Optional.empty())
                    .data().getFirst().emailId();
            postcard.sending().cancel(TENANT, canceled);
            handOver(postcard);

            clock.advance(Duration.ofHours(23));
            String recent = postcard.sending().send(TENANT, request(one("\"erin@example.org\"")), Optional.empty())
                    .data().getFirst().emailId();
            handOver(postcard);
            assertThat(pruner.pruneNow()).as("nothing finished a day ago yet").isZero();
            assertThat(count(postcard, "send_recipients")).isEqualTo(5);

            clock.advance(Duration.ofHours(2));
            assertThat(pruner.pruneNow()).as("four copies, then their two sends").isEqualTo(6);
            assertThat(count(postcard, "send_recipients")).isEqualTo(1);
            assertThat(count(postcard, "sends")).isEqualTo(1);
            assertThat(postcard.sending().find(TENANT, recent)).isPresent();

            List<String> gone = List.of(old.get(0).emailId(), old.get(1).emailId(), old.get(2).emailId(), canceled);
            List<MessageStatus> statuses = List.of(MessageStatus.SENT, MessageStatus.BOUNCED, MessageStatus.DROPPED,
                    MessageStatus.CREATED);
            for (int i = 0; i < gone.size(); i++) {
                // What GET /v1/emails/{id} reads: no send any more, the message record as before.
                assertThat(postcard.sending().find(TENANT, gone.get(i))).as(gone.get(i)).isEmpty();
                Message message = postcard.emails().find(TENANT, gone.get(i)).orElseThrow(
                        () -> new AssertionError("the message of a pruned copy is kept"));
                assertThat(message.status()).as(gone.get(i)).isEqualTo(statuses.get(i));
                assertThat(postcard.emails().timeline(TENANT, gone.get(i), 10)).as("its events are kept").isNotEmpty();
            }
        }
    }

    @EachDatabase
    void copiesWaitingBeingHandedOverOrNotYetAnnouncedStayHoweverOld(TestDatabase db) throws SQLException {
        RecordingTransport transport = new RecordingTransport()
                .answer("slow@example.org", RecordingTransport.temporary("451 4.3.0 try later"));
        try (Postcard postcard = engine(db, clock, transport)) {
            Pruner pruner = pruner(postcard, SENDS_ONE_DAY);
            String scheduled = postcard.sending().send(TENANT, request("""
                    {"from": "ada@example.com", "to": "sched@example.org", "subject": "Hi", "text": "x",
                     "send_at": "%s"}""".formatted(clock.instant().plus(Duration.ofDays(30)))), Optional.empty())
                    .data().getFirst().emailId();
            String retried = postcard.sending().send(TENANT, request(one("\"slow@example.org\"")), Optional.empty())
                    .data().getFirst().emailId();
            String unannounced = postcard.sending().send(TENANT, request(one("\"quiet@example.org\"")),
                    Optional.empty()).data().getFirst().emailId();
            handOver(postcard);
            String claimed = postcard.sending().send(TENANT, request(one("\"held@example.org\"")), Optional.empty())
                    .data().getFirst().emailId();
            try (Connection c = ((JdbcStore) postcard.store()).dataSource().getConnection();
                 PreparedStatement unmark = c.prepareStatement(
                         "UPDATE send_recipients SET outcome_recorded = ? WHERE email_id = ?");
                 PreparedStatement claim = c.prepareStatement("UPDATE send_recipients SET status = 'sending', "
                         + "lease_owner = 'crashed', lease_until = ? WHERE email_id = ?")) {
                unmark.setBoolean(1, false);
                unmark.setString(2, unannounced);
                assertThat(unmark.executeUpdate()).isEqualTo(1);
                claim.setLong(1, clock.instant().plusSeconds(60).toEpochMilli());
                claim.setString(2, claimed);
                assertThat(claim.executeUpdate()).isEqualTo(1);
            }

            clock.advance(Duration.ofDays(60));
            assertThat(pruner.pruneNow()).isZero();
            for (String id : List.of(scheduled, retried, unannounced, claimed)) {
                assertThat(postcard.sending().find(TENANT, id)).as(id).isPresent();
            }
            assertThat(postcard.sending().find(TENANT, retried).orElseThrow().status()).isEqualTo(SendStatus.QUEUED);
            assertThat(count(postcard, "sends")).isEqualTo(4);
        }
    }

    @EachDatabase
    void aSendStaysWhileItsIdempotencyKeyLivesEvenWithoutItsCopies(TestDatabase db) throws SQLException {
        try (Postcard postcard = engine(db, clock, new RecordingTransport())) {
            Pruner.Sends retention = postcard.sending().retention();
            SendAnswer first = postcard.sending().send(TENANT, request(one("\"bob@example.org\"")),
                    Optional.of("order-7"));
            handOver(postcard);

            // Copies may go before the key does (the period is counted from the outcome, the key from the accept).
            clock.advance(Duration.ofHours(1));
            assertThat(retention.pruneCopies(clock.instant(), 500)).isEqualTo(1);
            assertThat(retention.pruneSends(clock.instant(), clock.instant(), 500)).as("the key lives").isZero();
            SendAnswer again = postcard.sending().send(TENANT, request(one("\"bob@example.org\"")),
                    Optional.of("order-7"));
            assertThat(again.replayed()).isTrue();
            assertThat(again.toJson()).isEqualTo(first.toJson());

            clock.advance(Duration.ofHours(23));
            assertThat(retention.pruneSends(clock.instant(), clock.instant(), 500)).isEqualTo(1);
            assertThat(count(postcard, "sends")).isZero();
            SendAnswer fresh = postcard.sending().send(TENANT, request(one("\"bob@example.org\"")),
                    Optional.of("order-7"));
            assertThat(fresh.replayed()).as("the key expired with its send").isFalse();
            assertThat(fresh.data().getFirst().emailId()).isNotEqualTo(first.data().getFirst().emailId());
            assertThat(postcard.emails().find(TENANT, first.data().getFirst().emailId())).isPresent();
        }
    }

    @EachDatabase
    void aPassDeletesInBatchesOfAtMostTheAskedSize(TestDatabase db) throws SQLException {
        try (Postcard postcard = engine(db, clock, new RecordingTransport())) {
            postcard.sending().send(TENANT, request(one("[\"a@example.org\", \"b@example.org\", \"c@example.org\"]")),
                    Optional.empty());
            handOver(postcard);
            clock.advance(Duration.ofDays(2));
            Pruner.Sends retention = postcard.sending().retention();
            Instant cutoff = clock.instant().minus(Duration.ofDays(1));
            assertThat(retention.pruneCopies(cutoff, 2)).isEqualTo(2);
            assertThat(retention.pruneSends(cutoff, clock.instant(), 2)).as("one copy is left").isZero();
            assertThat(retention.pruneCopies(cutoff, 2)).isEqualTo(1);
            assertThat(retention.pruneSends(cutoff, clock.instant(), 2)).isEqualTo(1);
            assertThat(count(postcard, "send_recipients")).isZero();
        }
    }

    @EachDatabase
    void theEnginesOwnPassPrunesSendsByPostcardRetentionSends(TestDatabase db) throws Exception {
        Retention retention = new Retention(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(Duration.ofDays(3)));
        String id;
        try (Postcard postcard = builder(db).retention(retention).build()) {
            id = postcard.sending().send(TENANT, request(one("\"bob@example.org\"")), Optional.empty())
                    .data().getFirst().emailId();
            handOver(postcard);
        }
        clock.advance(Duration.ofDays(3).plusMinutes(1));
        // The first pass runs when an engine starts.
        try (Postcard postcard = builder(db).retention(retention).build()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (postcard.sending().find(TENANT, id).isPresent() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(postcard.sending().find(TENANT, id)).as("pruned by the engine's pass").isEmpty();
            assertThat(postcard.emails().find(TENANT, id)).isPresent();
        }
    }

    private Postcard.Builder builder(TestDatabase db) {
        return Postcard.builder().databaseUrl(db.url()).deliveryWorker(false).sendWorker(false).clock(clock)
                .sendTransport(new RecordingTransport());
    }

    private static long count(Postcard postcard, String table) throws SQLException {
        try (Connection c = ((JdbcStore) postcard.store()).dataSource().getConnection();
             PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM " + table);
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
