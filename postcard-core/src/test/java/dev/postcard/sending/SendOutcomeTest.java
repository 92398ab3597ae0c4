package dev.postcard.sending;

import static dev.postcard.sending.SendFixtures.TENANT;
import static dev.postcard.sending.SendFixtures.engine;
import static dev.postcard.sending.SendFixtures.handOver;
import static dev.postcard.sending.SendFixtures.only;
import static dev.postcard.sending.SendFixtures.request;
import static dev.postcard.sending.SendFixtures.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.ConflictException;
import dev.postcard.NotFoundException;
import dev.postcard.Postcard;
import dev.postcard.event.Event;
import dev.postcard.event.EventType;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What each transport answer comes to: retries, bounces, failures, and cancelling a copy that waits. */
class SendOutcomeTest {
    private static final String BOB = """
            {"from": "ada@example.com", "to": "bob@example.org", "subject": "Hi", "text": "Hello"}""";

    @EachDatabase
    void aTemporaryFailureIsRetriedOnTheScheduleAndSentOnce(TestDatabase db) {
        RecordingTransport transport = new RecordingTransport()
                .answer("bob@example.org", RecordingTransport.temporary("451 4.3.0 try again later"));
        MovableClock clock = MovableClock.atStart();
        try (Postcard postcard = engine(db, clock, transport)) {
            String id = postcard.sending().send(TENANT, request(BOB), Optional.empty()).data().getFirst().emailId();
            handOver(postcard);
            Event delayed = only(postcard, id, EventType.EMAIL_DELIVERY_DELAYED).event();
            assertThat(delayed.text("smtp_response")).contains("451 4.3.0 try again later");
            SendState waiting = postcard.sending().find(TENANT, id).orElseThrow();
            assertThat(waiting.status()).isEqualTo(SendStatus.QUEUED);
            assertThat(waiting.lastError()).contains("451 4.3.0 try again later");

            clock.advance(Duration.ofSeconds(59));
            handOver(postcard);
            assertThat(transport.received()).as("the first retry waits a minute").hasSize(1);
            clock.advance(Duration.ofSeconds(1));
            handOver(postcard);

            assertThat(transport.received()).hasSize(2);
            assertThat(types(postcard, id)).containsExactly(EventType.EMAIL_DELIVERY_DELAYED, EventType.EMAIL_SENT);
            assertThat(postcard.sending().find(TENANT, id).orElseThrow().attempts()).isEqualTo(2);
        }
    }

    @EachDatabase
    void aRelaysRetryAfterIsHonouredWithinTheLongestWait(TestDatabase db) {
        RecordingTransport transport = new RecordingTransport().answer("bob@example.org",
                new TransportResult.TemporaryFailure(RecordingTransport.NAME, "429 slow down",
                        Optional.of(Duration.ofMinutes(3))));
        MovableClock clock = MovableClock.atStart();
        try (Postcard postcard = engine(db, clock, transport)) {
            postcard.sending().send(TENANT, request(BOB), Optional.empty());
            handOver(postcard);
            clock.advance(Duration.ofMinutes(2));
            handOver(postcard);
            assertThat(transport.received()).as("the relay asked for three minutes").hasSize(1);
            clock.advance(Duration.ofMinutes(1));
            handOver(postcard);
            assertThat(transport.received()).hasSize(2);
        }
    }

    @EachDatabase
    void afterTheLastRetryTheCopyFailsWithRetriesExhausted(TestDatabase db) {
        String busy = "421 4.7.0 busy";
        RecordingTransport transport = new RecordingTransport().answer("bob@example.org",
                RecordingTransport.temporary(busy), RecordingTransport.temporary(busy), RecordingTransport.temporary(busy));
        MovableClock clock = MovableClock.atStart();
        try (Postcard postcard = Postcard.builder().databaseUrl(db.url()).deliveryWorker(false).sendWorker(false).clock(clock)
                .sendTransport(transport).sendRetrySchedule(List.of(Duration.ofMinutes(1), Duration.ofMinutes(5)))
                .build()) {
            String id = postcard.sending().send(TENANT, request(BOB), Optional.empty()).data().getFirst().emailId();
            for (int i = 0; i < 3; i++) {
                handOver(postcard);
                clock.advance(Duration.ofMinutes(5));
            }
            handOver(postcard);

            assertThat(transport.received()).hasSize(3);
            assertThat(types(postcard, id)).containsExactly(EventType.EMAIL_DELIVERY_DELAYED,
                    EventType.EMAIL_DELIVERY_DELAYED, EventType.EMAIL_FAILED);
            Event failed = only(postcard, id, EventType.EMAIL_FAILED).event();
            assertThat(failed.text("reason")).contains("retries_exhausted");
            assertThat(failed.text("error")).contains(busy);
        }
    }

    @EachDatabase
    void aRecipientRefusedAtRcptBouncesClassifiedByTheBounceRules(TestDatabase db) {
        String refusal = "550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in virtual mailbox table";
        RecordingTransport transport = new RecordingTransport().answer("bob@example.org",
                new TransportResult.RecipientRejected(RecordingTransport.NAME, refusal));
        try (Postcard postcard = engine(db, MovableClock.atStart(), transport)) {
            String id = postcard.sending().send(TENANT, request(BOB), Optional.empty()).data().getFirst().emailId();
            handOver(postcard);

            Event bounced = only(postcard, id, EventType.EMAIL_BOUNCED).event();
            assertThat(bounced.text("bounce_type")).contains("hard");
            assertThat(bounced.text("bounce_reason")).contains("user_unknown");
            assertThat(bounced.text("status_code")).contains("5.1.1");
            assertThat(bounced.text("smtp_response")).contains(refusal);
            assertThat(postcard.suppressions().isSuppressed(TENANT, "bob@example.org"))
                    .as("a hard bounce suppresses the address, as any other").isTrue();
            assertThat(postcard.sending().find(TENANT, id).orElseThrow().status()).isEqualTo(SendStatus.BOUNCED);
        }
    }

    @EachDatabase
    void aPermanentFailureFailsTheCopy(TestDatabase db) {
        RecordingTransport transport = new RecordingTransport().answer("bob@example.org",
                new TransportResult.PermanentFailure(RecordingTransport.NAME, "554 5.7.1 message refused", "rejected"));
        try (Postcard postcard = engine(db, MovableClock.atStart(), transport)) {
            String id = postcard.sending().send(TENANT, request(BOB), Optional.empty()).data().getFirst().emailId();
            handOver(postcard);

            Event failed = only(postcard, id, EventType.EMAIL_FAILED).event();
            assertThat(failed.text("reason")).contains("rejected");
            assertThat(failed.text("error")).contains("554 5.7.1 message refused");
            assertThat(transport.received()).hasSize(1);
        }
    }

    @EachDatabase
    void aScheduledCopyCanBeCanceledUntilItGoesOut(TestDatabase db) {
        RecordingTransport transport = new RecordingTransport();
        MovableClock clock = MovableClock.atStart();
        try (Postcard postcard = engine(db, clock, transport)) {
            SendAnswer answer = postcard.sending().send(TENANT, request("""
                    {"from": "ada@example.com", "to": ["bob@example.org", "carol@example.org"], "subject": "Later",
                     "text": "x", "send_at": "%s"}""".formatted(clock.instant().plusSeconds(600))), Optional.empty());
            String bob = answer.data().get(0).emailId();
            String carol = answer.data().get(1).emailId();

            SendState canceled = postcard.sending().cancel(TENANT, bob);
            assertThat(canceled.status()).isEqualTo(SendStatus.CANCELED);
            assertThat(only(postcard, bob, EventType.EMAIL_CANCELED).event().text("to")).contains("bob@example.org");
            assertThatThrownBy(() -> postcard.sending().cancel(TENANT, bob)).isInstanceOf(ConflictException.class);

            clock.advance(Duration.ofSeconds(600));
            handOver(postcard);
            assertThat(transport.received()).extracting(OutgoingMessage::envelopeTo).containsExactly("carol@example.org");
            assertThatThrownBy(() -> postcard.sending().cancel(TENANT, carol)).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("sent");
            assertThatThrownBy(() -> postcard.sending().cancel(TENANT, "msg_unknown"))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> postcard.sending().cancel("other-tenant", carol))
                    .as("another tenant's copy is unknown").isInstanceOf(NotFoundException.class);
            assertThat(postcard.sending().find("other-tenant", carol)).isEmpty();
        }
    }
}
