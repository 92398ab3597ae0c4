package dev.postcard.providers.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.Postcard;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventQuery;
import dev.postcard.event.StoredEvent;
import dev.postcard.providers.IntakeResult;
import dev.postcard.providers.Source;
import dev.postcard.providers.SubscriptionConfirmationException;
import dev.postcard.providers.WebhookRejectedException;
import dev.postcard.providers.WebhookRequest;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SES through the engine: confirmations fetched only when signed and allowed, bounces stored once. */
class SesIntakeTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:30:00Z");
    private static final String TS = "2026-11-22T10:29:58.123Z";

    private final SnsTestSigner signer = new SnsTestSigner();

    private Postcard engine(TestDatabase db, dev.postcard.providers.HttpGetter http) {
        return Postcard.builder().databaseUrl(db.url()).deliveryWorker(false)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).providerHttp(http).build();
    }

    private static Source source(Postcard postcard, boolean autoConfirm) throws IOException {
        return postcard.sources().create("default", EventCodec.MAPPER.readTree("{\"provider\":\"ses\",\"topic_arns\":[\""
                + SnsTestSigner.TOPIC + "\"],\"auto_confirm\":" + autoConfirm + "}"));
    }

    private static WebhookRequest request(ObjectNode envelope) {
        return new WebhookRequest(Map.of("x-amz-sns-message-type", List.of(envelope.path("Type").asText())),
                SnsTestSigner.bytes(envelope), Map.of());
    }

    @EachDatabase
    void aSignedConfirmationOfAnAllowedTopicIsConfirmedOnce(TestDatabase db) throws IOException {
        try (Postcard postcard = engine(db, signer.http())) {
            Source src = source(postcard, true);
            ObjectNode confirmation = signer.sign(SnsTestSigner.confirmation("SubscriptionConfirmation", TS));
            IntakeResult result = postcard.providerWebhooks().receive("ses", Optional.of(src.id()), request(confirmation));
            assertThat(result.ignored()).isEqualTo(1);
            assertThat(signer.downloads).extracting(URI::toString)
                    .contains(SnsTestSigner.CERT_URL, confirmation.get("SubscribeURL").asText());

            // Tampered: refused before any confirmation is fetched.
            signer.downloads.clear();
            ObjectNode forged = confirmation.deepCopy().put("SubscribeURL",
                    "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=other");
            assertThatThrownBy(() -> postcard.providerWebhooks().receive("ses", Optional.of(src.id()), request(forged)))
                    .isInstanceOf(WebhookRejectedException.class);
            assertThat(signer.downloads).extracting(URI::toString).doesNotContain(forged.get("SubscribeURL").asText());
        }
    }

    @EachDatabase
    void withoutAutoConfirmNothingIsFetchedButTheCertificate(TestDatabase db) throws IOException {
        try (Postcard postcard = engine(db, signer.http())) {
            Source src = source(postcard, false);
            ObjectNode confirmation = signer.sign(SnsTestSigner.confirmation("SubscriptionConfirmation", TS));
            postcard.providerWebhooks().receive("ses", Optional.of(src.id()), request(confirmation));
            assertThat(signer.downloads).extracting(URI::toString).containsOnly(SnsTestSigner.CERT_URL);
        }
    }

    @EachDatabase
    void aConfirmationThatCannotBeFetchedIsReportedNotSwallowed(TestDatabase db) throws IOException {
        dev.postcard.providers.HttpGetter certOnly = uri -> {
            if (uri.toString().endsWith(".pem")) {
                return signer.pem().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            }
            throw new IOException("connection refused");
        };
        try (Postcard postcard = engine(db, certOnly)) {
            Source src = source(postcard, true);
            ObjectNode confirmation = signer.sign(SnsTestSigner.confirmation("SubscriptionConfirmation", TS));
            assertThatThrownBy(() -> postcard.providerWebhooks().receive("ses", Optional.of(src.id()), request(confirmation)))
                    .isInstanceOf(SubscriptionConfirmationException.class);
        }
    }

    @EachDatabase
    void aSignedBounceNotificationIsStoredOncePerRecipient(TestDatabase db) throws IOException {
        try (Postcard postcard = engine(db, signer.http())) {
            Source src = source(postcard, true);
            String message = """
                    {"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General",\
                    "bouncedRecipients":[{"emailAddress":"jane@example.com","action":"failed","status":"5.1.1",\
                    "diagnosticCode":"smtp; 550 5.1.1 user unknown"},{"emailAddress":"joe@example.com","status":"5.1.1"}],\
                    "timestamp":"2026-11-22T10:29:50.000Z","feedbackId":"fb-1"},\
                    "mail":{"timestamp":"2026-11-22T10:29:40.000Z","messageId":"ses-msg-1","source":"app@example.org",\
                    "destination":["jane@example.com","joe@example.com","kim@example.com"]}}""";
            ObjectNode notification = signer.sign(SnsTestSigner.notification(message, null, TS));
            IntakeResult first = postcard.providerWebhooks().receive("ses", Optional.of(src.id()), request(notification));
            assertThat(first.stored()).isEqualTo(2);
            IntakeResult retry = postcard.providerWebhooks().receive("ses", Optional.of(src.id()), request(notification));
            assertThat(retry.duplicates()).isEqualTo(2);
            List<StoredEvent> events = postcard.store().listEvents("default", EventQuery.all(10)).items().stream()
                    .filter(e -> e.event().type().isEmailEvent()).toList(); // not the suppressions they caused
            assertThat(events).extracting(e -> e.event().recipient().orElse(""))
                    .containsExactlyInAnyOrder("jane@example.com", "joe@example.com");
            assertThat(events).allSatisfy(e -> {
                assertThat(e.event().text("bounce_type")).contains("hard");
                assertThat(e.event().text("provider_message_id")).contains("ses-msg-1");
            });
        }
    }
}
