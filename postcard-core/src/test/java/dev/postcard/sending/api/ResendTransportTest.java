package dev.postcard.sending.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.sending.TransportResult;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Resend's POST /emails, as documented at resend.com/docs/api-reference/emails/send-email. */
class ResendTransportTest {
    private static final String KEY = "re_123456789_secretkey";

    private static ResendTransport transport(LocalProvider provider) {
        return new ResendTransport(Fixtures.client(), provider.base(), KEY);
    }

    @Test
    void sendsTheCopyToItsRecipientWithOurIdAsHeaderTagAndIdempotencyKey() {
        try (LocalProvider resend = new LocalProvider()) {
            resend.answer(200, "{\"id\":\"49a3999c-0ce1-4ea6-ab68-afcd6dc2e794\"}");

            TransportResult result = transport(resend).send(Fixtures.copyForAda());

            assertThat(result).isEqualTo(new TransportResult.Accepted("resend",
                    "200 {\"id\":\"49a3999c-0ce1-4ea6-ab68-afcd6dc2e794\"}", Optional.of("49a3999c-0ce1-4ea6-ab68-afcd6dc2e794")));
            RecordedRequest request = resend.take();
            assertThat(request.getMethod()).isEqualTo("POST");
            assertThat(request.getUrl().encodedPath()).isEqualTo("/emails");
            assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
            assertThat(request.getHeaders().get("Idempotency-Key")).isEqualTo(Fixtures.EMAIL_ID);
            assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
            JsonNode body = LocalProvider.json(request);
            assertThat(body.path("from").asText()).isEqualTo("Zoë Post <news@send.example.com>");
            assertThat(body.path("to")).hasSize(1);
            assertThat(body.path("to").path(0).asText()).as("only this copy's recipient, with its name")
                    .isEqualTo("Ada Lovelace <ada@example.org>");
            assertThat(body.has("cc")).as("Resend would deliver to cc too").isFalse();
            assertThat(body.has("bcc")).isFalse();
            assertThat(body.path("subject").asText()).isEqualTo("Your report — März");
            assertThat(body.path("html").asText()).contains("https://t.example.com/c/1");
            assertThat(body.path("text").asText()).isEqualTo("Hello Ada, your report: https://t.example.com/c/1");
            assertThat(body.path("reply_to").path(0).asText()).isEqualTo("help@example.com");
            assertThat(body.path("headers").path("X-Postcard-Email-Id").asText()).isEqualTo(Fixtures.EMAIL_ID);
            assertThat(body.path("headers").path("X-Campaign").asText()).isEqualTo("spring");
            assertThat(body.path("headers").path("List-Unsubscribe-Post").asText()).isEqualTo("List-Unsubscribe=One-Click");
            JsonNode attachment = body.path("attachments").path(0);
            assertThat(attachment.path("filename").asText()).isEqualTo("report.pdf");
            assertThat(attachment.path("content_type").asText()).isEqualTo("application/pdf");
            assertThat(Base64.getDecoder().decode(attachment.path("content").asText())).isEqualTo(Fixtures.PDF);
            assertThat(body.path("tags")).hasSize(1);
            assertThat(body.path("tags").path(0).path("name").asText()).isEqualTo("postcard_email_id");
            assertThat(body.path("tags").path(0).path("value").asText()).isEqualTo(Fixtures.EMAIL_ID);
        }
    }

    @Test
    void rateLimitIsTemporaryForAsLongAsRetryAfterSays() {
        try (LocalProvider resend = new LocalProvider()) {
            resend.answer(429, "{\"statusCode\":429,\"message\":\"Too many requests. You can only make 2 requests per second.\","
                    + "\"name\":\"rate_limit_exceeded\"}", "Retry-After", "1");

            TransportResult result = transport(resend).send(Fixtures.copyForAda());

            assertThat(result).isInstanceOfSatisfying(TransportResult.TemporaryFailure.class, f -> {
                assertThat(f.retryAfter()).contains(Duration.ofSeconds(1));
                assertThat(f.response()).startsWith("429 ").contains("rate_limit_exceeded");
            });
        }
    }

    @Test
    void anInvalidKeyFailsForGoodAsAuthentication() {
        try (LocalProvider resend = new LocalProvider()) {
            resend.answer(403, "{\"statusCode\":403,\"message\":\"API key is invalid\",\"name\":\"invalid_api_key\"}");

            TransportResult result = transport(resend).send(Fixtures.copyForAda());

            assertThat(result).isEqualTo(new TransportResult.PermanentFailure("resend",
                    "403 {\"statusCode\":403,\"message\":\"API key is invalid\",\"name\":\"invalid_api_key\"}",
                    "authentication_failed"));
            assertThat(result.toString()).doesNotContain(KEY);
        }
    }

    @Test
    void aValidationErrorFailsForGoodWithResendsMessage() {
        try (LocalProvider resend = new LocalProvider()) {
            resend.answer(422, "{\"statusCode\":422,\"message\":\"Invalid `from` field.\",\"name\":\"validation_error\"}");

            TransportResult result = transport(resend).send(Fixtures.copyForAda());

            assertThat(result).isInstanceOfSatisfying(TransportResult.PermanentFailure.class, f -> {
                assertThat(f.reason()).isEqualTo("rejected");
                assertThat(f.response()).contains("Invalid `from` field.");
            });
        }
    }

    @Test
    void theSameEmailIdUsedWithAnotherBodyMeansResendAlreadyTookTheEmail() {
        try (LocalProvider resend = new LocalProvider()) {
            resend.answer(409, "{\"statusCode\":409,\"message\":\"Same idempotency key used with a different request payload.\","
                    + "\"name\":\"invalid_idempotent_request\"}");
            resend.answer(409, "{\"statusCode\":409,\"message\":\"Same idempotency key used while original request is still in progress.\","
                    + "\"name\":\"concurrent_idempotent_requests\"}");

            assertThat(transport(resend).send(Fixtures.copyForAda()))
                    .isInstanceOfSatisfying(TransportResult.Accepted.class, a -> assertThat(a.providerMessageId()).isEmpty());
            assertThat(transport(resend).send(Fixtures.copyForAda())).isInstanceOf(TransportResult.TemporaryFailure.class);
        }
    }

    @Test
    void theKeyIsNotShownByTheTransport() {
        try (LocalProvider resend = new LocalProvider()) {
            assertThat(transport(resend).toString()).doesNotContain(KEY);
        }
    }
}
