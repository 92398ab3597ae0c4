package dev.postcard.bounces.reasons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.bounces.Diagnosis;
import dev.postcard.conformance.ConformanceFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures {@link ReasonRules} on the bounce corpus without the real decoder: a crude extraction of the
 * Diagnostic-Code, Status and Action lines (or, for non-DSN bounces, the lines that follow the recipient) per
 * expected row. It reports misses to find phrase families that are missing; it is not the corpus gate (that runs
 * the whole classifier).
 */
@Tag("conformance")
class ReasonCorpusScoreTest {
    private static final Map<String, String> SAME = Map.of(
            "emailtoolarge", "mesgtoobig", "exceedlimit", "mesgtoobig",
            "ratelimited", "toomanyconn", "speeding", "toomanyconn");
    private static final Pattern DIAG = Pattern.compile("(?im)^Diagnostic-Code:\\s*(?:[\\w-]+\\s*;)?(.*(?:\\n[ \\t].*)*)");
    private static final Pattern STATUS = Pattern.compile("(?im)^Status:\\s*([245]\\.\\d{1,3}\\.\\d{1,3})");
    private static final Pattern ACTION = Pattern.compile("(?im)^Action:\\s*(\\w+)");
    private static final Pattern COMMAND = Pattern.compile(
            "(?i)(?:in reply to|after|>>>)\\s*(?:end of\\s+)?(RCPT TO|MAIL FROM|DATA|HELO|EHLO|RCPT|MAIL)");
    private static final Pattern CUT = Pattern.compile(
            "(?im)^(?:Content-Type: (?:message|text)/(?:rfc822|rfc822-headers)|-+ ?(?:This is a copy|Below this line|Original message|Returned Message|Unsent Message)).*");

    private final ReasonRules rules = new ReasonRules();

    @Test
    void reasonsAgreeWithTheCorpus() throws IOException {
        Path dir = ConformanceFiles.root().resolve("bounces");
        List<String> lines = Files.readAllLines(dir.resolve("expected.tsv"), StandardCharsets.UTF_8);
        int rows = 0, reasonOk = 0, typeOk = 0;
        List<String> misses = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            String expected = f[2];
            if (expected.isEmpty() || List.of("feedback", "vacation", "delivered").contains(expected)) {
                continue;
            }
            String raw = new String(Files.readAllBytes(dir.resolve("emails").resolve(f[0])), StandardCharsets.ISO_8859_1)
                    .replace("=\r\n", "").replace("=\n", "").replace("=3D", "=").replace("\r\n", "\n");
            Diagnosis d = crude(raw, f[1]);
            ReasonName got = rules.decide(d);
            rows++;
            String e = SAME.getOrDefault(expected, expected);
            if (SAME.getOrDefault(got.detail(), got.detail()).equals(e)) {
                reasonOk++;
            } else {
                misses.add(f[0] + " expected=" + expected + " got=" + got.detail() + " " + d.toString().replaceAll("\\s+", " "));
            }
            if (String.valueOf(got.type() == dev.postcard.bounces.BounceType.HARD).equals(f[5])) {
                typeOk++;
            }
        }
        misses.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "reason %d/%d (%.1f %%), hard/soft %d/%d (%.1f %%)%n", reasonOk, rows,
                100.0 * reasonOk / rows, typeOk, rows, 100.0 * typeOk / rows);
        assertThat(rows).isGreaterThan(100);
    }

    /**
     * The recipient's paragraph of a human-readable notice: from the line naming it to the next blank line (and up to
     * two more paragraphs while it says little more than the address, as qmail, Exim and Domino write it); the whole notice when the
     * recipient is not named.
     */
    private static String paragraphOf(String notice, String rcpt) {
        int mine = notice.toLowerCase(Locale.ROOT).indexOf(rcpt);
        if (mine < 0) {
            return notice.length() > 1500 ? notice.substring(0, 1500) : notice;
        }
        int start = notice.lastIndexOf('\n', mine) + 1;
        int end = notice.indexOf("\n\n", mine);
        for (int extra = 0; extra < 2 && end >= 0
                && notice.substring(start, end).replace(rcpt, "").strip().length() < 100; extra++) {
            int next = notice.indexOf("\n\n", end + 2);
            while (next == end + 1) {
                next = notice.indexOf("\n\n", next + 1);
            }
            end = next;
        }
        end = end < 0 ? notice.length() : end;
        return notice.substring(start, Math.min(end, start + 1200));
    }

    /** Crude: the DSN fields of the recipient's block, else the text after the recipient in the notice. */
    private static Diagnosis crude(String raw, String recipient) {
        String rcpt = recipient.toLowerCase(Locale.ROOT);
        String lower = raw.toLowerCase(Locale.ROOT);
        int at = lower.indexOf("final-recipient:");
        String block = raw;
        if (at >= 0) {
            int mine = lower.indexOf(rcpt, at);
            int start = mine >= 0 ? lower.lastIndexOf("\n\n", mine) : at;
            int end = lower.indexOf("\n\n", Math.max(mine, at));
            block = raw.substring(Math.max(start, 0), end < 0 ? raw.length() : end);
        }
        Matcher diag = DIAG.matcher(block);
        Matcher status = STATUS.matcher(block);
        Matcher action = ACTION.matcher(block);
        String text;
        if (diag.find() && !diag.group(1).isBlank()) {
            text = diag.group(1);
        } else {
            int body = raw.indexOf("\n\n");
            String notice = raw.substring(Math.max(body, 0));
            Matcher cut = CUT.matcher(notice);
            if (cut.find()) {
                notice = notice.substring(0, cut.start());
            }
            text = paragraphOf(notice, rcpt);
        }
        Matcher command = COMMAND.matcher(at >= 0 ? raw : text);
        Matcher reply = Pattern.compile("(?m)(?:^|\\s)([45]\\d\\d)[ -]").matcher(text);
        return new Diagnosis(action.find() ? action.group(1) : "failed",
                status.find() ? Optional.of(status.group(1)) : Optional.empty(),
                reply.find() ? Optional.of(reply.group(1)) : Optional.empty(), text.strip(),
                command.find() ? Optional.of(command.group(1)) : Optional.empty());
    }
}
