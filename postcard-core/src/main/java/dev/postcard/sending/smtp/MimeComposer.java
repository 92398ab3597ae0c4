package dev.postcard.sending.smtp;

import dev.postcard.sending.MailAttachment;
import dev.postcard.sending.OutgoingMessage;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.ParameterList;
import jakarta.mail.internet.ParseException;
import jakarta.mail.internet.PreencodedMimeBodyPart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * Builds the MIME message of one {@link OutgoingMessage}:
 * <ul>
 *   <li>{@code From}, {@code To}, {@code Cc}, {@code Reply-To} with display names, and the {@code Subject}, as RFC
 *       2047 encoded-words (UTF-8) where they are not ASCII; {@code Bcc} never;</li>
 *   <li>{@code Date} from the clock (in UTC), {@code Message-ID} exactly as the message names it;</li>
 *   <li>the extra headers in their order ({@link HeaderField});</li>
 *   <li>the text and the HTML as {@code multipart/alternative} (text first, so clients prefer the HTML) when there
 *       are both, inside {@code multipart/mixed} with the attachments when there are any;</li>
 *   <li>bodies in UTF-8, quoted-printable, so no line exceeds 76 octets whatever the HTML's lines;
 *       attachments in base64, their names encoded per RFC 2231 when not ASCII.</li>
 * </ul>
 * Safe for concurrent use.
 */
public final class MimeComposer {
    private static final String UTF_8 = StandardCharsets.UTF_8.name();
    /** RFC 5322's date-time in UTC, as Jakarta Mail's MailDateFormat writes it; unlike that, safe to share. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z '(UTC)'",
            java.util.Locale.US).withZone(ZoneOffset.UTC);
    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";
    private static final String ANGUS_STREAMS = "org.eclipse.angus.mail.util.MailStreamProvider";

    static {
        // Jakarta Mail looks its stream provider up again for every body part and encoded word, and without this
        // property each lookup is a ServiceLoader scan of every jar: 12 % of a send's CPU, measured. Named here,
        // the lookup is a class load by name. Left alone when the application names one, or when Angus Mail's is
        // not visible to the loader Jakarta Mail would use.
        if (System.getProperty(STREAM_PROVIDER) == null && visible(ANGUS_STREAMS)) {
            System.setProperty(STREAM_PROVIDER, ANGUS_STREAMS);
        }
    }

    private final Clock clock;
    private final Session session;

    public MimeComposer(Clock clock) {
        this.clock = clock;
        Properties properties = new Properties();
        properties.setProperty("mail.mime.charset", UTF_8);
        this.session = Session.getInstance(properties);
    }

    /**
     * The message, its envelope sender set to {@link OutgoingMessage#envelopeFrom()} (the {@code MAIL FROM} Angus
     * Mail's SMTP transport uses).
     *
     * @throws IllegalArgumentException when an address, the Message-ID, an extra header or an attachment's media
     *                                  type is malformed
     */
    public SMTPMessage compose(OutgoingMessage message) {
        oneLine("subject", message.subject());
        oneLine("from", message.from());
        oneLine("envelopeFrom", message.envelopeFrom());
        for (String address : concat(message.to(), message.cc(), message.replyTo())) {
            oneLine("to, cc or replyTo", address);
        }
        try {
            ComposedMessage mime = new ComposedMessage(session, messageId(message.messageId()));
            mime.setEnvelopeFrom(address("envelopeFrom", message.envelopeFrom()).getAddress());
            mime.setFrom(address("from", message.from()));
            if (message.to().isEmpty()) {
                // Every recipient is in bcc: say so, as mail servers do, rather than leave the header out.
                mime.setHeader("To", "undisclosed-recipients:;");
            } else {
                mime.setRecipients(MimeMessage.RecipientType.TO, addresses("to", message.to()));
            }
            if (!message.cc().isEmpty()) {
                mime.setRecipients(MimeMessage.RecipientType.CC, addresses("cc", message.cc()));
            }
            if (!message.replyTo().isEmpty()) {
                mime.setReplyTo(addresses("replyTo", message.replyTo()));
            }
            mime.setSubject(message.subject(), UTF_8);
            mime.setHeader("Date", DATE.format(clock.instant()));
            for (Map.Entry<String, String> header : message.headers().entrySet()) {
                mime.addHeader(header.getKey(), HeaderField.wireValue(header.getKey(), header.getValue()));
            }
            body(mime, message);
            mime.saveChanges();
            requireShortLines(mime);
            return mime;
        } catch (MessagingException e) {
            throw new IllegalArgumentException("the message cannot be put in MIME form: " + e.getMessage(), e);
        }
    }

    /** The message as it goes on the wire after {@code DATA}, lines ending in CRLF. */
    public byte[] bytes(OutgoingMessage message) {
        return bytes(compose(message));
    }

    /** What {@code message} writes, lines ending in CRLF. */
    public static byte[] bytes(MimeMessage message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            message.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("the message cannot be written: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** A CR or LF in a value Angus Mail writes as it is would end the header and start another. */
    private static void oneLine(String field, String value) {
        if (value.chars().anyMatch(c -> c < 32 && c != '\t' || c == 127)) {
            throw new IllegalArgumentException(field + " must not contain line breaks or control characters");
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }

    /** RFC 5322 §2.1.1: no line of a message may exceed 998 octets (a subject of one endless word would). */
    private static void requireShortLines(MimeMessage mime) throws MessagingException {
        for (String header : java.util.Collections.list(mime.getAllHeaderLines())) {
            for (String line : header.split("\r\n")) {
                if (line.length() > 998) {
                    throw new IllegalArgumentException("header " + header.substring(0, header.indexOf(':'))
                            + " has a word too long for a line of 998 octets");
                }
            }
        }
    }

    private static void body(MimeMessage mime, OutgoingMessage message) throws MessagingException {
        Optional<MimeBodyPart> text = message.text().map(t -> textPart(t, "plain"));
        Optional<MimeBodyPart> html = message.html().map(h -> textPart(h, "html"));
        if (message.attachments().isEmpty()) {
            if (text.isPresent() && html.isPresent()) {
                mime.setContent(alternative(text.get(), html.get()));
            } else {
                fillText(mime, message.text().or(message::html).orElseThrow(), message.text().isPresent() ? "plain" : "html");
            }
            return;
        }
        MimeMultipart mixed = new MimeMultipart("mixed");
        if (text.isPresent() && html.isPresent()) {
            MimeBodyPart both = new MimeBodyPart();
            both.setContent(alternative(text.get(), html.get()));
            mixed.addBodyPart(both);
        } else {
            mixed.addBodyPart(text.or(() -> html).orElseThrow());
        }
        for (MailAttachment attachment : message.attachments()) {
            mixed.addBodyPart(attachmentPart(attachment));
        }
        mime.setContent(mixed);
    }

    private static MimeMultipart alternative(MimeBodyPart text, MimeBodyPart html) throws MessagingException {
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        return alternative;
    }

    /** A body part in UTF-8, quoted-printable by {@link QuotedPrintable}. */
    private static MimeBodyPart textPart(String content, String subtype) {
        try {
            MimeBodyPart part = new PreencodedMimeBodyPart("quoted-printable");
            // Octets from a data source are written in blocks; a String content would go through a writer whose
            // stream hands each octet on alone.
            part.setDataHandler(new DataHandler(new ByteArrayDataSource(QuotedPrintable.encode(content),
                    "text/" + subtype + "; charset=" + UTF_8)));
            return part;
        } catch (MessagingException e) {
            throw new IllegalArgumentException("the " + subtype + " body cannot be put in MIME form", e);
        }
    }

    /**
     * The one body of a message without parts, UTF-8 in quoted-printable (Angus Mail would pick base64 for text
     * that is mostly not ASCII). Angus Mail encodes it: a message has no pre-encoded form, and a message without
     * parts is a text without HTML, whose text is short.
     */
    private static void fillText(MimePart part, String content, String subtype) throws MessagingException {
        part.setText(content, UTF_8, subtype);
        part.setHeader("Content-Transfer-Encoding", "quoted-printable");
    }

    private static MimeBodyPart attachmentPart(MailAttachment attachment) throws MessagingException {
        ContentType type;
        try {
            type = new ContentType(attachment.contentType());
        } catch (ParseException e) {
            throw new IllegalArgumentException("attachment " + attachment.filename() + " has a malformed media type '"
                    + attachment.contentType() + "'");
        }
        if (attachment.filename().chars().anyMatch(c -> c < 32 || c == 127)) {
            throw new IllegalArgumentException("an attachment's file name must not contain control characters");
        }
        ParameterList typeParameters = Optional.ofNullable(type.getParameterList()).orElseGet(ParameterList::new);
        typeParameters.set("name", attachment.filename(), UTF_8);
        type.setParameterList(typeParameters);
        ParameterList dispositionParameters = new ParameterList();
        dispositionParameters.set("filename", attachment.filename(), UTF_8);
        ContentDisposition disposition = new ContentDisposition(Part.ATTACHMENT, dispositionParameters);

        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment.content(), type.getBaseType())));
        part.setHeader("Content-Type", type.toString());
        part.setHeader("Content-Disposition", disposition.toString());
        part.setHeader("Content-Transfer-Encoding", "base64");
        return part;
    }

    private static InternetAddress[] addresses(String field, List<String> values) {
        return values.stream().map(v -> address(field, v)).toArray(InternetAddress[]::new);
    }

    /** {@code Ada <a@x.org>} or {@code a@x.org}; a display name that is not ASCII is encoded in UTF-8. */
    /**
     * One address for a header: {@code "Ada <a@x.org>"} or {@code "a@x.org"}, its display name an RFC 2047 encoded
     * word where it is not ASCII. {@code field} names it in the refusal of a group or a malformed address.
     */
    public static InternetAddress address(String field, String value) {
        try {
            InternetAddress parsed = new InternetAddress(value, true);
            if (parsed.isGroup()) {
                throw new IllegalArgumentException(field + " must be one address, not a group");
            }
            String personal = parsed.getPersonal();
            return personal == null || personal.isBlank() ? new InternetAddress(parsed.getAddress(), true)
                    : new InternetAddress(parsed.getAddress(), personal, UTF_8);
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new IllegalArgumentException(field + " is not an email address: " + e.getMessage());
        }
    }

    private static String messageId(String id) {
        boolean wellFormed = !id.isEmpty() && id.indexOf('@') > 0 && id.chars().allMatch(c -> c > 32 && c < 127
                && c != '<' && c != '>');
        if (!wellFormed) {
            throw new IllegalArgumentException("the Message-ID must be left@right in printable ASCII, without <>");
        }
        return "<" + id + ">";
    }

    /** Keeps the given Message-ID: Angus Mail writes one of its own each time the message is saved. */
    private static boolean visible(String className) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            Class.forName(className, false, loader != null ? loader : ClassLoader.getSystemClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static final class ComposedMessage extends SMTPMessage {
        private final String messageId;

        ComposedMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
