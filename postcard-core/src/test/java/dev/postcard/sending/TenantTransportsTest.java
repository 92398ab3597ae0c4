package dev.postcard.sending;

import static dev.postcard.sending.SendFixtures.handOver;
import static dev.postcard.sending.SendFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.Postcard;
import dev.postcard.event.Event;
import dev.postcard.event.EventType;
import dev.postcard.event.StoredEvent;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Each tenant's copies go through the transports it chose, in its order; the others through all of them. */
class TenantTransportsTest {
    private final RecordingTransport euRelay = new RecordingTransport();
    private final RecordingTransport backup = new RecordingTransport();

    private Postcard engine(TestDatabase db) {
        Postcard postcard = Postcard.builder().databaseUrl(db.url()).deliveryWorker(false).sendWorker(false)
                .clock(MovableClock.atStart()).sendTransports(List.of(
                        new ConfiguredTransport("eu-relay", euRelay, OptionalInt.empty()),
                        new ConfiguredTransport("backup", backup, OptionalInt.empty()))).build();
        postcard.tenants().create("acme", "Acme");
        postcard.tenants().create("globex", "Globex");
        return postcard;
    }

    private static void choose(Postcard postcard, String tenant, List<String> names) {
        postcard.tenants().chooseSendTransports(tenant, Optional.of(names), postcard.sending().transportNames());
    }

    private static String send(Postcard postcard, String tenant, String to) {
        return postcard.sending().send(tenant, request("""
                {"from": "ada@example.com", "to": "%s", "subject": "Hi", "text": "Hello"}""".formatted(to)),
                Optional.empty()).data().getFirst().emailId();
    }

    private static Event only(Postcard postcard, String tenant, String emailId) {
        List<StoredEvent> events = postcard.emails().timeline(tenant, emailId, 100);
        assertThat(events).as("events of " + emailId).hasSize(1);
        return events.getFirst().event();
    }

    @EachDatabase
    void twoTenantsSendThroughTheTransportsEachChose(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            choose(postcard, "acme", List.of("backup"));
            choose(postcard, "globex", List.of("eu-relay", "backup"));
            String acme = send(postcard, "acme", "acme-user@example.org");
            String globex = send(postcard, "globex", "globex-user@example.org");
            String unchosen = send(postcard, "default", "default-user@example.org");
            handOver(postcard);

            assertThat(backup.received()).extracting(OutgoingMessage::envelopeTo).containsExactly("acme-user@example.org");
            assertThat(euRelay.received()).extracting(OutgoingMessage::envelopeTo)
                    .containsExactlyInAnyOrder("globex-user@example.org", "default-user@example.org");
            Event acmeSent = only(postcard, "acme", acme);
            assertThat(acmeSent.type()).isEqualTo(EventType.EMAIL_SENT);
            assertThat(acmeSent.text("transport")).as("the configured name, not the kind").contains("backup");
            assertThat(only(postcard, "globex", globex).text("transport")).contains("eu-relay");
            assertThat(only(postcard, "default", unchosen).text("transport")).contains("eu-relay");
            assertThat(postcard.sending().find("acme", acme).orElseThrow().transport()).contains("backup");
        }
    }

    @EachDatabase
    void aChosenTransportDownPassesTheCopyToTheTenantsNextChoiceOnly(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            euRelay.answer("carol@example.org", new TransportResult.TemporaryFailure(RecordingTransport.NAME,
                    "unreachable: connection refused", Optional.empty(), true));
            choose(postcard, "acme", List.of("eu-relay"));
            String id = send(postcard, "acme", "carol@example.org");
            handOver(postcard);

            assertThat(backup.received()).as("not a transport acme chose").isEmpty();
            assertThat(only(postcard, "acme", id).type()).isEqualTo(EventType.EMAIL_DELIVERY_DELAYED);
        }
    }

    @EachDatabase
    void aCopyWhoseChosenTransportIsGoneWaitsAndNothingIsSent(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            String id = send(postcard, "acme", "bob@example.org");
            // Stored by an engine that had "us-relay": this one does not.
            postcard.tenants().chooseSendTransports("acme", Optional.of(List.of("us-relay")), List.of("us-relay"));
            handOver(postcard);

            assertThat(euRelay.received()).isEmpty();
            assertThat(backup.received()).isEmpty();
            Event delayed = only(postcard, "acme", id);
            assertThat(delayed.type()).isEqualTo(EventType.EMAIL_DELIVERY_DELAYED);
            assertThat(delayed.text("smtp_response")).hasValueSatisfying(r -> assertThat(r)
                    .contains("'us-relay' is not configured on this engine"));
            SendState waiting = postcard.sending().find("acme", id).orElseThrow();
            assertThat(waiting.status()).isEqualTo(SendStatus.QUEUED);
            assertThat(waiting.transport()).contains("us-relay");
            assertThat(waiting.lastError()).hasValueSatisfying(e -> assertThat(e)
                    .contains("'us-relay' is not configured on this engine"));

            assertThatThrownBy(() -> send(postcard, "acme", "dave@example.org"))
                    .isInstanceOf(SendingNotConfiguredException.class)
                    .hasMessageContaining("send_transports (us-relay)");
        }
    }

    @EachDatabase
    void aMissingChoiceFailsOverToTheTenantsNextChoice(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            postcard.tenants().chooseSendTransports("acme", Optional.of(List.of("us-relay", "backup")),
                    List.of("us-relay", "backup"));
            String id = send(postcard, "acme", "bob@example.org");
            handOver(postcard);

            assertThat(backup.received()).hasSize(1);
            assertThat(euRelay.received()).isEmpty();
            assertThat(only(postcard, "acme", id).text("transport")).contains("backup");
        }
    }

    @EachDatabase
    void goingBackToEveryTransportUsesTheSettingsOrder(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            choose(postcard, "acme", List.of("backup"));
            postcard.tenants().chooseSendTransports("acme", Optional.empty(), postcard.sending().transportNames());
            assertThat(postcard.tenants().find("acme").orElseThrow().sendTransports()).isEmpty();
            send(postcard, "acme", "bob@example.org");
            handOver(postcard);

            assertThat(euRelay.received()).hasSize(1);
            assertThat(backup.received()).isEmpty();
        }
    }

    @EachDatabase
    void theEngineClosesTheSharedTransportsWhenItCloses(TestDatabase db) {
        Postcard postcard = engine(db);
        choose(postcard, "acme", List.of("backup", "eu-relay"));
        send(postcard, "acme", "bob@example.org");
        handOver(postcard);
        postcard.close();

        assertThat(euRelay.closed()).isTrue();
        assertThat(backup.closed()).isTrue();
    }
}
