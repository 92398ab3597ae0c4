package dev.postcard.bounces;

import dev.postcard.bounces.formats.Addresses;
import dev.postcard.bounces.formats.ArfReader;
import dev.postcard.bounces.formats.AutoReplyDetector;
import dev.postcard.bounces.formats.DsnReader;
import dev.postcard.bounces.formats.Finding;
import dev.postcard.bounces.formats.ListNoticeReader;
import dev.postcard.bounces.formats.OriginalMessage;
import dev.postcard.bounces.formats.Report;
import dev.postcard.bounces.formats.ReturnedMail;
import dev.postcard.bounces.formats.SesNotificationReader;
import dev.postcard.bounces.formats.SmtpCommands;
import dev.postcard.bounces.formats.TextBounceReader;
import dev.postcard.bounces.mime.MailParser;
import dev.postcard.bounces.mime.Mailbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The default classifier. Order matters: a complaint (ARF, SES complaint, unsubscribe request) is recognised
 * first, then machine-readable delivery reports (SES JSON, RFC 3464), then MTA prose bounces; only a message that
 * is none of those can be an auto-reply, because many bounces also say {@code Auto-Submitted}.
 */
final class MailBounceClassifier implements BounceClassifier {

    private final ReasonClassifier reasons;

    MailBounceClassifier(ReasonClassifier reasons) {
        this.reasons = Objects.requireNonNull(reasons, "reasons");
    }

    @Override
    public Classification classify(byte[] rawMessage) {
        if (rawMessage == null || rawMessage.length == 0) {
            return Classification.none();
        }
        try {
            return classifyUnguarded(rawMessage);
        } catch (RuntimeException | StackOverflowError e) {
            return Classification.none();
        }
    }

    /**
     * The classification without the last-resort catch of {@link #classify}: the hostile-input tests call this,
     * so an exception a reader throws fails them instead of passing as "none".
     */
    Classification classifyUnguarded(byte[] rawMessage) {
        List<byte[]> messages = Mailbox.messages(rawMessage);
        Classification first = classify(new ReturnedMail(MailParser.parse(messages.get(0))));
        for (byte[] next : messages.subList(1, messages.size())) {
            first = merge(first, classify(new ReturnedMail(MailParser.parse(next))));
        }
        return first;
    }

    /** Several reports saved in one mailbox file: their recipients together when they are the same kind. */
    private static Classification merge(Classification a, Classification b) {
        if (a.kind() == MessageKind.NONE) {
            return b;
        }
        boolean reports = (a.kind() == MessageKind.BOUNCE || a.kind() == MessageKind.DELIVERY_REPORT)
                && (b.kind() == MessageKind.BOUNCE || b.kind() == MessageKind.DELIVERY_REPORT);
        if (!reports) {
            return a;
        }
        List<RecipientReport> all = new ArrayList<>(a.recipients());
        b.recipients().stream().filter(r -> all.stream().noneMatch(x -> x.address().equals(r.address())))
                .forEach(all::add);
        MessageKind kind = a.kind() == MessageKind.BOUNCE || b.kind() == MessageKind.BOUNCE ? MessageKind.BOUNCE
                : MessageKind.DELIVERY_REPORT;
        return new Classification(kind, all, Optional.empty(), a.originalMessageId(), a.postcardEmailId(),
                a.reportingMta());
    }

    private Classification classify(ReturnedMail mail) {
        Optional<Report> report = read(mail);
        if (report.map(r -> r.kind() == MessageKind.BOUNCE && r.findings().isEmpty()).orElse(false)) {
            // A bounce that names no one may be forwarding another MTA's bounce as its attachment.
            Optional<Report> nested = mail.original().map(ReturnedMail::new).flatMap(MailBounceClassifier::read)
                    .filter(r -> !r.findings().isEmpty() && r.kind() == MessageKind.BOUNCE);
            if (nested.isPresent()) {
                report = nested;
            }
        }
        OriginalMessage original = OriginalMessage.of(mail);
        if (report.isPresent()) {
            Report r = report.get();
            if (r.kind() == MessageKind.COMPLAINT) {
                return new Classification(MessageKind.COMPLAINT, List.of(), r.complaint(), original.messageId(),
                        original.postcardEmailId(), r.reportingMta());
            }
            boolean single = r.findings().size() == 1;
            List<RecipientReport> recipients = r.findings().stream().map(f -> withCommand(f, mail, single))
                    .map(this::recipient).toList();
            return new Classification(r.kind(), recipients, Optional.empty(), original.messageId(),
                    original.postcardEmailId(), r.reportingMta());
        }
        if (AutoReplyDetector.isAutoReply(mail)) {
            // The one who answered: their message proves the original was delivered to them.
            List<RecipientReport> replier = Addresses.first(mail.from())
                    .map(a -> List.of(new RecipientReport(a, "delivered", Optional.empty(), Optional.empty(), "",
                            Optional.empty())))
                    .orElse(List.of());
            Optional<String> inReplyTo = Optional.of(mail.header("In-Reply-To").replaceAll("[<>]", "").strip())
                    .filter(s -> !s.isEmpty());
            return new Classification(MessageKind.AUTO_REPLY, replier, Optional.empty(),
                    original.messageId().or(() -> inReplyTo), original.postcardEmailId(), Optional.empty());
        }
        return Classification.none();
    }

    private static Optional<Report> read(ReturnedMail mail) {
        return ArfReader.read(mail)
                .or(() -> SesNotificationReader.read(mail))
                .or(() -> DsnReader.read(mail).map(dsn -> completeFromText(dsn, mail)))
                .or(() -> ListNoticeReader.read(mail))
                .or(() -> TextBounceReader.read(mail));
    }

    /**
     * DSN recipients without a diagnostic get the text the human-readable part gives for the same address; a
     * recipient block whose address is unusable takes the address the text gives at the same position.
     */
    private static Report completeFromText(Report dsn, ReturnedMail mail) {
        if (dsn.findings().stream().noneMatch(f -> f.diagnostic().isEmpty() || f.address().isEmpty())) {
            return dsn;
        }
        List<Finding> textFindings = TextBounceReader.findings(mail);
        Map<String, Finding> fromText = textFindings.stream()
                .collect(Collectors.toMap(Finding::address, Function.identity(), (a, b) -> a));
        List<Finding> completed = new ArrayList<>();
        for (int i = 0; i < dsn.findings().size(); i++) {
            Finding f = dsn.findings().get(i);
            if (f.address().isEmpty()) {
                if (textFindings.size() != dsn.findings().size()) {
                    continue;
                }
                Finding t = textFindings.get(i);
                f = f.withAddress(t.address());
            }
            Finding text = fromText.get(f.address());
            if (text == null && fromText.size() == 1 && dsn.findings().size() == 1) {
                text = fromText.values().iterator().next();
            }
            completed.add(f.diagnostic().isEmpty() && text != null ? f.withDiagnostic(text.diagnostic()) : f);
        }
        if (completed.isEmpty()) {
            return null;
        }
        return new Report(dsn.kind(), completed, dsn.complaint(), dsn.reportingMta());
    }

    /** A finding whose diagnostic does not name the failed command gets the one the report's text names. */
    private static Finding withCommand(Finding f, ReturnedMail mail, boolean single) {
        if (f.command().isPresent()) {
            return f;
        }
        return f.withCommand(SmtpCommands.inReport(mail.text(), f.address(), single));
    }

    private RecipientReport recipient(Finding f) {
        boolean failed = f.action().equals("failed") || f.action().equals("delayed");
        Optional<Reason> reason = Optional.empty();
        if (failed) {
            Diagnosis diagnosis = new Diagnosis(f.action(), f.status(), f.replyCode(), f.diagnostic(), f.command(),
                    f.category());
            reason = Optional.ofNullable(reasons.classify(diagnosis));
        }
        return new RecipientReport(f.address(), f.action(), f.status().or(() -> inferredStatus(f)), f.replyCode(),
                f.diagnostic(), reason);
    }

    /**
     * A report without any RFC 3463 code still says which class it is: from the SMTP reply code when there is one,
     * else from the action. Reported as {@code X.0.0} (RFC 3463: "other or undefined status").
     */
    private static Optional<String> inferredStatus(Finding f) {
        char digit = f.replyCode().map(c -> c.charAt(0)).orElse(switch (f.action()) {
            case "delayed" -> '4';
            case "failed" -> '5';
            default -> '2';
        });
        return Optional.of(digit + ".0.0");
    }
}
