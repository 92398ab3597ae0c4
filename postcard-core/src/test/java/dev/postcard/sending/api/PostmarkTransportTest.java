package dev.postcard.sending.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.sending.TransportResult;
import java.util.Base64;
import java.util.Optional;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Postmark's POST /email and its error codes, as documented at postmarkapp.com/developer/api/email-api. */
class PostmarkTransportTest {
    private static final String TOKEN = "server-token-7f3c";

    private static PostmarkTransport transport(LocalProvider provider) {
        return new PostmarkTransport(Fixtures.client(), provider.base(), TOKEN, "broadcast");
    }

    @Test
    void sendsToTheCopysRecipientWithOurIdInMetadataOnTheConfiguredStream() {
        try (LocalProvider postmark = new LocalProvider()) {
            String answer = "{\"To\":\"ada@example.org\",\"SubmittedAt\":\"2026-03-02T10:15:30.1234567Z\","
                    + "\"MessageID\":\"b7bc2f4a-e38e-4336-af7d-e6c392c2f817\",\"ErrorCode\":0,\"Message\":\"OK\"}";
            postmark.answer(200, answer);

            TransportResult result = transport(postmark).send(Fixtures.copyForAda());

            assertThat(result).isEqualTo(new TransportResult.Accepted("postmark", "200 " + answer,
                    Optional.of("b7bc2f4a-e38e-4336-af7d-e6c392c2f817")));
            RecordedRequest request = postmark.take();
            assertThat(request.getMethod()).isEqualTo("POST");
            assertThat(request.getUrl().encodedPath()).isEqualTo("/email");
            assertThat(request.getHeaders().get("X-Postmark-Server-Token")).isEqualTo(TOKEN);
            assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
            JsonNode body = LocalProvider.json(request);
            assertThat(body.path("From").asText()).isEqualTo("Zoë Post <news@send.example.com>");
            assertThat(body.path("To").asText()).isEqualTo("Ada Lovelace <ada@example.org>");
            assertThat(body.has("Cc")).as("Postmark would deliver to Cc too").isFalse();
            assertThat(body.path("ReplyTo").asText()).isEqualTo("help@example.com");
            assertThat(body.path("Subject").asText()).isEqualTo("Your report — März");
            assertThat(body.path("HtmlBody").asText()).contains("https://t.example.com/c/1");
            assertThat(body.path("TextBody").asText()).startsWith("Hello Ada");
            assertThat(body.path("Metadata").path("postcard_email_id").asText()).isEqualTo(Fixtures.EMAIL_ID);
            assertThat(body.path("MessageStream").asText()).isEqualTo("broadcast");
            assertThat(body.path("Tag").asText()).isEqualTo("reports");
            assertThat(body.path("TrackOpens").asBoolean(true)).isFalse();
            assertThat(body.path("TrackLinks").asText()).isEqualTo("None");
            assertThat(body.path("Headers").toString())
                    .contains("{\"Name\":\"X-Postcard-Email-Id\",\"Value\":\"" + Fixtures.EMAIL_ID + "\"}")
                    .contains("{\"Name\":\"List-Unsubscribe-Post\",\"Value\":\"List-Unsubscribe=One-Click\"}");
            JsonNode attachment = body.path("Attachments").path(0);
            assertThat(attachment.path("Name").asText()).isEqualTo("report.pdf");
            assertThat(attachment.path("ContentType").asText()).isEqualTo("application/pdf");
            assertThat(Base64.getDecoder().decode(attachment.path("Content").asText())).isEqualTo(Fixtures.PDF);
        }
    }

    @Test
    void anInactiveRecipientIsRejected() {
        try (LocalProvider postmark = new LocalProvider()) {
            postmark.answer(422, "{\"ErrorCode\":406,\"Message\":\"You tried to send to recipient(s) that have been marked as inactive. "
                    + "Found inactive addresses: ada@example.org. Inactive recipients are ones that have generated a hard bounce, "
                    + "a spam complaint, or a manual suppression.\"}");

            assertThat(transport(postmark).send(Fixtures.copyForAda())).isInstanceOfSatisfying(TransportResult.RecipientRejected.class,
                    r -> assertThat(r.response()).contains("marked as inactive"));
        }
    }

    @Test
    void anInvalidEmailRequestFailsForGood() {
        try (LocalProvider postmark = new LocalProvider()) {
            postmark.answer(422, "{\"ErrorCode\":300,\"Message\":\"Invalid 'From' address: 'news@'.\"}");

            assertThat(transport(postmark).send(Fixtures.copyForAda())).isInstanceOfSatisfying(TransportResult.PermanentFailure.class, f -> {
                assertThat(f.reason()).isEqualTo("rejected");
                assertThat(f.response()).contains("Invalid 'From' address");
            });
        }
    }

    @Test
    void aBadServerTokenFailsAsAuthentication() {
        try (LocalProvider postmark = new LocalProvider()) {
            postmark.answer(401, "{\"ErrorCode\":10,\"Message\":\"The Server Token you provided in the X-Postmark-Server-Token request header was invalid.\"}");

            assertThat(transport(postmark).send(Fixtures.copyForAda())).isInstanceOfSatisfying(TransportResult.PermanentFailure.class,
                    f -> assertThat(f.reason()).isEqualTo("authentication_failed"));
        }
    }

    @Test
    void anInternalServerErrorIsTemporary() {
        try (LocalProvider postmark = new LocalProvider()) {
            postmark.answer(500, "{\"ErrorCode\":0,\"Message\":\"Internal server error\"}");

            assertThat(transport(postmark).send(Fixtures.copyForAda())).isInstanceOf(TransportResult.TemporaryFailure.class);
        }
    }
}
