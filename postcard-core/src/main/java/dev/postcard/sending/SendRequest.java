package dev.postcard.sending;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.UnprocessableException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * One {@code POST /v1/emails}: a message for one or more recipients, each of whom gets a copy of their own. Either
 * content ({@code subject} with {@code html} and/or {@code text}) or a {@code templateId}, never both. Built from
 * JSON by {@link SendRequestJson}; the rules that need no clock or store hold here, so a request built in code meets
 * them too. Recipients' addresses are not checked here: an invalid one is dropped, not refused.
 *
 * @param from        the sender: {@code a@x.org} or {@code Ada <a@x.org>}
 * @param to          recipients shown in {@code To}
 * @param cc          recipients shown in {@code Cc}
 * @param bcc         recipients shown nowhere
 * @param replyTo     {@code Reply-To} addresses
 * @param headers     the sender's own headers, in order (never one Postcard sets itself)
 * @param trackOpens  add the open pixel (default true)
 * @param trackClicks rewrite links to signed click links (default true)
 * @param variables   the template's variables (empty without a template)
 * @param sendAt      when to hand over; empty or past → now
 */
public record SendRequest(
        String from,
        List<String> to,
        List<String> cc,
        List<String> bcc,
        List<String> replyTo,
        Optional<String> subject,
        Optional<String> html,
        Optional<String> text,
        SequencedMap<String, String> headers,
        List<MailAttachment> attachments,
        List<String> tags,
        ObjectNode metadata,
        boolean trackOpens,
        boolean trackClicks,
        Optional<String> templateId,
        ObjectNode variables,
        Optional<Instant> sendAt) {

    /** At most this many recipients (to, cc and bcc together) in one send. */
    public static final int MAX_RECIPIENTS = 1000;
    /** The most attachment bytes (decoded) one send may carry. */
    public static final long MAX_ATTACHMENT_BYTES = 10L * 1024 * 1024;
    /** A header line's limit (RFC 5322), for the subject and the from. */
    private static final int MAX_LINE = 998;

    public SendRequest {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
        replyTo = List.copyOf(replyTo);
        headers = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(headers));
        attachments = List.copyOf(attachments);
        tags = List.copyOf(tags);
        metadata = metadata.deepCopy();
        variables = variables.deepCopy();
        if (from.length() > MAX_LINE || Mailbox.parse(from).isEmpty()) {
            throw new UnprocessableException("from", "from must be an address, optionally with a name: a@x.org or Ada <a@x.org>");
        }
        int recipients = to.size() + cc.size() + bcc.size();
        if (recipients == 0) {
            throw new UnprocessableException("to", "a send needs at least one recipient in to, cc or bcc");
        }
        if (recipients > MAX_RECIPIENTS) {
            throw new UnprocessableException("to", "a send has at most " + MAX_RECIPIENTS
                    + " recipients in to, cc and bcc together; it has " + recipients);
        }
        for (int i = 0; i < replyTo.size(); i++) {
            if (Mailbox.parse(replyTo.get(i)).isEmpty()) {
                throw new UnprocessableException("reply_to[" + i + "]", "reply_to must hold addresses");
            }
        }
        checkContent(subject, html, text, templateId);
        if (templateId.isEmpty() && !variables.isEmpty()) {
            throw new UnprocessableException("variables", "variables need a template_id");
        }
        subject.ifPresent(SendRequest::checkSubject);
        long bytes = attachments.stream().mapToLong(a -> a.content().length).sum();
        if (bytes > MAX_ATTACHMENT_BYTES) {
            throw new UnprocessableException("attachments", "attachments may hold at most " + MAX_ATTACHMENT_BYTES
                    + " bytes together; these hold " + bytes);
        }
        SendHeaders.check(headers);
    }

    @Override
    public ObjectNode metadata() {
        return metadata.deepCopy();
    }

    @Override
    public ObjectNode variables() {
        return variables.deepCopy();
    }

    /** Every recipient in order: to, cc, bcc. */
    public List<String> recipients() {
        List<String> all = new java.util.ArrayList<>(to);
        all.addAll(cc);
        all.addAll(bcc);
        return all;
    }

    private static void checkContent(Optional<String> subject, Optional<String> html, Optional<String> text,
                                     Optional<String> templateId) {
        if (templateId.isPresent()) {
            String given = subject.isPresent() ? "subject" : html.isPresent() ? "html" : text.isPresent() ? "text" : null;
            if (given != null) {
                throw new UnprocessableException(given, given + " and template_id exclude each other: the template"
                        + " gives the content");
            }
            if (templateId.get().isBlank()) {
                throw new UnprocessableException("template_id", "template_id must not be empty");
            }
            return;
        }
        if (subject.isEmpty()) {
            throw new UnprocessableException("subject", "subject is required without a template_id");
        }
        if (html.isEmpty() && text.isEmpty()) {
            throw new UnprocessableException("html", "html or text is required without a template_id");
        }
    }

    static void checkSubject(String subject) {
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw new UnprocessableException("subject", "subject must not hold line breaks");
        }
        if (subject.length() > MAX_LINE) {
            throw new UnprocessableException("subject", "subject is longer than " + MAX_LINE + " characters");
        }
    }
}
