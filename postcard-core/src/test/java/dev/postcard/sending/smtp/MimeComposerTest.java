package dev.postcard.sending.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.sending.MailAttachment;
import dev.postcard.sending.OutgoingMessage;
import dev.postcard.testing.MovableClock;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;

class MimeComposerTest {
    private static final MovableClock CLOCK = MovableClock.atStart();
    private static final MimeComposer COMPOSER = new MimeComposer(CLOCK);

    static OutgoingMessage message(Optional<String> html, Optional<String> text, SequencedMap<String, String> headers,
                                   List<MailAttachment> attachments) {
        return new OutgoingMessage("ten_1", "msg_01JEXAMPLE", "bounce+msg_01JEXAMPLE@bounces.example.org",
                "carol@example.net", "Zoë Ångström <zoe@example.org>",
                List.of("Ada Lovelace <ada@example.org>", "bob@example.org"), List.of("\"Čapek, Karel\" <karel@example.cz>"),
                List.of("Support <help@example.org>"), "Grüße aus Köln — 你好 ✉", html, text,
                "msg_01JEXAMPLE@example.org", headers, attachments, List.of("welcome"));
    }

    static OutgoingMessage simple(Optional<String> html, Optional<String> text) {
        return message(html, text, new LinkedHashMap<>(), List.of());
    }

    private static MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
    }

    private static List<String> lines(byte[] bytes) {
        return List.of(new String(bytes, StandardCharsets.US_ASCII).split("\r\n", -1));
    }

    private static String content(BodyPart part) throws Exception {
        return (String) part.getContent();
    }

    @Test
    void addressesAndSubjectKeepTheirNonAsciiTextAsEncodedWords() throws Exception {
        byte[] bytes = COMPOSER.bytes(simple(Optional.of("<p>Hi</p>"), Optional.of("Hi")));
        MimeMessage parsed = parse(bytes);

        assertThat(parsed.getSubject()).isEqualTo("Grüße aus Köln — 你好 ✉");
        InternetAddress from = (InternetAddress) parsed.getFrom()[0];
        assertThat(from.getPersonal()).isEqualTo("Zoë Ångström");
        assertThat(from.getAddress()).isEqualTo("zoe@example.org");
        assertThat(parsed.getRecipients(Message.RecipientType.TO)).extracting(Address::toString)
                .containsExactly("Ada Lovelace <ada@example.org>", "bob@example.org");
        InternetAddress cc = (InternetAddress) parsed.getRecipients(Message.RecipientType.CC)[0];
        assertThat(cc.getPersonal()).isEqualTo("Čapek, Karel");
        assertThat(cc.getAddress()).isEqualTo("karel@example.cz");
        assertThat(((InternetAddress) parsed.getReplyTo()[0]).getAddress()).isEqualTo("help@example.org");
        assertThat(parsed.getHeader("Bcc")).isNull();

        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(raw).contains("Subject: =?UTF-8?").contains("From: =?UTF-8?");
        for (byte b : bytes) {
            assertThat(b & 0xff).as("every octet of the message is 7-bit").isLessThan(128);
        }
    }

    @Test
    void aMessageForBccRecipientsOnlyHasAnUndisclosedRecipientsGroup() throws Exception {
        OutgoingMessage m = simple(Optional.empty(), Optional.of("x"));
        MimeMessage parsed = parse(COMPOSER.bytes(new OutgoingMessage(m.tenantId(), m.emailId(), m.envelopeFrom(),
                m.envelopeTo(), m.from(), List.of(), List.of(), List.of(), m.subject(), m.html(), m.text(),
                m.messageId(), m.headers(), m.attachments(), m.tags())));
        assertThat(parsed.getHeader("To")).containsExactly("undisclosed-recipients:;");
        assertThat(parsed.getHeader("Cc")).isNull();
        assertThat(parsed.getHeader("Reply-To")).isNull();
    }

    @Test
    void dateComesFromTheClockAndMessageIdIsTheGivenOne() throws Exception {
        MimeMessage parsed = parse(COMPOSER.bytes(simple(Optional.empty(), Optional.of("Hi"))));
        assertThat(parsed.getSentDate().toInstant()).isEqualTo(MovableClock.START.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(parsed.getHeader("Date")[0]).isEqualTo("Sat, 15 Jun 2030 12:34:56 +0000 (UTC)");
        assertThat(parsed.getHeader("Message-ID")).containsExactly("<msg_01JEXAMPLE@example.org>");
        assertThat(parsed.getHeader("MIME-Version")).containsExactly("1.0");
    }

    @Test
    void theEnvelopeSenderIsTheMessagesEnvelopeFrom() {
        assertThat(COMPOSER.compose(simple(Optional.empty(), Optional.of("Hi"))).getEnvelopeFrom())
                .isEqualTo("bounce+msg_01JEXAMPLE@bounces.example.org");
    }

    @Test
    void extraHeadersFollowInTheirOrderFoldedAndEncoded() throws Exception {
        SequencedMap<String, String> headers = new LinkedHashMap<>();
        String longUrl = "https://t.example.com/u/" + "a".repeat(30);
        headers.put("X-Campaign", "Été 2026");
        headers.put("X-Postcard-Email-Id", "msg_01JEXAMPLE");
        headers.put("List-Unsubscribe", "<" + longUrl + "1>, <" + longUrl + "2>, <mailto:unsub@example.org>");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        byte[] bytes = COMPOSER.bytes(message(Optional.of("<p>x</p>"), Optional.of("x"), headers, List.of()));
        MimeMessage parsed = parse(bytes);

        List<String> names = new ArrayList<>();
        for (Header h : Collections.list(parsed.getAllHeaders())) {
            names.add(h.getName());
        }
        assertThat(names).containsSubsequence("X-Campaign", "X-Postcard-Email-Id", "List-Unsubscribe",
                "List-Unsubscribe-Post");
        assertThat(MimeUtility.decodeText(parsed.getHeader("X-Campaign")[0])).isEqualTo("Été 2026");
        assertThat(MimeUtility.unfold(parsed.getHeader("List-Unsubscribe")[0])).isEqualTo(headers.get("List-Unsubscribe"));
        assertThat(lines(bytes)).filteredOn(line -> line.contains("https://t.example.com/u/")).hasSize(2);
        int end = lines(bytes).indexOf("");
        assertThat(lines(bytes).subList(0, end)).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
    }

    @Test
    void headerInjectionIsRefused() {
        for (String[] bad : new String[][]{
                {"X-Note", "hello\r\nBcc: victim@example.com"}, {"X-Note", "line\nbreak"}, {"X-Note", "bell\u0007"},
                {"Bad Name", "v"}, {"X-Colon:", "v"}, {"", "v"}, {"Content-Type", "text/plain"}, {"bcc", "x@y.z"},
                {"X-Név", "v"}}) {
            SequencedMap<String, String> headers = new LinkedHashMap<>();
            headers.put(bad[0], bad[1]);
            assertThatThrownBy(() -> COMPOSER.compose(message(Optional.empty(), Optional.of("x"), headers, List.of())))
                    .as(bad[0] + ": " + bad[1]).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void lineBreaksInTheSubjectOrAnAddressAreRefused() {
        OutgoingMessage m = simple(Optional.empty(), Optional.of("x"));
        List<OutgoingMessage> injected = List.of(
                new OutgoingMessage(m.tenantId(), m.emailId(), m.envelopeFrom(), m.envelopeTo(), m.from(), m.to(), m.cc(),
                        m.replyTo(), "Hi\r\nBcc: victim@example.com", m.html(), m.text(), m.messageId(), m.headers(),
                        m.attachments(), m.tags()),
                new OutgoingMessage(m.tenantId(), m.emailId(), m.envelopeFrom(), m.envelopeTo(),
                        "\"Ada\r\nBcc: victim@example.com\" <ada@example.org>", m.to(), m.cc(), m.replyTo(),
                        m.subject(), m.html(), m.text(), m.messageId(), m.headers(), m.attachments(), m.tags()),
                new OutgoingMessage(m.tenantId(), m.emailId(), m.envelopeFrom(), m.envelopeTo(), m.from(),
                        List.of("\"Bob\nX-Evil: 1\" <bob@example.org>"), m.cc(), m.replyTo(), m.subject(), m.html(),
                        m.text(), m.messageId(), m.headers(), m.attachments(), m.tags()));
        for (OutgoingMessage bad : injected) {
            assertThatThrownBy(() -> COMPOSER.compose(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("line breaks");
        }
    }

    @Test
    void aSubjectWordTooLongForOneLineIsRefused() {
        OutgoingMessage m = simple(Optional.empty(), Optional.of("x"));
        OutgoingMessage endless = new OutgoingMessage(m.tenantId(), m.emailId(), m.envelopeFrom(), m.envelopeTo(),
                m.from(), m.to(), m.cc(), m.replyTo(), "s".repeat(1200), m.html(), m.text(), m.messageId(), m.headers(),
                m.attachments(), m.tags());
        assertThatThrownBy(() -> COMPOSER.compose(endless)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Subject").hasMessageContaining("998");
    }

    @Test
    void aHeaderWordTooLongForOneLineIsRefused() {
        SequencedMap<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Token", "t".repeat(1000));
        assertThatThrownBy(() -> COMPOSER.compose(message(Optional.empty(), Optional.of("x"), headers, List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("998");
    }

    @Test
    void textAndHtmlAreAlternativesTextFirstInQuotedPrintableUtf8() throws Exception {
        String text = "Grüße, Ada!\r\nYour order has shipped.";
        String html = "<p>Grüße, <b>Ada</b>!</p><p>Your order has shipped.</p>";
        MimeMessage parsed = parse(COMPOSER.bytes(simple(Optional.of(html), Optional.of(text))));

        assertThat(parsed.getContentType()).startsWith("multipart/alternative");
        MimeMultipart alternative = (MimeMultipart) parsed.getContent();
        assertThat(alternative.getCount()).isEqualTo(2);
        BodyPart first = alternative.getBodyPart(0);
        BodyPart second = alternative.getBodyPart(1);
        assertThat(first.getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat(second.getContentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
        assertThat(first.getHeader("Content-Transfer-Encoding")).containsExactly("quoted-printable");
        assertThat(second.getHeader("Content-Transfer-Encoding")).containsExactly("quoted-printable");
        assertThat(content(first)).isEqualTo(text);
        assertThat(content(second)).isEqualTo(html);
    }

    @Test
    void oneBodyIsTheMessageItself() throws Exception {
        MimeMessage textOnly = parse(COMPOSER.bytes(simple(Optional.empty(), Optional.of("Just text"))));
        assertThat(textOnly.getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat(textOnly.getContent()).isEqualTo("Just text");
        MimeMessage htmlOnly = parse(COMPOSER.bytes(simple(Optional.of("<p>Just HTML</p>"), Optional.empty())));
        assertThat(htmlOnly.getContentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
        assertThat(htmlOnly.getHeader("Content-Transfer-Encoding")).containsExactly("quoted-printable");
        assertThat(htmlOnly.getContent()).isEqualTo("<p>Just HTML</p>");
    }

    @Test
    void longLinesAreEncodedIntoShortOnes() throws Exception {
        String html = "<p>" + "Très long paragraphe sans retour à la ligne. ".repeat(200) + "</p>" + "x".repeat(5000);
        byte[] bytes = COMPOSER.bytes(simple(Optional.of(html), Optional.of(html)));
        assertThat(lines(bytes)).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
        MimeMultipart alternative = (MimeMultipart) parse(bytes).getContent();
        assertThat(content(alternative.getBodyPart(1))).isEqualTo(html);
    }

    @Test
    void attachmentsFollowTheBodiesInBase64WithTheirNamesEncoded() throws Exception {
        byte[] big = new byte[1 << 20];
        new Random(15).nextBytes(big);
        byte[] small = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        List<MailAttachment> attachments = List.of(new MailAttachment("Résumé – 2026.pdf", "application/pdf", big),
                new MailAttachment("data.csv", "text/csv; charset=utf-8", small));
        byte[] bytes = COMPOSER.bytes(message(Optional.of("<p>See attached</p>"), Optional.of("See attached"),
                new LinkedHashMap<>(), attachments));
        MimeMessage parsed = parse(bytes);

        assertThat(parsed.getContentType()).startsWith("multipart/mixed");
        MimeMultipart mixed = (MimeMultipart) parsed.getContent();
        assertThat(mixed.getCount()).isEqualTo(3);
        assertThat(mixed.getBodyPart(0).getContentType()).startsWith("multipart/alternative");
        MimeMultipart alternative = (MimeMultipart) mixed.getBodyPart(0).getContent();
        assertThat(content(alternative.getBodyPart(0))).isEqualTo("See attached");
        assertThat(content(alternative.getBodyPart(1))).isEqualTo("<p>See attached</p>");

        BodyPart pdf = mixed.getBodyPart(1);
        assertThat(pdf.getDisposition()).isEqualTo("attachment");
        assertThat(pdf.getFileName()).isEqualTo("Résumé – 2026.pdf");
        assertThat(pdf.getContentType()).startsWith("application/pdf");
        assertThat(pdf.getHeader("Content-Transfer-Encoding")).containsExactly("base64");
        try (InputStream in = pdf.getInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(big);
        }
        assertThat(new String(bytes, StandardCharsets.US_ASCII)).contains("filename*=UTF-8''R%C3%A9sum%C3%A9");

        BodyPart csv = mixed.getBodyPart(2);
        assertThat(csv.getFileName()).isEqualTo("data.csv");
        assertThat(csv.getContentType()).startsWith("text/csv").containsIgnoringCase("charset=utf-8");
        try (InputStream in = csv.getInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(small);
        }
        assertThat(lines(bytes)).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
    }

    @Test
    void aTextBodyWithAttachmentsIsTheFirstPart() throws Exception {
        List<MailAttachment> attachments = List.of(new MailAttachment("a.txt", "text/plain", new byte[]{'a'}));
        MimeMultipart mixed = (MimeMultipart) parse(COMPOSER.bytes(message(Optional.empty(), Optional.of("Body"),
                new LinkedHashMap<>(), attachments))).getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        assertThat(mixed.getBodyPart(0).getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat(content(mixed.getBodyPart(0))).isEqualTo("Body");
    }

    @Test
    void malformedPartsAreRefused() {
        OutgoingMessage fine = simple(Optional.empty(), Optional.of("x"));
        assertThatThrownBy(() -> COMPOSER.compose(new OutgoingMessage("t", "e", "b@x.org", "c@x.org", "not an address",
                List.of("a@x.org"), List.of(), List.of(), "s", Optional.empty(), Optional.of("x"), "id@x.org",
                new LinkedHashMap<>(), List.of(), List.of()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> COMPOSER.compose(new OutgoingMessage("t", "e", "b@x.org", "c@x.org", "a@x.org",
                List.of("a@x.org"), List.of(), List.of(), "s", Optional.empty(), Optional.of("x"), "<id@x.org>",
                new LinkedHashMap<>(), List.of(), List.of()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> COMPOSER.compose(message(Optional.empty(), Optional.of("x"), new LinkedHashMap<>(),
                List.of(new MailAttachment("a.bin", "not a type", new byte[1])))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> COMPOSER.compose(message(Optional.empty(), Optional.of("x"), new LinkedHashMap<>(),
                List.of(new MailAttachment("a\r\n.bin", "text/plain", new byte[1])))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(COMPOSER.compose(fine)).isNotNull();
    }
}
