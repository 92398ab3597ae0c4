package dev.postcard.bounces.reasons;

import dev.postcard.bounces.Diagnosis;
import dev.postcard.bounces.Reason;
import dev.postcard.bounces.ReasonClassifier;
import dev.postcard.event.BounceType;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides why a recipient bounced, from the most specific evidence to the least:
 * <ol>
 *   <li>the remote server's words ({@link PhraseRules#STRONG}): "mailbox full" under a 5.1.1 is a full mailbox,
 *       because servers use 550 / 5.1.1 / 5.7.1 as catch-alls far more often than they misword their text;</li>
 *   <li>the enhanced status code when it names one cause ({@link StatusCodeRules});</li>
 *   <li>generic words in the text ({@link PhraseRules#WEAK}: "blocked", "denied", "mailbox unavailable"), which
 *       never make a temporary failure hard;</li>
 *   <li>the SMTP reply code with the command it answered ({@link ReplyCodeRules});</li>
 *   <li>the command alone: a refused connection or greeting is about the client, a refused MAIL FROM about the
 *       sender;</li>
 *   <li>otherwise {@code onhold} when some code was given, {@code undefined} when nothing was.</li>
 * </ol>
 * Corrections apply to what the steps find: "unknown user" is only believed with evidence of a mailbox lookup
 * (see {@link #userUnknown}), a passing condition that ended the delivery for good means the retry period ran out
 * ({@code expired}, see {@link #ranOutOfTime}), and a {@link Evidence#temporary temporary} failure is never hard,
 * whatever it says: the server asked to be tried again, so it has not said that the address is gone. Stateless
 * and built from precompiled patterns: safe to share between threads.
 */
public final class ReasonRules implements ReasonClassifier {

    /** Conditions of the connection or the server that pass, or no condition named at all. */
    private static final Set<ReasonName> PASSING = EnumSet.of(ReasonName.NETWORKERROR, ReasonName.SYSTEMERROR,
            ReasonName.ONHOLD, ReasonName.UNDEFINED);
    private static final Pattern TIMEOUT = Pattern.compile("timed? ?out");

    public ReasonRules() {
    }

    @Override
    public Reason classify(Diagnosis diagnosis) {
        Evidence evidence = Evidence.of(diagnosis);
        ReasonName name = decide(evidence);
        return evidence.temporary() ? name.softReason() : name.reason();
    }

    /** The decision as a {@link ReasonName}, for callers that want the table entry. */
    public ReasonName decide(Diagnosis diagnosis) {
        return decide(Evidence.of(diagnosis));
    }

    private static ReasonName decide(Evidence evidence) {
        String text = evidence.text();
        Optional<ReasonName> found = PhraseRules.first(PhraseRules.STRONG, text, evidence.literals())
                .or(() -> evidence.status().flatMap(s -> StatusCodeRules.reasonOf(s, evidence.stage())))
                .or(() -> PhraseRules.first(PhraseRules.WEAK, text, evidence.literals())
                        .filter(n -> n.type() != BounceType.HARD || !evidence.temporary()))
                .or(() -> evidence.reply().flatMap(r -> ReplyCodeRules.reasonOf(r, evidence.stage())))
                .or(() -> byStage(evidence.stage()));
        ReasonName name = found.map(n -> n == ReasonName.USERUNKNOWN ? userUnknown(evidence) : n)
                .orElseGet(() -> evidence.status().isPresent() || evidence.reply().isPresent()
                        ? ReasonName.ONHOLD : ReasonName.UNDEFINED);
        return ranOutOfTime(name, evidence) ? ReasonName.EXPIRED : name;
    }

    /**
     * Whether the message failed because its time in the queue ran out rather than for what the last attempt
     * met. The reporting MTA decides that, not the remote server, so its verdict wins over a passing condition of
     * the connection or the server ({@link #PASSING}: timeouts, refused connections, DNS without an answer, server
     * errors, or nothing said at all):
     * <ul>
     *   <li>the report says so: action {@code expired}, status x.4.7 "delivery time expired", or expiry wording
     *       ("retry timeout exceeded", "could not be delivered for 5 days", "message expired");</li>
     *   <li>a final failure after a timeout without a permanent code: the remote server never answered, so
     *       nothing but the queue lifetime ended the delivery (an answer, even a temporary "451 try again later",
     *       is kept as what it says);</li>
     *   <li>a delay notice that quotes no answer and names no cause: it reports only that the message has been
     *       queued longer than the MTA's warning threshold.</li>
     * </ul>
     * A lasting cause the last attempt named (a full mailbox, a block, an unknown user) is kept: it is why the
     * retries failed, and it says more than the expiry.
     */
    private static boolean ranOutOfTime(ReasonName name, Evidence evidence) {
        if (name == ReasonName.EXPIRED) {
            return true;
        }
        if (!PASSING.contains(name)) {
            return false;
        }
        if (evidence.action().equals("delayed")) {
            return evidence.reply().isEmpty() && (name == ReasonName.ONHOLD || name == ReasonName.UNDEFINED);
        }
        boolean verdict = evidence.action().equals("expired")
                || evidence.status().map(s -> s.subject() == 4 && s.detail() == 7).orElse(false)
                || PhraseRules.EXPIRY.matches(evidence.text(), evidence.literals());
        return verdict || name == ReasonName.NETWORKERROR && evidence.finalFailure()
                && TIMEOUT.matcher(evidence.text()).find() && !evidence.permanentCode();
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
     *       reporting MTA's own "bad-mailbox" verdict (PowerMTA), is decisive; the bare "user unknown" wording
     *       alone ({@link PhraseRules#USER_UNKNOWN_WORDING}), which filters and gateways print too, is
     *       {@code filtered} (soft), the conservative choice.</li>
     * </ol>
     * A "user unknown" reached from the status code or the generic words only (no such wording) is left alone.
     */
    private static ReasonName userUnknown(Evidence evidence) {
        SmtpStage stage = evidence.stage();
        if (evidence.status().map(s -> s.subject() == 1).orElse(false) || stage == SmtpStage.RCPT) {
            return ReasonName.USERUNKNOWN;
        }
        if (stage == SmtpStage.DATA) {
            return ReasonName.FILTERED;
        }
        if (stage == SmtpStage.MAIL) {
            return ReasonName.REJECTED;
        }
        if (evidence.status().map(s -> s.subject() == 2 || s.subject() == 7).orElse(false)) {
            return ReasonName.FILTERED;
        }
        String text = evidence.text();
        if (PhraseRules.USER_NOT_IN_DIRECTORY.matches(text, evidence.literals())
                || evidence.mtaCategory().filter(c -> c.equals("bad-mailbox")).isPresent()
                || !PhraseRules.USER_UNKNOWN_WORDING.matches(text, evidence.literals())) {
            return ReasonName.USERUNKNOWN;
        }
        return ReasonName.FILTERED;
    }

    private static Optional<ReasonName> byStage(SmtpStage stage) {
        return switch (stage) {
            case CONNECT, HELO -> Optional.of(ReasonName.BLOCKED);
            case MAIL -> Optional.of(ReasonName.REJECTED);
            default -> Optional.empty();
        };
    }
}
