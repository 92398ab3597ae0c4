package dev.postcard.bounces.formats;

import dev.postcard.bounces.ComplaintReport;
import dev.postcard.bounces.mime.HeaderFields;
import dev.postcard.bounces.mime.MailPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * RFC 5965 feedback reports: a {@code message/feedback-report} part (in a {@code multipart/report} or not), or a
 * text part whose first lines are the same fields (some providers send the fields as plain text), and the
 * "please unsubscribe me" mail mail clients send on a user's behalf (RFC 8058 mailto unsubscribe, Apple Mail),
 * which is an opt-out complaint.
 */
public final class ArfReader {
    private ArfReader() {
    }

    public static Optional<Report> read(ReturnedMail mail) {
        for (MailPart part : mail.reportParts()) {
            if (part.contentType().equals("message/feedback-report")) {
                return Optional.of(fromFields(HeaderFields.all(part.text()), mail));
            }
        }
        String text = mail.text();
        String lower = text.toLowerCase(Locale.ROOT);
        int at = lower.indexOf("feedback-type:");
        if (at >= 0 && (at == 0 || lower.charAt(at - 1) == '\n')
                && (lower.contains("\nuser-agent:") || lower.contains("\nversion:"))) {
            return Optional.of(fromFields(HeaderFields.all(text.substring(at)), mail));
        }
        return unsubscribeRequest(mail);
    }

    private static Report fromFields(List<MailPart.Header> fields, ReturnedMail mail) {
        String type = Optional.ofNullable(HeaderFields.get(fields, "Feedback-Type")).map(String::strip)
                .map(s -> s.toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).orElse("other");
        List<String> recipients = new ArrayList<>();
        for (MailPart.Header h : fields) {
            if (h.name().equalsIgnoreCase("Original-Rcpt-To") || h.name().equalsIgnoreCase("Removal-Recipient")) {
                Addresses.first(h.value()).filter(a -> !recipients.contains(a)).ifPresent(recipients::add);
            }
        }
        if (recipients.isEmpty()) {
            mail.original().ifPresent(o -> o.headerValues("To").forEach(v -> Addresses.all(v).stream()
                    .filter(a -> !recipients.contains(a)).forEach(recipients::add)));
        }
        Optional<String> sourceIp = Optional.ofNullable(HeaderFields.get(fields, "Source-IP"))
                .map(s -> s.strip().split("[\\s(]")[0]).filter(s -> !s.isEmpty());
        Optional<String> agent = Optional.ofNullable(HeaderFields.get(fields, "User-Agent")).map(String::strip);
        return Report.complaint(new ComplaintReport(type, sourceIp, agent, recipients));
    }

    /** An unsubscribe request a mail client sent for its user: an opt-out complaint by the sender of it. */
    private static Optional<Report> unsubscribeRequest(ReturnedMail mail) {
        boolean apple = mail.header("X-Apple-Unsubscribe").strip().equalsIgnoreCase("true");
        boolean subject = mail.subject().strip().equalsIgnoreCase("unsubscribe")
                && mail.header("Auto-Submitted").toLowerCase(Locale.ROOT).startsWith("auto-");
        if (!apple && !subject) {
            return Optional.empty();
        }
        List<String> who = Addresses.first(mail.from()).map(List::of).orElse(List.of());
        return Optional.of(Report.complaint(new ComplaintReport("opt-out", Optional.empty(),
                Optional.ofNullable(mail.header("User-Agent")).filter(s -> !s.isBlank()), who)));
    }
}
