package dev.postcard.sending;

import static dev.postcard.sending.SendFixtures.TENANT;
import static dev.postcard.sending.SendFixtures.engine;
import static dev.postcard.sending.SendFixtures.handOver;
import static dev.postcard.sending.SendFixtures.only;
import static dev.postcard.sending.SendFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.Postcard;
import dev.postcard.event.Event;
import dev.postcard.event.EventType;
import dev.postcard.event.Message;
import dev.postcard.suppression.SuppressionReason;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import java.util.Optional;

/** A send is stored, handed over once per recipient, and announced by the events of DESIGN §5. */
class SendQueueTest {
    private static final String SEND = """
            {"from": "Ada Lovelace <ada@example.com>", "to": ["bob@example.org", "Carol <carol@example.org>"],
             "bcc": "dave@example.org", "subject": "Notes", "html": "<p>Read <a href=\\"https://example.com/x\\">this</a></p>",
             "text": "Read this. Leave: {{unsubscribe_url}}", "headers": {"X-Campaign": "spring"},
             "tags": ["notes"], "metadata": {"user": "u1"}}""";

    @EachDatabase
    void everyRecipientGetsItsOwnCopyAndAnEmailSent(TestDatabase db) {
        RecordingTransport transport = new RecordingTransport();
        try (Postcard postcard = engine(db, MovableClock.atStart(), transport)) {
            SendAnswer answer = postcard.sending().send(TENANT, request(SEND), Optional.empty());
            assertThat(answer.data()).extracting(SendAnswer.Recipient::to, SendAnswer.Recipient::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("bob@example.org", SendStatus.QUEUED),
                            org.assertj.core.groups.Tuple.tuple("carol@example.org", SendStatus.QUEUED),
                            org.assertj.core.groups.Tuple.tuple("dave@example.org", SendStatus.QUEUED));
            handOver(postcard);

            assertThat(transport.received()).extracting(OutgoingMessage::envelopeTo)
                    .containsExactlyInAnyOrder("bob@example.org", "carol@example.org", "dave@example.org");
            OutgoingMessage dave = transport.receivedBy("dave@example.org").getFirst();
            String daveId = answer.data().get(2).emailId();
            assertThat(dave.emailId()).isEqualTo(daveId);
            assertThat(dave.to()).as("bcc is never shown").containsExactly("bob@example.org", "Carol <carol@example.org>");
            assertThat(dave.envelopeFrom()).isEqualTo("bounce+" + daveId + "@bounces.example.net");
            assertThat(dave.messageId()).isEqualTo(daveId + "@example.com");
            assertThat(dave.headers()).containsEntry("X-Campaign", "spring").containsEntry("X-Postcard-Email-Id", daveId)
                    .containsKeys("List-Unsubscribe", "List-Unsubscribe-Post");
            assertThat(dave.html().orElseThrow()).contains("/track/open/").contains("/track/click/")
                    .doesNotContain("href=\"https://example.com/x\"");
            assertThat(dave.text().orElseThrow()).contains("/track/unsubscribe/").doesNotContain("{{unsubscribe_url}}");

            Event sent = only(postcard, daveId, EventType.EMAIL_SENT).event();
            assertThat(sent.text("to")).contains("dave@example.org");
            assertThat(sent.text("from")).contains("Ada Lovelace <ada@example.com>");
            assertThat(sent.text("subject")).contains("Notes");
            assertThat(sent.texts("tags")).containsExactly("notes");
            assertThat(sent.data().get("metadata").get("user").asText()).isEqualTo("u1");
            assertThat(sent.text("transport")).contains(RecordingTransport.NAME);
            assertThat(sent.text("smtp_response")).hasValueSatisfying(r -> assertThat(r).startsWith("250"));
            Message message = postcard.emails().find(TENANT, daveId).orElseThrow();
            assertThat(message.providerMessageId()).as("bounce mail finds the message by its Message-ID")
                    .contains(daveId + "@example.com");
            assertThat(postcard.sending().find(TENANT, daveId).orElseThrow().status()).isEqualTo(SendStatus.SENT);
        }
    }

    @EachDatabase
    void invalidAndSuppressedRecipientsAreDroppedAndNeverHandedOver(TestDatabase db) {
        RecordingTransport transport = new RecordingTransport();
        try (Postcard postcard = engine(db, MovableClock.atStart(), transport)) {
            postcard.suppressions().add(TENANT, "gone@example.org", SuppressionReason.MANUAL, Optional.empty(),
                    Optional.empty());
            SendAnswer answer = postcard.sending().send(TENANT, request("""
                    {"from": "ada@example.com", "to": ["not an address", "GONE@example.org", "bob@example.org"],
                     "subject": "Hi", "text": "Hello"}"""), Optional.empty());
            assertThat(answer.data()).extracting(SendAnswer.Recipient::status, r -> r.reason().orElse(""))
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(SendStatus.DROPPED, "invalid_address"),
                            org.assertj.core.groups.Tuple.tuple(SendStatus.DROPPED, "suppressed"),
                            org.assertj.core.groups.Tuple.tuple(SendStatus.QUEUED, ""));
            handOver(postcard);

            assertThat(transport.received()).extracting(OutgoingMessage::envelopeTo).containsExactly("bob@example.org");
            Event invalid = only(postcard, answer.data().get(0).emailId(), EventType.EMAIL_DROPPED).event();
            assertThat(invalid.text("reason")).contains("invalid_address");
            assertThat(invalid.text("to")).as("not an address: left out").isEmpty();
            Event suppressed = only(postcard, answer.data().get(1).emailId(), EventType.EMAIL_DROPPED).event();
            assertThat(suppressed.text("reason")).contains("suppressed");
            assertThat(suppressed.text("to")).contains("gone@example.org");
        }
    }

    @EachDatabase
    void anAddressSuppressedAfterTheAcceptIsDroppedAtTheHandOver(TestDatabase db) {
        RecordingTransport transport = new RecordingTransport();
        MovableClock clock = MovableClock.atStart();
        try (Postcard postcard = engine(db, clock, transport)) {
            SendAnswer answer = postcard.sending().send(TENANT, request("""
                    {"from": "ada@example.com", "to": "bob@example.org", "subject": "Later", "text": "x",
                     "send_at": "%s"}""".formatted(clock.instant().plusSeconds(3600))), Optional.empty());
            postcard.suppressions().add(TENANT, "bob@example.org", SuppressionReason.MANUAL, Optional.empty(),
                    Optional.empty());
            clock.advance(java.time.Duration.ofHours(2));
            handOver(postcard);

            assertThat(transport.received()).isEmpty();
            String id = answer.data().getFirst().emailId();
            assertThat(only(postcard, id, EventType.EMAIL_DROPPED).event().text("reason")).contains("suppressed");
            assertThat(postcard.sending().find(TENANT, id).orElseThrow().status()).isEqualTo(SendStatus.DROPPED);
        }
    }

    @EachDatabase
    void aScheduledSendWaitsForItsTime(TestDatabase db) {
        RecordingTransport transport = new RecordingTransport();
        MovableClock clock = MovableClock.atStart();
        try (Postcard postcard = engine(db, clock, transport)) {
            SendAnswer answer = postcard.sending().send(TENANT, request("""
                    {"from": "ada@example.com", "to": "bob@example.org", "subject": "Later", "text": "x",
                     "send_at": "%s"}""".formatted(clock.instant().plusSeconds(600))), Optional.empty());
            assertThat(answer.data().getFirst().status()).isEqualTo(SendStatus.SCHEDULED);
            assertThat(answer.sendAt()).contains(clock.instant().plusSeconds(600));
            clock.advance(java.time.Duration.ofSeconds(599));
            handOver(postcard);
            assertThat(transport.received()).as("one second early").isEmpty();

            clock.advance(java.time.Duration.ofSeconds(1));
            handOver(postcard);
            assertThat(transport.received()).hasSize(1);
        }
    }

    @EachDatabase
    void aSendAtInThePastGoesNow(TestDatabase db) {
        RecordingTransport transport = new RecordingTransport();
        MovableClock clock = MovableClock.atStart();
        try (Postcard postcard = engine(db, clock, transport)) {
            SendAnswer answer = postcard.sending().send(TENANT, request("""
                    {"from": "ada@example.com", "to": "bob@example.org", "subject": "Now", "text": "x",
                     "send_at": "%s"}""".formatted(clock.instant().minusSeconds(60))), Optional.empty());
            assertThat(answer.data().getFirst().status()).isEqualTo(SendStatus.QUEUED);
            assertThat(answer.sendAt()).isEmpty();
            handOver(postcard);
            assertThat(transport.received()).hasSize(1);
        }
    }

    @EachDatabase
    void theWorkerIsWokenByTheAcceptAndNeedsNoPoll(TestDatabase db) throws InterruptedException {
        RecordingTransport transport = new RecordingTransport();
        try (Postcard postcard = Postcard.builder().databaseUrl(db.url()).deliveryWorker(false)
                .clock(MovableClock.atStart()).sendTransport(transport).build()) {
            String id = postcard.sending().send(TENANT, request("""
                    {"from": "ada@example.com", "to": "bob@example.org", "subject": "Hi", "text": "x"}"""),
                    Optional.empty()).data().getFirst().emailId();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (postcard.emails().timeline(TENANT, id, 10).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(only(postcard, id, EventType.EMAIL_SENT)).isNotNull();
            assertThat(transport.received()).hasSize(1);
        }
    }

    @EachDatabase
    void trackingFollowsTheSendsChoiceAndAttachmentsArriveWhole(TestDatabase db) {
        RecordingTransport transport = new RecordingTransport();
        byte[] csv = "name,email\nAda,ada@example.com\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (Postcard postcard = engine(db, MovableClock.atStart(), transport)) {
            postcard.sending().send(TENANT, request("""
                    {"from": "ada@example.com", "to": ["bob@example.org", "carol@example.org"], "subject": "List",
                     "html": "<p><a href=\\"https://example.com/x\\">x</a></p>", "track_opens": false,
                     "track_clicks": false, "reply_to": "help@example.com",
                     "attachments": [{"filename": "list.csv", "content": "%s", "content_type": "text/csv"}]}"""
                    .formatted(java.util.Base64.getEncoder().encodeToString(csv))), Optional.empty());
            handOver(postcard);

            assertThat(transport.received()).hasSize(2).allSatisfy(message -> {
                assertThat(message.html().orElseThrow()).doesNotContain("/track/open/").doesNotContain("/track/click/")
                        .contains("href=\"https://example.com/x\"");
                assertThat(message.headers()).containsKey("List-Unsubscribe");
                assertThat(message.replyTo()).containsExactly("help@example.com");
                assertThat(message.text()).as("derived from the HTML").contains("x (https://example.com/x)");
                MailAttachment attachment = message.attachments().getFirst();
                assertThat(attachment.filename()).isEqualTo("list.csv");
                assertThat(attachment.contentType()).isEqualTo("text/csv");
                assertThat(attachment.content()).isEqualTo(csv);
            });
        }
    }

    @EachDatabase
    void theEngineClosesItsTransport(TestDatabase db) {
        RecordingTransport transport = new RecordingTransport();
        engine(db, MovableClock.atStart(), transport).close();
        assertThat(transport.closed()).isTrue();
    }
}
