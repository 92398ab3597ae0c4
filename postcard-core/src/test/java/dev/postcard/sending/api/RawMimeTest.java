package dev.postcard.sending.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.sending.OutgoingMessage;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The MIME form of a copy, for the APIs that take raw mail. */
class RawMimeTest {
    private static MimeMessage read(byte[] mime) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(mime));
    }

    @Test
    void headersStayAsciiAndShortWhateverTheirValues() throws Exception {
        LinkedHashMap<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Greeting", "Grüße aus Köln");
        headers.put("List-Unsubscribe", "<https://t.example.com/u/" + "a".repeat(120) + ">, <mailto:unsubscribe@example.com?subject="
                + "b".repeat(60) + ">");
        OutgoingMessage m = Fixtures.plainToOne();
        OutgoingMessage message = new OutgoingMessage(m.tenantId(), m.emailId(), m.envelopeFrom(), m.envelopeTo(), m.from(),
                m.to(), m.cc(), m.replyTo(), "Grüße", Optional.of("<p>" + "long line ".repeat(200) + "</p>"), m.text(),
                m.messageId(), headers, List.of(), List.of());

        byte[] bytes = RawMime.compose(message, Fixtures.NOW);

        String text = new String(bytes, StandardCharsets.US_ASCII);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).as("7-bit on the wire").isEqualTo(text);
        assertThat(Arrays.stream(text.split("\r\n"))).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
        String headerBlock = text.substring(0, text.indexOf("\r\n\r\n"));
        assertThat(headerBlock).as("a long header is folded where it has room to be").contains(",\r\n <mailto:unsubscribe@example.com");
        MimeMessage mime = read(bytes);
        assertThat(MimeUtility.decodeText(mime.getHeader("X-Greeting", null))).isEqualTo("Grüße aus Köln");
        assertThat(MimeUtility.unfold(mime.getHeader("List-Unsubscribe", null))).startsWith("<https://t.example.com/u/aaa")
                .endsWith("b".repeat(60) + ">");
        assertThat(mime.getSubject()).isEqualTo("Grüße");
        assertThat(mime.getSentDate().toInstant()).isEqualTo(Fixtures.NOW);
    }

    @Test
    void aCopyForABccRecipientShowsTheSendsToAndNotItsRecipient() throws Exception {
        OutgoingMessage m = Fixtures.copyForAda();
        OutgoingMessage forBcc = new OutgoingMessage(m.tenantId(), m.emailId(), m.envelopeFrom(), "dee@example.org", m.from(),
                m.to(), m.cc(), m.replyTo(), m.subject(), m.html(), m.text(), m.messageId(), m.headers(), m.attachments(), m.tags());

        MimeMessage mime = read(RawMime.compose(forBcc, Fixtures.NOW));

        assertThat(mime.getHeader("To", ",")).contains("ada@example.org").contains("bob@example.org").doesNotContain("dee@");
        assertThat(mime.getHeader("Bcc")).isNull();
    }
}
