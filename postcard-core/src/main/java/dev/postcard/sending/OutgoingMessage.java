package dev.postcard.sending;

import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * One recipient's copy of a message, ready for a transport: content already rendered and instrumented.
 *
 * @param tenantId          the tenant that sent it
 * @param emailId           Postcard's {@code msg_} id of this copy (also in {@code X-Postcard-Email-Id})
 * @param envelopeFrom      the SMTP {@code MAIL FROM}: the VERP return path {@code bounce+<email_id>@<bounce domain>}
 *                          when a bounce domain is configured, else the {@code from} address
 * @param envelopeTo        the one SMTP {@code RCPT TO} of this copy
 * @param from              the {@code From} header: an address with an optional display name ({@code "Ada <a@x.org>"})
 * @param to                the {@code To} header: every visible {@code to} recipient of the send
 * @param cc                the {@code Cc} header: every {@code cc} recipient of the send
 * @param replyTo           the {@code Reply-To} header, empty when none
 * @param subject           the subject, unencoded (transports encode it)
 * @param html              the HTML body, instrumented, when there is one
 * @param text              the plain-text body; at least one of {@code html} and {@code text} is present
 * @param messageId         the {@code Message-ID} without angle brackets, on the sender's domain
 * @param headers           extra headers in order: the sender's own, {@code X-Postcard-Email-Id},
 *                          {@code List-Unsubscribe} and {@code List-Unsubscribe-Post}
 * @param attachments       files, in order
 * @param tags              the send's tags (for providers that carry them)
 */
public record OutgoingMessage(
        String tenantId,
        String emailId,
        String envelopeFrom,
        String envelopeTo,
        String from,
        List<String> to,
        List<String> cc,
        List<String> replyTo,
        String subject,
        Optional<String> html,
        Optional<String> text,
        String messageId,
        SequencedMap<String, String> headers,
        List<MailAttachment> attachments,
        List<String> tags) {

    public OutgoingMessage {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        replyTo = List.copyOf(replyTo);
        headers = java.util.Collections.unmodifiableSequencedMap(new java.util.LinkedHashMap<>(headers));
        attachments = List.copyOf(attachments);
        tags = List.copyOf(tags);
        if (html.isEmpty() && text.isEmpty()) {
            throw new IllegalArgumentException("a message needs an html or a text body");
        }
    }
}
