package dev.postcard.sending.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.sending.TransportResult;
import java.util.Base64;
import java.util.Optional;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** SendGrid's v3 POST /v3/mail/send, as documented at twilio.com/docs/sendgrid/api-reference/mail-send. */
class SendGridTransportTest {
    private static final String KEY = "SG.abc123.secret-part";

    private static SendGridTransport transport(LocalProvider provider) {
        return new SendGridTransport(Fixtures.client(), provider.base(), KEY);
    }

    @Test
    void sendsOnePersonalizationToTheCopysRecipientWithOurIdInCustomArgs() {
        try (LocalProvider sendgrid = new LocalProvider()) {
            sendgrid.answer(202, "", "X-Message-Id", "W86EgYT6SQKk0lRflfLRsA");

            TransportResult result = transport(sendgrid).send(Fixtures.copyForAda());

            assertThat(result).isEqualTo(new TransportResult.Accepted("sendgrid", "202", Optional.of("W86EgYT6SQKk0lRflfLRsA")));
            RecordedRequest request = sendgrid.take();
            assertThat(request.getMethod()).isEqualTo("POST");
            assertThat(request.getUrl().encodedPath()).isEqualTo("/v3/mail/send");
            assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
            JsonNode body = LocalProvider.json(request);
            assertThat(body.path("personalizations")).hasSize(1);
            JsonNode personalization = body.path("personalizations").path(0);
            assertThat(personalization.path("to")).hasSize(1);
            assertThat(personalization.path("to").path(0).path("email").asText()).isEqualTo("ada@example.org");
            assertThat(personalization.path("to").path(0).path("name").asText()).isEqualTo("Ada Lovelace");
            assertThat(personalization.has("cc")).as("SendGrid would deliver to cc too").isFalse();
            assertThat(personalization.path("custom_args").path("postcard_email_id").asText()).isEqualTo(Fixtures.EMAIL_ID);
            assertThat(body.path("from").path("email").asText()).isEqualTo("news@send.example.com");
            assertThat(body.path("from").path("name").asText()).isEqualTo("Zoë Post");
            assertThat(body.path("reply_to").path("email").asText()).isEqualTo("help@example.com");
            assertThat(body.path("subject").asText()).isEqualTo("Your report — März");
            assertThat(body.path("content").path(0).path("type").asText()).as("text/plain comes first").isEqualTo("text/plain");
            assertThat(body.path("content").path(1).path("type").asText()).isEqualTo("text/html");
            assertThat(body.path("content").path(1).path("value").asText()).contains("https://t.example.com/c/1");
            assertThat(body.path("headers").path("X-Postcard-Email-Id").asText()).isEqualTo(Fixtures.EMAIL_ID);
            assertThat(body.path("headers").path("List-Unsubscribe").asText()).isEqualTo("<https://t.example.com/u/abc>");
            JsonNode attachment = body.path("attachments").path(0);
            assertThat(attachment.path("filename").asText()).isEqualTo("report.pdf");
            assertThat(attachment.path("type").asText()).isEqualTo("application/pdf");
            assertThat(attachment.path("disposition").asText()).isEqualTo("attachment");
            assertThat(Base64.getDecoder().decode(attachment.path("content").asText())).isEqualTo(Fixtures.PDF);
            assertThat(body.path("categories").toString()).isEqualTo("[\"reports\",\"monthly\"]");
            assertThat(body.path("tracking_settings").path("click_tracking").path("enable").asBoolean(true)).isFalse();
            assertThat(body.path("tracking_settings").path("open_tracking").path("enable").asBoolean(true)).isFalse();
        }
    }

    @Test
    void aBadRequestFailsForGoodWithSendGridsErrors() {
        try (LocalProvider sendgrid = new LocalProvider()) {
            sendgrid.answer(400, "{\"errors\":[{\"message\":\"The from email does not contain a valid address.\","
                    + "\"field\":\"from.email\",\"help\":\"http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message.from\"}]}");

            assertThat(transport(sendgrid).send(Fixtures.copyForAda())).isInstanceOfSatisfying(TransportResult.PermanentFailure.class, f -> {
                assertThat(f.reason()).isEqualTo("rejected");
                assertThat(f.response()).contains("The from email does not contain a valid address.");
            });
        }
    }

    @Test
    void anUnverifiedSenderIdentityIsForbidden() {
        try (LocalProvider sendgrid = new LocalProvider()) {
            sendgrid.answer(403, "{\"errors\":[{\"message\":\"The from address does not match a verified Sender Identity.\","
                    + "\"field\":\"from\",\"help\":null}]}");

            assertThat(transport(sendgrid).send(Fixtures.copyForAda())).isInstanceOfSatisfying(TransportResult.PermanentFailure.class,
                    f -> assertThat(f.reason()).isEqualTo("authentication_failed"));
        }
    }
}
