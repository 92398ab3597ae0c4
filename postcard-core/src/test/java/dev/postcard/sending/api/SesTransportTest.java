package dev.postcard.sending.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.sending.TransportResult;
import jakarta.mail.Message;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** SES API v2 SendEmail (POST /v2/email/outbound-emails), as documented in the SES API v2 reference. */
class SesTransportTest {
    private static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private static SesTransport transport(LocalProvider provider, Optional<String> configurationSet) {
        return new SesTransport(Fixtures.client(), provider.base(), "eu-west-1", KEY_ID, SECRET, configurationSet);
    }

    @Test
    void sendsRawMimeThatShowsTheSendsRecipientsWhileDeliveringToThisCopysOne() throws Exception {
        try (LocalProvider ses = new LocalProvider()) {
            ses.answer(200, "{\"MessageId\":\"0102018e0f8a7b2c-4d1e2f3a-aaaa-bbbb-cccc-000000000000-000000\"}");

            TransportResult result = transport(ses, Optional.of("postcard-events")).send(Fixtures.copyForAda());

            assertThat(result).isInstanceOfSatisfying(TransportResult.Accepted.class, a -> assertThat(a.providerMessageId())
                    .contains("0102018e0f8a7b2c-4d1e2f3a-aaaa-bbbb-cccc-000000000000-000000"));
            RecordedRequest request = ses.take();
            assertThat(request.getMethod()).isEqualTo("POST");
            assertThat(request.getUrl().encodedPath()).isEqualTo("/v2/email/outbound-emails");
            JsonNode body = LocalProvider.json(request);
            assertThat(body.path("Destination").path("ToAddresses").toString()).isEqualTo("[\"ada@example.org\"]");
            assertThat(body.path("Destination").has("CcAddresses")).isFalse();
            assertThat(body.path("EmailTags").toString())
                    .isEqualTo("[{\"Name\":\"postcard_email_id\",\"Value\":\"" + Fixtures.EMAIL_ID + "\"}]");
            assertThat(body.path("ConfigurationSetName").asText()).isEqualTo("postcard-events");
            assertThat(body.path("Content").has("Simple")).isFalse();

            MimeMessage mime = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(
                    Base64.getDecoder().decode(body.path("Content").path("Raw").path("Data").asText())));
            assertThat(Arrays.stream(mime.getRecipients(Message.RecipientType.TO)).map(a -> ((InternetAddress) a).getAddress()))
                    .containsExactly("ada@example.org", "bob@example.org");
            assertThat(((InternetAddress) mime.getRecipients(Message.RecipientType.CC)[0]).getPersonal()).isEqualTo("Cy");
            assertThat(((InternetAddress) mime.getFrom()[0]).getPersonal()).isEqualTo("Zoë Post");
            assertThat(mime.getHeader("From")[0]).as("a non-ASCII name is an encoded word").startsWith("=?UTF-8?");
            assertThat(mime.getSubject()).isEqualTo("Your report — März");
            assertThat(mime.getMessageID()).isEqualTo("<" + Fixtures.EMAIL_ID + "@send.example.com>");
            assertThat(mime.getHeader("X-Postcard-Email-Id", null)).isEqualTo(Fixtures.EMAIL_ID);
            assertThat(mime.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
            assertThat(mime.getHeader("Reply-To", null)).isEqualTo("help@example.com");
            MimeMultipart mixed = (MimeMultipart) mime.getContent();
            assertThat(mixed.getContentType()).startsWith("multipart/mixed");
            MimeMultipart alternative = (MimeMultipart) mixed.getBodyPart(0).getContent();
            assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain");
            assertThat(alternative.getBodyPart(1).getContentType()).startsWith("text/html");
            assertThat((String) alternative.getBodyPart(1).getContent()).contains("https://t.example.com/c/1");
            Part attachment = mixed.getBodyPart(1);
            assertThat(attachment.getFileName()).isEqualTo("report.pdf");
            assertThat(attachment.getDisposition()).isEqualTo(Part.ATTACHMENT);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            attachment.getInputStream().transferTo(bytes);
            assertThat(bytes.toByteArray()).isEqualTo(Fixtures.PDF);
        }
    }

    @Test
    void signsTheRequestWithSigV4ForSesInTheRegion() {
        try (LocalProvider ses = new LocalProvider()) {
            ses.answer(200, "{\"MessageId\":\"m-1\"}");

            transport(ses, Optional.empty()).send(Fixtures.plainToOne());

            RecordedRequest request = ses.take();
            assertThat(request.getHeaders().get("x-amz-date")).isEqualTo("20260302T101530Z");
            String authorization = request.getHeaders().get("Authorization");
            assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/20260302/eu-west-1/ses/aws4_request, "
                    + "SignedHeaders=content-type;host;x-amz-date, Signature=").doesNotContain(SECRET);
            // What the server received, signed again with the same secret, gives the same signature.
            SigV4.Signed expected = new SigV4(KEY_ID, SECRET, "eu-west-1", "ses").sign("POST", request.getUrl().encodedPath(),
                    List.of(), List.of(Map.entry("host", request.getHeaders().get("Host")),
                            Map.entry("content-type", request.getHeaders().get("Content-Type"))),
                    request.getBody().toByteArray(), Fixtures.NOW);
            assertThat(authorization).isEqualTo(expected.authorization());
        }
    }

    @Test
    void aPlainMessageToItsOneRecipientIsSimpleContent() {
        try (LocalProvider ses = new LocalProvider()) {
            ses.answer(200, "{\"MessageId\":\"m-2\"}");

            transport(ses, Optional.empty()).send(Fixtures.plainToOne());

            JsonNode body = LocalProvider.json(ses.take());
            assertThat(body.path("FromEmailAddress").asText()).isEqualTo("news@send.example.com");
            assertThat(body.path("Destination").path("ToAddresses").toString()).isEqualTo("[\"ada@example.org\"]");
            assertThat(body.path("Content").path("Simple").path("Subject").path("Data").asText()).isEqualTo("Hello");
            assertThat(body.path("Content").path("Simple").path("Body").path("Text").path("Data").asText()).isEqualTo("Hello Ada");
            assertThat(body.path("Content").path("Simple").path("Body").has("Html")).isFalse();
            assertThat(body.path("EmailTags").path(0).path("Value").asText()).isEqualTo(Fixtures.EMAIL_ID);
            assertThat(body.has("ConfigurationSetName")).isFalse();
        }
    }

    @Test
    void aRejectedMessageFailsForGoodWithSesMessage() {
        try (LocalProvider ses = new LocalProvider()) {
            ses.answer(400, "{\"message\":\"Email address is not verified. The following identities failed the check in region "
                    + "EU-WEST-1: news@send.example.com\"}", "x-amzn-ErrorType", "MessageRejected:http://internal.amazon.com/coral/com.amazonaws.sesv2/");

            assertThat(transport(ses, Optional.empty()).send(Fixtures.copyForAda()))
                    .isInstanceOfSatisfying(TransportResult.PermanentFailure.class, f -> {
                        assertThat(f.reason()).isEqualTo("rejected");
                        assertThat(f.response()).contains("Email address is not verified");
                    });
        }
    }

    @Test
    void throttlingIsTemporaryWhateverItsStatus() {
        try (LocalProvider ses = new LocalProvider()) {
            ses.answer(429, "{\"message\":\"Maximum sending rate exceeded.\"}", "x-amzn-ErrorType", "TooManyRequestsException:");
            ses.answer(400, "{\"message\":\"Daily message quota exceeded.\"}", "x-amzn-ErrorType", "LimitExceededException:");

            assertThat(transport(ses, Optional.empty()).send(Fixtures.copyForAda())).isInstanceOf(TransportResult.TemporaryFailure.class);
            assertThat(transport(ses, Optional.empty()).send(Fixtures.copyForAda())).isInstanceOf(TransportResult.TemporaryFailure.class);
        }
    }

    @Test
    void aBadSignatureFailsAsAuthentication() {
        try (LocalProvider ses = new LocalProvider()) {
            ses.answer(403, "{\"message\":\"The request signature we calculated does not match the signature you provided.\"}",
                    "x-amzn-ErrorType", "SignatureDoesNotMatchException:");

            assertThat(transport(ses, Optional.empty()).send(Fixtures.copyForAda()))
                    .isInstanceOfSatisfying(TransportResult.PermanentFailure.class, f -> assertThat(f.reason()).isEqualTo("authentication_failed"));
        }
    }
}
