package dev.postcard.bounces.formats;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bounces in an MTA's own words. Once {@link BounceMarkers} says the message is a failure report, the known format
 * families are tried in turn ({@link TextFormats#FAMILIES}); the first that finds a recipient wins, and
 * {@link GenericTextFormat} (an address plus the SMTP text near it) catches the rest.
 */
public final class TextBounceReader {
    private static final Pattern REPORTER = Pattern.compile(
            "(?i)(?:qmail-send program|mail system|mailer-daemon|mail delivery software) at (?:host )?([a-z0-9][a-z0-9.\\-]+[a-z0-9])");

    private TextBounceReader() {
    }

    public static Optional<Report> read(ReturnedMail mail) {
        if (!BounceMarkers.isBounce(mail)) {
            return Optional.empty();
        }
        List<Finding> findings = findings(mail);
        if (findings.isEmpty()) {
            findings = failedRecipientsHeader(mail);
        }
        if (findings.isEmpty()) {
            findings = originalRecipients(mail);
        }
        if (findings.isEmpty() && !BounceMarkers.fromDaemon(mail.from()) && !BounceMarkers.unmistakable(mail.text())) {
            return Optional.empty(); // bounce-like words from a person, naming no recipient: not a bounce
        }
        if (findings.isEmpty()) {
            // Clearly a bounce, but it names no one: still a bounce, never an auto-reply.
            return Optional.of(new Report(dev.postcard.bounces.MessageKind.BOUNCE, List.of(), Optional.empty(),
                    Optional.empty()));
        }
        Matcher m = REPORTER.matcher(mail.text());
        Optional<String> reporter = m.find() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
        return Optional.of(Report.bounce(findings, reporter));
    }

    /** Exim names the failed addresses in an {@code X-Failed-Recipients} header of the bounce. */
    private static List<Finding> failedRecipientsHeader(ReturnedMail mail) {
        List<String> lines = ReportText.reportLines(mail.text());
        Context context = Context.of(mail, lines, Set.of());
        String global = GenericTextFormat.codeLines(context);
        List<Finding> out = new ArrayList<>();
        mail.root().headerValues("X-Failed-Recipients").forEach(v -> Addresses.all(v)
                .forEach(a -> out.add(GenericTextFormat.finding(context, a, "", global))));
        return out;
    }

    /** A bounce that names no one: best effort, the recipients of the returned original. */
    private static List<Finding> originalRecipients(ReturnedMail mail) {
        List<String> lines = ReportText.reportLines(mail.text());
        Context context = Context.of(mail, lines, Set.of());
        String global = GenericTextFormat.codeLines(context);
        List<Finding> out = new ArrayList<>();
        List<dev.postcard.bounces.mime.MailPart.Header> headers = mail.original().map(o -> o.headers())
                .orElseGet(() -> ReportText.quotedHeaders(mail.text()));
        String from = headers.stream().filter(h -> h.name().equalsIgnoreCase("From")).map(h -> h.value())
                .findFirst().orElse("");
        if (BounceMarkers.fromDaemon(from)) {
            return out; // the original is itself a bounce: its recipient is not ours
        }
        headers.stream().filter(h -> h.name().equalsIgnoreCase("To")).forEach(h -> Addresses.all(h.value())
                .forEach(a -> out.add(GenericTextFormat.finding(context, a, "", global))));
        return out;
    }

    /** The recipients the report text names, with their diagnostics; also used to complete terse DSNs. */
    public static List<Finding> findings(ReturnedMail mail) {
        List<String> lines = ReportText.reportLines(mail.text());
        Context context = Context.of(mail, lines, excluded(mail));
        for (TextFormat format : TextFormats.FAMILIES) {
            if (format.applies(context)) {
                List<Finding> found = format.extract(context);
                if (!found.isEmpty()) {
                    return dedupe(found);
                }
            }
        }
        return dedupe(new GenericTextFormat().extract(context));
    }

    private static List<Finding> dedupe(List<Finding> found) {
        Map<String, Finding> byAddress = new LinkedHashMap<>();
        for (Finding f : found) {
            byAddress.merge(f.address(), f, (a, b) -> a.diagnostic().isEmpty() ? b : a);
        }
        return new ArrayList<>(byAddress.values());
    }

    /** Addresses a sentence may mention that are not the failed recipient: the original's sender, the bounce's addressee. */
    private static Set<String> excluded(ReturnedMail mail) {
        Set<String> out = new HashSet<>(Addresses.all(mail.header("To")));
        mail.original().ifPresent(o -> {
            o.headerValues("From").forEach(v -> out.addAll(Addresses.all(v)));
            o.headerValues("Return-Path").forEach(v -> out.addAll(Addresses.all(v)));
        });
        return out;
    }

    /** What a format needs: the mail, the report's lines (the returned original cut off) and excluded senders. */
    public record Context(ReturnedMail mail, List<String> lines, Set<String> excluded, String lower) {
        /** At most this many report lines are read: a bounce's own text is short, the rest is junk or attack. */
        static final int MAX_LINES = 3000;

        static Context of(ReturnedMail mail, List<String> lines, Set<String> excluded) {
            List<String> bounded = lines.size() > MAX_LINES ? lines.subList(0, MAX_LINES) : lines;
            return new Context(mail, bounded, excluded,
                    String.join("\n", bounded).toLowerCase(Locale.ROOT));
        }
    }
}
