package dev.postcard.bounces.reasons;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LiteralIndexTest {

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "over ?quota => quota",
            "(?:mailbox|user) (?:is )?quota exceeded => quota exceeded",
            "e-?mail address => mail address",
            "\\bspf\\b => spf",
            "容量.{0,10}(?:超|オーバー) => 容量",
            "exceed(?:ed|s)? (?:the )?quota => exceed",
            "too (?:many|long) retries => ' retries'",
            "spam(?!haus) => spam",
            "b+ounce => ounce"})
    void theRequiredLiteralIsALongestRunEveryMatchContains(String phrase, String literal) {
        assertThat(RequiredLiteral.of(phrase)).containsExactly(literal);
    }

    @Test
    void aGroupOrAnAlternationNeedsOneOfItsBranches() {
        assertThat(RequiredLiteral.of("spam|junk")).containsExactly("spam", "junk");
        assertThat(RequiredLiteral.of("(?:user|recipient) (?:was |is )?(?:not found|unknown)"))
                .containsExactly("not found", "unknown");
        assertThat(RequiredLiteral.of("(?:detected|classified) (?:as )?(?:a )?(?:spam|junk|bulk)"))
                .containsExactly("detected", "classified");
    }

    @Test
    void optionalPartsAndShortRunsAreNotNeeded() {
        assertThat(RequiredLiteral.of("(?:x|y)")).isEmpty();
        assertThat(RequiredLiteral.of("a.b")).isEmpty();
        assertThat(RequiredLiteral.of("(?:quota)?x")).isEmpty();
        assertThat(RequiredLiteral.of("spam|(?:x)")).isEmpty();
    }

    /** The prefilter never changes an answer: with and without it, every family matches the same texts. */
    @Test
    void skippingFamiliesWithoutTheirLiteralsChangesNoAnswer() {
        List<String> texts = new ArrayList<>();
        ReasonRulesTest.replies().forEach(a -> texts.add((String) a.get()[1]));
        NeverFalseHardTest.softWordings().forEach(texts::add);
        texts.add("");
        texts.add("550 5.0.0 nothing here at all");
        List<PhraseRules.Rule> rules = new ArrayList<>(PhraseRules.STRONG);
        rules.addAll(PhraseRules.WEAK);
        rules.addAll(List.of(PhraseRules.USER_NOT_IN_DIRECTORY, PhraseRules.USER_UNKNOWN_WORDING, PhraseRules.EXPIRY));
        int matched = 0;
        for (String raw : texts) {
            String text = DiagnosticText.forPhrases(DiagnosticText.flatten(raw));
            BitSet present = PhraseRules.literalsIn(text);
            for (PhraseRules.Rule rule : rules) {
                boolean full = rule.phrases().stream().anyMatch(p -> p.pattern().matcher(text).find());
                assertThat(rule.matches(text, present)).as("%s on %s", rule.name(), text).isEqualTo(full);
                matched += full ? 1 : 0;
            }
        }
        assertThat(matched).as("texts the families match").isGreaterThan(texts.size());
    }

    @Test
    void fewPhrasesAreRunOnATypicalReply() {
        String text = DiagnosticText.forPhrases(DiagnosticText.flatten(
                "550 5.1.1 <someone@example.org>: Recipient address rejected: User unknown in local recipient table"));
        BitSet present = PhraseRules.literalsIn(text);
        List<PhraseRules.Phrase> all = Stream.concat(PhraseRules.STRONG.stream(), PhraseRules.WEAK.stream())
                .flatMap(r -> r.phrases().stream()).toList();
        long run = all.stream().filter(p -> p.mayMatch(present)).count();
        assertThat(run).isLessThan(all.size() / 10);
    }
}
