package dev.postcard.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.bounces.BounceClassifier;
import dev.postcard.bounces.Bounces;
import dev.postcard.bounces.Classification;
import dev.postcard.bounces.MessageKind;
import dev.postcard.bounces.RecipientReport;
import dev.postcard.event.BounceType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The bounce corpus ({@code conformance/bounces}): every email is classified once, its results are paired with the
 * rows of {@code expected.tsv} by (file, lower-cased recipient) and scored the way the corpus README says. Prints
 * {@code conformance bounces <measure>: ...} per measure and the rows that fail, then fails when a gated measure is
 * below its target.
 *
 * <p>The issues' targets are gates: no false bounces 100 %, complaints 100 %, hard/soft 97 %, status exact 95 %,
 * status class digit 97 %, reason 90 %, recipient 97 %. The README also marks reply code (90 %), printed with its
 * mark but tracked, and class digit at 98 %, which is gated at 97 %: it cannot reach 98 % without special-casing rows
 * that disagree with the rest of the corpus (lhost-exim-06 and lhost-gmx-04 word the same expiry with different
 * class digits; lhost-gmail-08 is a delay notice expected as a 5.x expiry; lhost-apachejames-01 and lhost-domino-03
 * expect an address other than the one the mail reports), and rules must not memorise corpus files.
 */
@Tag("conformance")
class BounceConformanceTest {
    private static final String PLACEHOLDER = "undisclosed-recipient-in-headers@libsisimai.org.invalid";
    private static final Set<String> NOT_BOUNCES = Set.of("vacation", "delivered", "feedback", "");

    /** One expected row. */
    record Row(String file, String recipient, String reason, String status, String replyCode, String hard,
               String feedbackType) {
        boolean isBounce() {
            return !NOT_BOUNCES.contains(reason);
        }

        boolean pseudoStatus() {
            return status.matches("[45]\\.0\\.9\\d\\d");
        }
    }

    /** A measure: which rows it scores, whether a row passes, its target, and whether missing it fails the build. */
    record Measure(String name, double target, boolean gate, Predicate<Row> scored, Predicate<Row> passes) {
    }

    private static final boolean GATE = true;
    private static final boolean TRACKED = false;

    private final BounceClassifier classifier = Bounces.classifier();
    private final Map<String, Classification> results = new LinkedHashMap<>();

    @Test
    void corpus() throws IOException {
        Path dir = ConformanceFiles.root().resolve("bounces");
        List<Row> rows = rows(dir.resolve("expected.tsv"));
        try (Stream<Path> files = Files.list(dir.resolve("emails"))) {
            for (Path file : files.sorted().toList()) {
                results.put(file.getFileName().toString(), classifier.classify(Files.readAllBytes(file)));
            }
        }
        assertThat(rows.stream().map(Row::file).distinct()).allMatch(results::containsKey);

        List<Measure> measures = List.of(
                new Measure("no false bounces", 100, GATE, r -> !r.isBounce(), this::noFalseBounce),
                new Measure("complaints with feedback type", 100, GATE, r -> r.reason().equals("feedback"),
                        r -> kind(r) == MessageKind.COMPLAINT && result(r).complaint()
                                .map(c -> c.feedbackType().equals(r.feedbackType())).orElse(false)),
                new Measure("hardbounce", 97, GATE, Row::isBounce, r -> recipient(r).flatMap(RecipientReport::reason)
                        .map(x -> (x.type() == BounceType.HARD) == Boolean.parseBoolean(r.hard())).orElse(false)),
                new Measure("deliverystatus exact", 95, GATE, r -> r.isBounce() && !r.status().isEmpty() && !r.pseudoStatus(),
                        r -> recipient(r).flatMap(RecipientReport::statusCode).map(r.status()::equals).orElse(false)),
                new Measure("deliverystatus class digit", 97, GATE, r -> !r.status().isEmpty(),
                        r -> recipient(r).flatMap(RecipientReport::statusCode)
                                .map(s -> s.charAt(0) == r.status().charAt(0)).orElse(false)),
                new Measure("reason", 90, GATE, Row::isBounce, r -> recipient(r).flatMap(RecipientReport::reason)
                        .map(x -> normalise(x.detail()).equals(normalise(r.reason()))).orElse(false)),
                new Measure("recipient found", 97, GATE, r -> !r.reason().isEmpty() && !r.recipient().equals(PLACEHOLDER),
                        this::found),
                new Measure("replycode exact", 90, TRACKED, r -> !r.replyCode().isEmpty(),
                        r -> recipient(r).flatMap(RecipientReport::replyCode).map(r.replyCode()::equals).orElse(false)));

        List<String> below = new ArrayList<>();
        StringBuilder failures = new StringBuilder();
        for (Measure m : measures) {
            List<Row> scored = rows.stream().filter(m.scored()).toList();
            List<Row> failed = scored.stream().filter(m.passes().negate()).toList();
            int ok = scored.size() - failed.size();
            double pct = scored.isEmpty() ? 100 : 100.0 * ok / scored.size();
            System.out.printf(Locale.ROOT, "conformance bounces %s: %.1f %% (%d/%d), %s %.0f %%%n", m.name(), pct,
                    ok, scored.size(), m.gate() ? "target" : "tracked, corpus README mark", m.target());
            if (m.gate() && pct < m.target()) {
                below.add(m.name());
            }
            failed.forEach(r -> failures.append(String.format(Locale.ROOT, "  [%s] %s %s: expected %s %s %s %s, got %s%n",
                    m.name(), r.file(), r.recipient(), r.reason(), r.status(), r.replyCode(), r.hard(), describe(r))));
        }
        System.out.print(failures);
        assertThat(below).as("bounce conformance measures under target").isEmpty();
    }

    private boolean noFalseBounce(Row r) {
        MessageKind kind = kind(r);
        return r.reason().isEmpty() ? kind == MessageKind.NONE : kind != MessageKind.BOUNCE;
    }

    private boolean found(Row r) {
        Classification c = result(r);
        if (c.kind() == MessageKind.COMPLAINT) {
            return c.complaint().map(x -> x.reportedRecipients().contains(r.recipient())).orElse(false);
        }
        return recipient(r).isPresent();
    }

    private Classification result(Row r) {
        return results.get(r.file());
    }

    private MessageKind kind(Row r) {
        return result(r).kind();
    }

    private Optional<RecipientReport> recipient(Row r) {
        return result(r).recipients().stream().filter(x -> x.address().equals(r.recipient())).findFirst();
    }

    private String describe(Row r) {
        Classification c = result(r);
        if (c.kind() == MessageKind.COMPLAINT) {
            return "complaint " + c.complaint().map(x -> x.feedbackType() + " " + x.reportedRecipients()).orElse("");
        }
        Optional<RecipientReport> mine = recipient(r);
        if (mine.isEmpty()) {
            return c.kind().wireName() + " recipients " + c.recipients().stream().map(RecipientReport::address).toList();
        }
        RecipientReport x = mine.get();
        return c.kind().wireName() + " " + x.reason().map(y -> y.detail() + "/" + y.type().wireName()).orElse("-") + " "
                + x.statusCode().orElse("-") + " " + x.replyCode().orElse("-") + " | "
                + (x.diagnostic().length() > 160 ? x.diagnostic().substring(0, 160) : x.diagnostic());
    }

    /** Sisimai merged these reasons in 5.6.0; the corpus README counts them as one. */
    static String normalise(String reason) {
        return switch (reason) {
            case "emailtoolarge", "exceedlimit" -> "mesgtoobig";
            case "ratelimited", "speeding" -> "toomanyconn";
            default -> reason;
        };
    }

    private static List<Row> rows(Path tsv) throws IOException {
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            rows.add(new Row(f[0], f[1].toLowerCase(Locale.ROOT), f[2], f[3], f[4], f[5], f[6]));
        }
        return rows;
    }
}
