package dev.postcard.sending;

import static dev.postcard.sending.SendFixtures.TENANT;
import static dev.postcard.sending.SendFixtures.engine;
import static dev.postcard.sending.SendFixtures.handOver;
import static dev.postcard.sending.SendFixtures.request;
import static dev.postcard.sending.SendFixtures.types;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.Postcard;
import dev.postcard.event.EventType;
import dev.postcard.storage.JdbcStore;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Crashes and several engines: a copy is handed over once while its lease holds, and once more at most per crash. */
class SendCrashTest {
    @EachDatabase
    void aCopyLeftClaimedByACrashedEngineIsHandedOverOnceWhenItsLeaseRunsOut(TestDatabase db) throws Exception {
        RecordingTransport transport = new RecordingTransport();
        MovableClock clock = MovableClock.atStart();
        String id;
        try (Postcard postcard = engine(db, clock, transport)) {
            id = postcard.sending().send(TENANT, request("""
                    {"from": "ada@example.com", "to": "bob@example.org", "subject": "Hi", "text": "x"}"""),
                    Optional.empty()).data().getFirst().emailId();
            // What a crash after the relay's 250 and before the outcome was stored leaves: the copy claimed by an
            // engine that is gone, its attempt counted, no outcome.
            try (Connection c = ((JdbcStore) postcard.store()).dataSource().getConnection();
                 PreparedStatement claim = c.prepareStatement("UPDATE send_recipients SET status = 'sending', "
                         + "lease_owner = 'crashed', lease_until = ?, attempts = 1 WHERE email_id = ?")) {
                claim.setLong(1, clock.instant().plus(SendSettings.DEFAULT.lease()).toEpochMilli());
                claim.setString(2, id);
                assertThat(claim.executeUpdate()).isEqualTo(1);
            }
        }
        try (Postcard postcard = engine(db, clock, transport)) {
            handOver(postcard);
            assertThat(transport.received()).as("the lease still holds").isEmpty();
            clock.advance(SendSettings.DEFAULT.lease());
            handOver(postcard);
            handOver(postcard);
            assertThat(transport.received()).as("one more hand-over, no more").hasSize(1);
            assertThat(types(postcard, id)).containsExactly(EventType.EMAIL_SENT);
            assertThat(postcard.sending().find(TENANT, id).orElseThrow().attempts()).isEqualTo(2);
        }
    }

    @EachDatabase
    void anOutcomeStoredButNotAnnouncedIsAnnouncedOnceByTheNextEngine(TestDatabase db) throws Exception {
        RecordingTransport transport = new RecordingTransport();
        MovableClock clock = MovableClock.atStart();
        String id;
        try (Postcard postcard = engine(db, clock, transport)) {
            id = postcard.sending().send(TENANT, request("""
                    {"from": "ada@example.com", "to": "bob@example.org", "subject": "Hi", "text": "x"}"""),
                    Optional.empty()).data().getFirst().emailId();
            handOver(postcard);
        }
        // A crash after the outcome was stored and before it was marked announced (whether or not the event was).
        try (JdbcStore store = db.open(); Connection c = store.dataSource().getConnection();
             PreparedStatement unmark = c.prepareStatement(
                     "UPDATE send_recipients SET outcome_recorded = ? WHERE email_id = ?")) {
            unmark.setBoolean(1, false);
            unmark.setString(2, id);
            assertThat(unmark.executeUpdate()).isEqualTo(1);
        }
        try (Postcard postcard = engine(db, clock, transport)) {
            handOver(postcard);
            assertThat(types(postcard, id)).containsExactly(EventType.EMAIL_SENT);
            assertThat(transport.received()).hasSize(1);
        }
    }

    @EachDatabase
    void twoEnginesOnOneDatabaseNeverHandTheSameCopyOver(TestDatabase db) throws Exception {
        RecordingTransport first = new RecordingTransport();
        RecordingTransport second = new RecordingTransport();
        MovableClock clock = MovableClock.running();
        try (Postcard a = Postcard.builder().databaseUrl(db.url()).deliveryWorker(false).sendWorker(false).clock(clock)
                .sendTransport(first).sendRate(10_000).build();
             Postcard b = Postcard.builder().databaseUrl(db.url()).deliveryWorker(false).sendWorker(false).clock(clock)
                     .sendTransport(second).sendRate(10_000).build()) {
            String to = IntStream.range(0, 300).mapToObj(i -> "\"r" + i + "@example.org\"")
                    .collect(Collectors.joining(", "));
            SendAnswer answer = a.sending().send(TENANT, request("""
                    {"from": "ada@example.com", "to": [%s], "subject": "Hi", "text": "x"}""".formatted(to)),
                    Optional.empty());
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> passes = new ArrayList<>();
            for (Postcard engine : List.of(a, b, a, b)) {
                passes.add(Thread.ofVirtual().start(() -> {
                    try {
                        start.await();
                        handOver(engine);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            start.countDown();
            for (Thread pass : passes) {
                pass.join();
            }
            handOver(a);

            List<String> handed = new ArrayList<>();
            first.received().forEach(m -> handed.add(m.emailId()));
            second.received().forEach(m -> handed.add(m.emailId()));
            Set<String> distinct = new HashSet<>(handed);
            assertThat(handed).as("no copy twice").hasSize(distinct.size());
            assertThat(distinct).containsExactlyInAnyOrderElementsOf(
                    answer.data().stream().map(SendAnswer.Recipient::emailId).toList());
        }
    }

    @EachDatabase
    void aCopyWhoseLeaseRanOutWhileItWaitedForItsTurnIsHandedOverByOneEngineOnly(TestDatabase db) throws Exception {
        MovableClock clock = MovableClock.atStart();
        RecordingTransport second = new RecordingTransport();
        Postcard[] other = new Postcard[1];
        // A relay that takes a minute a message (its longest hand-over) keeps the copies queued behind each other
        // past the batch's lease; in the middle of it, another engine runs a pass.
        SlowTransport first = new SlowTransport(clock, () -> handOver(other[0]));
        try (Postcard a = Postcard.builder().databaseUrl(db.url()).deliveryWorker(false).sendWorker(false).clock(clock)
                .sendTransport(first).sendConcurrency(1).sendRate(10_000).build();
             Postcard b = Postcard.builder().databaseUrl(db.url()).deliveryWorker(false).sendWorker(false).clock(clock)
                     .sendTransport(second).sendRate(10_000).build()) {
            other[0] = b;
            String to = IntStream.range(0, 6).mapToObj(i -> "\"r" + i + "@example.org\"")
                    .collect(Collectors.joining(", "));
            SendAnswer answer = a.sending().send(TENANT, request("""
                    {"from": "ada@example.com", "to": [%s], "subject": "Hi", "text": "x"}""".formatted(to)),
                    Optional.empty());

            handOver(a);

            List<String> handed = new ArrayList<>();
            first.received().forEach(m -> handed.add(m.emailId()));
            second.received().forEach(m -> handed.add(m.emailId()));
            assertThat(second.received()).as("the other engine took the copies whose lease had run out").isNotEmpty();
            assertThat(handed).as("no copy twice").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(answer.data().stream().map(SendAnswer.Recipient::emailId).toList());
        }
    }

    /** Takes a minute of the clock for each message, and runs {@code during} in the middle of the second. */
    private static final class SlowTransport implements dev.postcard.sending.Transport {
        private final MovableClock clock;
        private final Runnable during;
        private final RecordingTransport recording = new RecordingTransport();
        private int sent;

        SlowTransport(MovableClock clock, Runnable during) {
            this.clock = clock;
            this.during = during;
        }

        @Override
        public String name() {
            return "slow";
        }

        @Override
        public TransportResult send(OutgoingMessage message) {
            clock.advance(longestHandOver());
            if (++sent == 2) {
                during.run();
            }
            return recording.send(message);
        }

        @Override
        public java.time.Duration longestHandOver() {
            return java.time.Duration.ofMinutes(1);
        }

        List<OutgoingMessage> received() {
            return recording.received();
        }

        @Override
        public void close() {
        }
    }
}
