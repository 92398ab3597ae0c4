package dev.postcard.bounces.reasons;

import dev.postcard.bounces.Diagnosis;
import dev.postcard.bounces.reasons.StatusCodeRules.Status;
import java.util.BitSet;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What one recipient's report offers as evidence, read once: the stage of the SMTP dialogue, the remote server's
 * text prepared for the phrase families, the report's action, the enhanced status code and the reply code.
 *
 * @param text     the diagnostic, flattened and {@link DiagnosticText#forPhrases prepared} for the phrase families
 * @param literals the phrase families' literals that occur in the text ({@link PhraseRules#literalsIn})
 */
record Evidence(SmtpStage stage, String text, BitSet literals, String action, Optional<Status> status,
                Optional<Integer> reply, Optional<String> mtaCategory) {

    /**
     * Words with which a server asks to be tried again, whatever code it puts on them: "try again later", Postfix's
     * "Host not found, try again" (the resolver's TRY_AGAIN), "temporarily", "please retry".
     */
    private static final Pattern ASKS_FOR_RETRY = Pattern.compile(
            "(?<![a-z])(?:(?<!not going to |will not |won't |do not |don't )try (?:again|later)|temporar(?:y|ily)"
            + "|please retry|retry later|come back later)");

    static Evidence of(Diagnosis diagnosis) {
        String flat = DiagnosticText.flatten(diagnosis.diagnostic());
        String text = DiagnosticText.forPhrases(flat);
        return new Evidence(SmtpStage.of(diagnosis.command()), text, PhraseRules.literalsIn(text),
                diagnosis.action().strip().toLowerCase(Locale.ROOT), status(diagnosis.statusCode(), flat),
                ReplyCodeRules.parse(diagnosis.replyCode()).or(() -> ReplyCodeRules.leading(flat)),
                diagnosis.mtaCategory());
    }

    /**
     * Whether the failure is one the server called passing: a delay notice, a 4.x.x status (or a 4xx reply
     * without a status), or words that ask for a retry. RFC 5321 (4.2.1) defines 4yz as "the error condition is
     * temporary"; such an answer never says an address is gone for good.
     */
    boolean temporary() {
        if (action.equals("delayed")) {
            return true;
        }
        return temporaryCode() || asksForRetry();
    }

    /** Every wording of {@link #ASKS_FOR_RETRY} holds "try", "temporar" or "come back": most texts need no regex. */
    private boolean asksForRetry() {
        return (text.contains("try") || text.contains("temporar") || text.contains("come back"))
                && ASKS_FOR_RETRY.matcher(text).find();
    }

    /** The last answer carried a temporary code: a 4.x.x status, or a 4xx reply without a status. */
    boolean temporaryCode() {
        return status.map(s -> s.klass() == 4).orElse(reply.map(r -> r / 100 == 4).orElse(false));
    }

    /** The last answer carried a permanent code: a 5.x.x status, or a 5xx reply without a status. */
    boolean permanentCode() {
        return status.map(s -> s.klass() == 5).orElse(reply.map(r -> r / 100 == 5).orElse(false));
    }

    /** The report ends delivery for good ({@code failed}, or the non-standard {@code expired}). */
    boolean finalFailure() {
        return action.equals("failed") || action.equals("expired");
    }

    /**
     * The given status code; when it is missing or a catch-all ({@code 5.0.0}), the first specific code quoted
     * anywhere in the remote server's reply ({@code 550 5.1.1 ...}, or a transcript's {@code <<< 550 5.1.1}) is
     * better evidence.
     */
    private static Optional<Status> status(Optional<String> given, String text) {
        Optional<Status> parsed = Status.parse(given);
        if (parsed.isPresent() && parsed.get().subject() != 0) {
            return parsed;
        }
        return Status.firstSpecific(text).or(() -> parsed);
    }
}
