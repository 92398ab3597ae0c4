package dev.postcard.sending;

import static dev.postcard.sending.SendFixtures.TENANT;
import static dev.postcard.sending.SendFixtures.engine;
import static dev.postcard.sending.SendFixtures.handOver;
import static dev.postcard.sending.SendFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.ConflictException;
import dev.postcard.InvalidInputException;
import dev.postcard.Postcard;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import java.time.Duration;
import java.util.Optional;

/** An Idempotency-Key brings back the first answer for the same body, across engines, for a day. */
class SendIdempotencyTest {
    private static final String BODY = """
            {"from": "ada@example.com", "to": ["bob@example.org", "carol@example.org"], "subject": "Hi",
             "text": "Hello", "metadata": {"a": 1, "b": 2}}""";
    private static final String SAME_BODY_WRITTEN_ANOTHER_WAY = """
            {"metadata": {"b": 2, "a": 1}, "text": "Hello", "subject": "Hi",
             "to": ["bob@example.org", "carol@example.org"], "from": "ada@example.com"}""";

    @EachDatabase
    void theSameKeyAndBodyAnswerTheFirstAnswerAcrossARestart(TestDatabase db) {
        RecordingTransport transport = new RecordingTransport();
        MovableClock clock = MovableClock.atStart();
        SendAnswer first;
        try (Postcard postcard = engine(db, clock, transport)) {
            first = postcard.sending().send(TENANT, request(BODY), Optional.of("order-42"));
            assertThat(first.replayed()).isFalse();
            handOver(postcard);
        }
        try (Postcard postcard = engine(db, clock, transport)) {
            SendAnswer again = postcard.sending().send(TENANT, request(SAME_BODY_WRITTEN_ANOTHER_WAY),
                    Optional.of("order-42"));
            assertThat(again.replayed()).isTrue();
            assertThat(again.toJson()).isEqualTo(first.toJson());
            handOver(postcard);
            assertThat(transport.received()).as("each recipient once").hasSize(2);

            assertThatThrownBy(() -> postcard.sending().send(TENANT, request(BODY.replace("Hello", "Hullo")),
                    Optional.of("order-42")))
                    .isInstanceOfSatisfying(ConflictException.class,
                            e -> assertThat(e.field()).isEqualTo("Idempotency-Key"));
            SendAnswer otherTenant = postcard.sending().send("other", request(BODY), Optional.of("order-42"));
            assertThat(otherTenant.replayed()).as("keys are per tenant").isFalse();
        }
    }

    @EachDatabase
    void aKeyIsKeptForADayThenFree(TestDatabase db) {
        RecordingTransport transport = new RecordingTransport();
        MovableClock clock = MovableClock.atStart();
        try (Postcard postcard = engine(db, clock, transport)) {
            SendAnswer first = postcard.sending().send(TENANT, request(BODY), Optional.of("k"));
            clock.advance(Duration.ofHours(23));
            assertThat(postcard.sending().send(TENANT, request(BODY), Optional.of("k")).replayed()).isTrue();
            clock.advance(Duration.ofHours(1));
            SendAnswer later = postcard.sending().send(TENANT, request(BODY.replace("Hello", "Hullo")), Optional.of("k"));
            assertThat(later.replayed()).isFalse();
            assertThat(later.data().getFirst().emailId()).isNotEqualTo(first.data().getFirst().emailId());
        }
    }

    @EachDatabase
    void aMalformedKeyIsRefusedAndNothingIsStored(TestDatabase db) {
        RecordingTransport transport = new RecordingTransport();
        try (Postcard postcard = engine(db, MovableClock.atStart(), transport)) {
            assertThatThrownBy(() -> postcard.sending().send(TENANT, request(BODY), Optional.of("é")))
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.field()).isEqualTo("Idempotency-Key"));
            assertThatThrownBy(() -> postcard.sending().send(TENANT, request(BODY), Optional.of("x".repeat(256))))
                    .isInstanceOf(InvalidInputException.class);
            handOver(postcard);
            assertThat(transport.received()).isEmpty();
        }
    }
}
