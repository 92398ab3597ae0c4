package dev.postcard.bounces.reasons;

import dev.postcard.bounces.Diagnosis;
import dev.postcard.bounces.Reason;
import dev.postcard.bounces.ReasonClassifier;
import dev.postcard.bounces.reasons.StatusCodeRules.Status;
import dev.postcard.event.BounceType;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides why a recipient bounced, from the most specific evidence to the least:
 * <ol>
 *   <li>the remote server's words ({@link PhraseRules#STRONG}): "mailbox full" under a 5.1.1 is a full mailbox,
 *       because servers use 550 / 5.1.1 / 5.7.1 as catch-alls far more often than they misword their text;</li>
 *   <li>the enhanced status code when it names one cause ({@link StatusCodeRules});</li>
 *   <li>generic words in the text ({@link PhraseRules#WEAK}: "blocked", "denied", "mailbox unavailable"), which
 *       never make a temporary (4xx) failure hard;</li>
 *   <li>the SMTP reply code with the command it answered ({@link ReplyCodeRules});</li>
 *   <li>the command alone: a refused connection or greeting is about the client, a refused MAIL FROM about the
 *       sender;</li>
 *   <li>otherwise {@code onhold} when some code was given, {@code undefined} when nothing was.</li>
 * </ol>
 * Two corrections apply to what the steps find: "unknown user" is only believed with evidence of a mailbox lookup
 * (see {@link #userUnknown}), and a network failure that ended the delivery for good means the retry period ran
 * out ({@code expired}). Stateless and built from precompiled patterns: safe to share between threads.
 */
public final class ReasonRules implements ReasonClassifier {

    private static final Pattern TIMEOUT = Pattern.compile("timed? ?out");

    public ReasonRules() {
    }

    @Override
    public Reason classify(Diagnosis diagnosis) {
        return decide(diagnosis).reason();
    }

    /** The decision as a {@link ReasonName}, for callers that want the table entry. */
    public ReasonName decide(Diagnosis diagnosis) {
        SmtpStage stage = SmtpStage.of(diagnosis.command());
        String flat = DiagnosticText.flatten(diagnosis.diagnostic());
        String text = DiagnosticText.forPhrases(flat);
        String action = diagnosis.action().strip().toLowerCase(Locale.ROOT);
        Optional<Status> status = status(diagnosis.statusCode(), flat);
        Optional<Integer> reply = ReplyCodeRules.parse(diagnosis.replyCode()).or(() -> ReplyCodeRules.leading(flat));

        Optional<ReasonName> found = PhraseRules.first(PhraseRules.STRONG, text)
                .or(() -> status.flatMap(s -> StatusCodeRules.reasonOf(s, stage)))
                .or(() -> PhraseRules.first(PhraseRules.WEAK, text)
                        .filter(n -> n.type() != BounceType.HARD || !temporary(status, reply)))
                .or(() -> reply.flatMap(r -> ReplyCodeRules.reasonOf(r, stage)))
                .or(() -> byStage(stage));
        if (found.isEmpty()) {
            if (action.equals("expired")) {
                return ReasonName.EXPIRED;
            }
            return status.isPresent() || reply.isPresent() || action.equals("delayed")
                    ? ReasonName.ONHOLD : ReasonName.UNDEFINED;
        }
        return corrected(diagnosis, found.get(), stage, action, status, reply, text);
    }

    private static ReasonName corrected(Diagnosis diagnosis, ReasonName name, SmtpStage stage, String action,
                                        Optional<Status> status, Optional<Integer> reply, String text) {
        if (name == ReasonName.USERUNKNOWN) {
            return userUnknown(stage, status, text, diagnosis.mtaCategory());
        }
        if (name == ReasonName.NETWORKERROR && TIMEOUT.matcher(text).find()
                && status.map(s -> !s.permanent()).orElse(reply.map(r -> r < 500).orElse(true))
                && (action.equals("failed") || action.equals("expired"))) {
            // A temporary network condition that still ended in "failed": the MTA gave up retrying.
            return ReasonName.EXPIRED;
        }
        return name;
    }

    /**
     * Whether "user unknown" really means the address does not exist. A hard bounce suppresses the address for
     * good, so it needs evidence of a mailbox lookup. RFC 5321 (3.3, 4.2.2) has a server refuse an unknown mailbox
     * in answer to RCPT TO, with 550 and (RFC 3463) x.1.1 "bad destination mailbox address". So:
     * <ol>
     *   <li>an addressing code (x.1.x) or a refusal at RCPT TO is the lookup: {@code userunknown};</li>
     *   <li>after DATA the recipient had already been accepted, so the words come from a content or recipient
     *       filter: {@code filtered}; at MAIL FROM they are about the sender: {@code rejected};</li>
     *   <li>a code whose subject says the mailbox exists but refuses (x.2.x mailbox status) or that the refusal is
     *       a security or policy decision (x.7.x): {@code filtered};</li>
     *   <li>with no stage: a directory lookup stated as such ({@link PhraseRules#USER_NOT_IN_DIRECTORY}), or the
     *       reporting MTA's own "bad-mailbox" verdict (PowerMTA), is decisive; the bare "user unknown" wording alone ({@link PhraseRules#USER_UNKNOWN_WORDING}), which
     *       filters and gateways print too, is {@code filtered} (soft), the conservative choice.</li>
     * </ol>
     * A "user unknown" reached from the status code or the generic words only (no such wording) is left alone.
     */
    private static ReasonName userUnknown(SmtpStage stage, Optional<Status> status, String text,
                                          Optional<String> mtaCategory) {
        if (status.map(s -> s.subject() == 1).orElse(false) || stage == SmtpStage.RCPT) {
            return ReasonName.USERUNKNOWN;
        }
        if (stage == SmtpStage.DATA) {
            return ReasonName.FILTERED;
        }
        if (stage == SmtpStage.MAIL) {
            return ReasonName.REJECTED;
        }
        if (status.map(s -> s.subject() == 2 || s.subject() == 7).orElse(false)) {
            return ReasonName.FILTERED;
        }
        if (PhraseRules.USER_NOT_IN_DIRECTORY.pattern().matcher(text).find()
                || mtaCategory.filter(c -> c.equals("bad-mailbox")).isPresent()
                || !PhraseRules.USER_UNKNOWN_WORDING.pattern().matcher(text).find()) {
            return ReasonName.USERUNKNOWN;
        }
        return ReasonName.FILTERED;
    }

    /** A 4.x.x status, or a 4xx reply without a status: the server asked to try again. */
    private static boolean temporary(Optional<Status> status, Optional<Integer> reply) {
        return status.map(s -> s.klass() == 4).orElse(reply.map(r -> r / 100 == 4).orElse(false));
    }

    private static Optional<ReasonName> byStage(SmtpStage stage) {
        return switch (stage) {
            case CONNECT, HELO -> Optional.of(ReasonName.BLOCKED);
            case MAIL -> Optional.of(ReasonName.REJECTED);
            default -> Optional.empty();
        };
    }

    /**
     * The given status code; when it is missing or a catch-all ({@code 5.0.0}), a specific code quoted in the
     * remote server's reply ({@code 550 5.1.1 ...}) is better evidence.
     */
    private static Optional<Status> status(Optional<String> given, String text) {
        Optional<Status> parsed = Status.parse(given);
        if (parsed.isPresent() && parsed.get().subject() != 0) {
            return parsed;
        }
        Optional<Status> quoted = Status.parse(Optional.of(text.length() > 64 ? text.substring(0, 64) : text))
                .filter(s -> s.subject() != 0);
        return quoted.or(() -> parsed);
    }
}
