package dev.postcard.bounces.reasons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.bounces.Diagnosis;
import dev.postcard.bounces.Reason;
import dev.postcard.event.BounceType;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A hard bounce suppresses an address for good, so no wording that describes a passing state may come out hard:
 * whatever code a server puts on it, whether the report says delayed or failed, and whatever command it answered.
 * The wordings are the ones MTAs and mailbox providers document for full mailboxes, greylisting, rate limits,
 * temporary DNS failures, suspended accounts and policy blocks.
 */
class NeverFalseHardTest {
    private final ReasonRules rules = new ReasonRules();

    static Stream<String> softWordings() {
        return Stream.of(
                // full mailboxes
                "Mailbox full",
                "<someone@example.org>: user is over quota",
                "Quota exceeded (mailbox for user is full)",
                "The email account that you tried to reach is over quota. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp",
                "The recipient's inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp",
                "Mailbox size limit exceeded",
                "Requested mail action aborted: exceeded storage allocation",
                "STOREDRV.Deliver: mailbox full. MapiExceptionShutoffQuotaExceeded",
                // greylisting
                "<someone@example.org>: Recipient address rejected: Greylisted, see https://postgrey.example.net/help/example.org.html",
                "Greylisting in action, please come back later",
                "<someone@example.org>: Recipient address rejected: Please try again later",
                "Recipient address rejected: Intentional policy rejection, please try again in 5 minutes",
                "Try again later, closing connection.",
                "Please try again later",
                "Temporary local problem - please try later",
                // rate limits
                "Too many recipients",
                "Too many concurrent SMTP connections; please try again later.",
                "Rate limit exceeded, try again later",
                "Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints",
                "Our system has detected an unusual rate of unsolicited mail originating from your IP address. Mail sent from your IP address has been temporarily rate limited.",
                "Daily user sending quota exceeded",
                "Too many messages for this recipient, try again later",
                // temporary DNS failures
                "Host or domain name not found. Name service error for name=example.org type=MX: Host not found, try again",
                "Name service error for name=example.org type=A: Host not found, try again",
                "host lookup did not complete",
                "Temporary failure in name resolution",
                "DNS lookup of example.org failed: SERVFAIL",
                "Domain example.org: temporary DNS failure, please try again",
                "Could not resolve MX for example.org: DNS timeout",
                "<someone@example.org>: Recipient address rejected: Domain not found, try again later",
                // suspended and inactive accounts
                "The email account that you tried to reach is disabled.",
                "Account disabled temporarily for exceeding receiving limits",
                "This account has been temporarily suspended",
                // policy and reputation blocks
                "Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
                "Message rejected due to content restrictions",
                "Access denied, banned sending IP [192.0.2.1]",
                "Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service provider since part of their network is on our block list.",
                "This message does not have authentication information or fails to pass authentication checks",
                "<someone@example.org>: Relay access denied",
                "Mail appeared to be SPAM or forged. Ask your Mail/DNS-Administrator to correct HELO and DNS MX settings",
                "Message rejected as spam by Content Filtering.",
                "Your message looks like spam and was rejected",
                "Sender address rejected: Domain not found",
                // transient network and system failures
                "Connection timed out",
                "connect to mx.example.org[192.0.2.1]:25: Connection refused",
                "lost connection with mx.example.org[192.0.2.1] while receiving the initial server greeting",
                "Service unavailable, try again later",
                "Internal server error, please try again later",
                "Insufficient system storage");
    }

    /** The ways a server frames a reply: no code, temporary codes, catch-all permanent codes. */
    static Stream<Diagnosis> framings(String wording) {
        return Stream.of(
                diagnosis("failed", null, null, wording, null),
                diagnosis("failed", null, null, "550 " + wording, null),
                diagnosis("failed", "5.0.0", "550", "550 5.0.0 " + wording, null),
                diagnosis("failed", "5.0.0", "554", "554 " + wording, "DATA"),
                diagnosis("failed", "4.0.0", "450", "450 4.0.0 " + wording, "RCPT"),
                diagnosis("failed", "4.7.1", "451", "451 4.7.1 " + wording, "RCPT"),
                diagnosis("delayed", "4.0.0", null, wording, null),
                diagnosis("delayed", null, "421", "421 " + wording, null));
    }

    static Stream<Arguments> softCases() {
        return softWordings().flatMap(w -> framings(w).map(d -> Arguments.of(w, d)));
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("softCases")
    void aPassingStateIsNeverHard(String wording, Diagnosis diagnosis) {
        Reason reason = rules.classify(diagnosis);

        assertThat(reason.type()).as("%s -> %s", diagnosis, reason.detail()).isEqualTo(BounceType.SOFT);
    }

    /**
     * Wordings that are hard on a permanent failure: under a temporary code, or in a delay notice, the server asked
     * to try again, so the address is not given up on. The reason still names what was said; the same words on a
     * permanent failure stay hard, so the rule is about the failure, not the words.
     */
    static Stream<Arguments> hardWords() {
        BounceType soft = BounceType.SOFT;
        BounceType hard = BounceType.HARD;
        return Stream.of(
                Arguments.of("userunknown", soft, diagnosis("failed", "4.1.1", "450",
                        "450 4.1.1 <someone@example.org>: Recipient address rejected: unverified address: host mx.example.org said: 550 5.1.1 User unknown", "RCPT")),
                Arguments.of("userunknown", soft, diagnosis("delayed", "4.1.1", null, "User unknown", null)),
                Arguments.of("userunknown", soft, diagnosis("failed", null, "450", "450 No such user here", "RCPT")),
                Arguments.of("hostunknown", soft, diagnosis("failed", "4.1.2", "450",
                        "450 4.1.2 <someone@example.org>: Recipient address rejected: Domain not found", "RCPT")),
                Arguments.of("hasmoved", soft, diagnosis("failed", "4.1.6", "451", "451 4.1.6 Mailbox has moved", "RCPT")),
                Arguments.of("notaccept", soft, diagnosis("failed", "4.1.10", null, "Recipient address has null MX", null)),
                Arguments.of("userunknown", hard, diagnosis("failed", "5.1.1", "550", "550 5.1.1 User unknown", "RCPT")),
                Arguments.of("hostunknown", hard, diagnosis("failed", "5.1.2", "550",
                        "550 5.1.2 <someone@example.org>: Recipient address rejected: Domain not found", "RCPT")),
                Arguments.of("hostunknown", hard, diagnosis("failed", "5.4.4", null,
                        "Host or domain name not found. Name service error for name=example.invalid type=A: Host not found", null)),
                Arguments.of("notaccept", hard, diagnosis("failed", "5.1.10", "556", "556 5.1.10 Recipient address has null MX", null)));
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("hardWords")
    void theFailureNotTheWordsDecidesHardOrSoft(String detail, BounceType type, Diagnosis diagnosis) {
        Reason reason = rules.classify(diagnosis);

        assertThat(reason.detail()).isEqualTo(detail);
        assertThat(reason.type()).isEqualTo(type);
    }

    private static Diagnosis diagnosis(String action, String status, String reply, String text, String command) {
        return new Diagnosis(action, Optional.ofNullable(status), Optional.ofNullable(reply), text,
                Optional.ofNullable(command));
    }
}
