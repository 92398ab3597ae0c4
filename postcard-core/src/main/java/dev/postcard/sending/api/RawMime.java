package dev.postcard.sending.api;

import dev.postcard.providers.ProviderJson;
import dev.postcard.sending.MailAttachment;
import dev.postcard.sending.OutgoingMessage;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * One copy as a complete MIME message, for the APIs that take raw mail (SES's {@code Content.Raw}): the headers
 * show the send's {@code To} and {@code Cc}, while the API's envelope names only this copy's recipient. Built
 * with Angus Mail: {@code multipart/alternative} text then HTML, inside {@code multipart/mixed} with the
 * attachments, UTF-8 with encoded-word headers and transfer encodings that keep lines short.
 */
final class RawMime {
    private static final Session SESSION = Session.getInstance(new Properties());

    private RawMime() {
    }

    static byte[] compose(OutgoingMessage message, Instant date) {
        try {
            MimeMessage mime = new MimeMessage(SESSION) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", "<" + message.messageId() + ">");
                }
            };
            mime.setFrom(Addresses.encoded(message.from()));
            if (!message.to().isEmpty()) {
                mime.setRecipients(Message.RecipientType.TO, addresses(message.to()));
            }
            if (!message.cc().isEmpty()) {
                mime.setRecipients(Message.RecipientType.CC, addresses(message.cc()));
            }
            if (!message.replyTo().isEmpty()) {
                mime.setReplyTo(addresses(message.replyTo()));
            }
            mime.setSubject(message.subject(), StandardCharsets.UTF_8.name());
            mime.setSentDate(Date.from(date));
            for (var header : message.headers().entrySet()) {
                // Encoded words for non-ASCII values, folded so that no line of a long List-Unsubscribe runs past 78.
                String value = MimeUtility.encodeText(header.getValue(), StandardCharsets.UTF_8.name(), null);
                mime.setHeader(header.getKey(), MimeUtility.fold(header.getKey().length() + 2, value));
            }
            mime.setHeader(ProviderJson.EMAIL_ID_HEADER, message.emailId());
            if (message.attachments().isEmpty()) {
                setBody(mime, message);
            } else {
                MimeMultipart mixed = new MimeMultipart("mixed");
                MimeBodyPart content = new MimeBodyPart();
                setBody(content, message);
                mixed.addBodyPart(content);
                for (MailAttachment a : message.attachments()) {
                    MimeBodyPart part = new MimeBodyPart();
                    part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.content(), a.contentType())));
                    part.setFileName(a.filename());
                    part.setDisposition(MimeBodyPart.ATTACHMENT);
                    mixed.addBodyPart(part);
                }
                mime.setContent(mixed);
            }
            mime.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            mime.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException e) {
            throw new IllegalArgumentException("the message cannot be written as MIME: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text alone, HTML alone, or both as {@code multipart/alternative} (text first: the last is preferred). */
    private static void setBody(jakarta.mail.internet.MimePart part, OutgoingMessage message) throws MessagingException {
        String utf8 = StandardCharsets.UTF_8.name();
        if (message.html().isEmpty()) {
            part.setText(message.text().orElseThrow(), utf8, "plain");
        } else if (message.text().isEmpty()) {
            part.setText(message.html().get(), utf8, "html");
        } else {
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(message.text().get(), utf8, "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(message.html().get(), utf8, "html");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            if (part instanceof MimeMessage m) {
                m.setContent(alternative);
            } else {
                ((MimeBodyPart) part).setContent(alternative);
            }
        }
    }

    private static InternetAddress[] addresses(List<String> addresses) {
        return addresses.stream().map(Addresses::encoded).toArray(InternetAddress[]::new);
    }
}
