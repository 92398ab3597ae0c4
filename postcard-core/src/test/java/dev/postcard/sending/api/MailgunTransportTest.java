package dev.postcard.sending.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.sending.TransportResult;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Mailgun's POST /v3/{domain}/messages, as documented at documentation.mailgun.com (Messages API). */
class MailgunTransportTest {
    private static final String KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0";

    /** One form field: its name, its filename when it is a file, its bytes. */
    private record Field(String name, Optional<String> filename, Optional<String> contentType, byte[] value) {
        String text() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    private static List<Field> form(RecordedRequest request) throws Exception {
        MimeMultipart multipart = new MimeMultipart(new ByteArrayDataSource(request.getBody().toByteArray(),
                request.getHeaders().get("Content-Type")));
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            ContentDisposition disposition = new ContentDisposition(part.getHeader("Content-Disposition")[0]);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            part.getInputStream().transferTo(bytes);
            String[] type = part.getHeader("Content-Type");
            fields.add(new Field(disposition.getParameter("name"), Optional.ofNullable(disposition.getParameter("filename")),
                    type == null ? Optional.empty() : Optional.of(type[0]), bytes.toByteArray()));
        }
        return fields;
    }

    private static List<String> values(List<Field> fields, String name) {
        return fields.stream().filter(f -> f.name().equals(name)).map(Field::text).toList();
    }

    @Test
    void postsAFormToTheDomainWithOurIdAsAUserVariable() throws Exception {
        try (LocalProvider mailgun = new LocalProvider()) {
            mailgun.answer(200, "{\"id\":\"<20260302101530.1.ABCDEF@mg.example.com>\",\"message\":\"Queued. Thank you.\"}");

            TransportResult result = new MailgunTransport(Fixtures.client(), mailgun.base(), "mg.example.com", KEY)
                    .send(Fixtures.copyForAdaAlone());

            assertThat(result).isInstanceOfSatisfying(TransportResult.Accepted.class, a -> {
                assertThat(a.providerMessageId()).as("as Mailgun's webhooks name it, without brackets")
                        .contains("20260302101530.1.ABCDEF@mg.example.com");
                assertThat(a.response()).contains("Queued. Thank you.");
            });
            RecordedRequest request = mailgun.take();
            assertThat(request.getMethod()).isEqualTo("POST");
            assertThat(request.getUrl().encodedPath()).isEqualTo("/v3/mg.example.com/messages");
            assertThat(request.getHeaders().get("Authorization"))
                    .isEqualTo("Basic " + Base64.getEncoder().encodeToString(("api:" + KEY).getBytes(StandardCharsets.UTF_8)));
            assertThat(request.getHeaders().get("Content-Type")).startsWith("multipart/form-data; boundary=");
            List<Field> form = form(request);
            assertThat(values(form, "from")).containsExactly("Zoë Post <news@send.example.com>");
            assertThat(values(form, "to")).containsExactly("Ada Lovelace <ada@example.org>");
            assertThat(values(form, "cc")).isEmpty();
            assertThat(values(form, "subject")).containsExactly("Your report — März");
            assertThat(values(form, "text")).containsExactly("Hello Ada, your report: https://t.example.com/c/1");
            assertThat(values(form, "html").getFirst()).contains("https://t.example.com/c/1");
            assertThat(values(form, "h:Reply-To")).containsExactly("help@example.com");
            assertThat(values(form, "h:X-Postcard-Email-Id")).containsExactly(Fixtures.EMAIL_ID);
            assertThat(values(form, "h:X-Campaign")).containsExactly("spring");
            assertThat(values(form, "v:postcard_email_id")).containsExactly(Fixtures.EMAIL_ID);
            assertThat(values(form, "o:tag")).containsExactly("reports", "monthly");
            assertThat(values(form, "o:tracking")).containsExactly("no");
            Field attachment = form.stream().filter(f -> f.name().equals("attachment")).findFirst().orElseThrow();
            assertThat(attachment.filename()).contains("report.pdf");
            assertThat(attachment.contentType()).contains("application/pdf");
            assertThat(attachment.value()).isEqualTo(Fixtures.PDF);
        }
    }

    @Test
    void aCopyThatShowsOtherRecipientsGoesAsMimeDeliveredOnlyToItsOwn() throws Exception {
        try (LocalProvider mailgun = new LocalProvider()) {
            mailgun.answer(200, "{\"id\":\"<20260302101530.2.ABCDEF@mg.example.com>\",\"message\":\"Queued. Thank you.\"}");

            TransportResult result = new MailgunTransport(Fixtures.client(), mailgun.base(), "mg.example.com", KEY)
                    .send(Fixtures.copyForAda());

            assertThat(result).isInstanceOfSatisfying(TransportResult.Accepted.class,
                    a -> assertThat(a.providerMessageId()).contains("20260302101530.2.ABCDEF@mg.example.com"));
            RecordedRequest request = mailgun.take();
            assertThat(request.getUrl().encodedPath()).isEqualTo("/v3/mg.example.com/messages.mime");
            assertThat(request.getHeaders().get("Authorization")).startsWith("Basic ");
            List<Field> form = form(request);
            assertThat(values(form, "to")).as("the envelope: this copy's recipient alone").containsExactly("ada@example.org");
            assertThat(values(form, "v:postcard_email_id")).containsExactly(Fixtures.EMAIL_ID);
            assertThat(values(form, "o:tracking")).containsExactly("no");
            Field message = form.stream().filter(f -> f.name().equals("message")).findFirst().orElseThrow();
            MimeMessage mime = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message.value()));
            assertThat(Arrays.stream(mime.getRecipients(Message.RecipientType.TO)).map(a -> ((InternetAddress) a).getAddress()))
                    .containsExactly("ada@example.org", "bob@example.org");
            assertThat(((InternetAddress) mime.getRecipients(Message.RecipientType.CC)[0]).getAddress()).isEqualTo("cy@example.org");
            assertThat(mime.getSubject()).isEqualTo("Your report — März");
            assertThat(mime.getHeader("X-Postcard-Email-Id", null)).isEqualTo(Fixtures.EMAIL_ID);
        }
    }

    @Test
    void anUnknownDomainFailsForGoodWithMailgunsMessage() {
        try (LocalProvider mailgun = new LocalProvider()) {
            mailgun.answer(404, "{\"message\":\"Domain not found: mg.example.com\"}");

            assertThat(new MailgunTransport(Fixtures.client(), mailgun.base(), "mg.example.com", KEY).send(Fixtures.copyForAda()))
                    .isInstanceOfSatisfying(TransportResult.PermanentFailure.class, f -> {
                        assertThat(f.reason()).isEqualTo("rejected");
                        assertThat(f.response()).isEqualTo("404 {\"message\":\"Domain not found: mg.example.com\"}");
                    });
        }
    }

    @Test
    void aWrongKeyIsForbiddenInPlainText() {
        try (LocalProvider mailgun = new LocalProvider()) {
            mailgun.answer(401, "Forbidden", "Content-Type", "text/plain");

            assertThat(new MailgunTransport(Fixtures.client(), mailgun.base(), "mg.example.com", KEY).send(Fixtures.copyForAda()))
                    .isEqualTo(new TransportResult.PermanentFailure("mailgun", "401 Forbidden", "authentication_failed"));
        }
    }

    @Test
    void theUsAndEuHostsAreTheOnlyOnes() {
        assertThat(MailgunTransport.apiFor("api.mailgun.net")).contains(MailgunTransport.US_API);
        assertThat(MailgunTransport.apiFor("api.eu.mailgun.net")).contains(MailgunTransport.EU_API);
        assertThat(MailgunTransport.apiFor("api.mailgun.net.evil.example")).isEmpty();
    }
}
