package dev.postcard.bounces.reasons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.postcard.bounces.Diagnosis;
import dev.postcard.bounces.Reason;
import dev.postcard.event.BounceReason;
import dev.postcard.event.BounceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReasonRulesTest {
    private final ReasonRules rules = new ReasonRules();

    static Diagnosis text(String diagnostic) {
        return new Diagnosis("failed", Optional.empty(), Optional.empty(), diagnostic, Optional.empty());
    }

    static Diagnosis of(String action, String status, String reply, String diagnostic, String command) {
        return new Diagnosis(action, Optional.ofNullable(status), Optional.ofNullable(reply), diagnostic,
                Optional.ofNullable(command));
    }

    private String detail(Diagnosis d) {
        return rules.classify(d).detail();
    }

    /** What remote servers say, one family per reason, worded the way the MTAs and providers word it. */
    static Stream<Arguments> replies() {
        return Stream.of(
                // userunknown
                Arguments.of("userunknown", "550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in virtual mailbox table"),
                Arguments.of("userunknown", "550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in local recipient table"),
                Arguments.of("userunknown", "550-5.1.1 The email account that you tried to reach does not exist. Please try\n550-5.1.1 double-checking the recipient's email address for typos or\n550-5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser"),
                Arguments.of("userunknown", "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found"),
                Arguments.of("userunknown", "550 5.5.0 Requested action not taken: mailbox unavailable"),
                Arguments.of("userunknown", "Sorry, no mailbox here by that name. (#5.1.1)"),
                Arguments.of("userunknown", "550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [DB5EUR03FT012.eop-EUR03.prod.protection.outlook.com]"),
                // One answer refusing every recipient of the transaction is about the sender, not a mailbox.
                Arguments.of("rejected", "550 5.4.1 All recipient addresses rejected : Access denied [AM0EUR02FT001.eop-EUR02.prod.protection.outlook.com]"),
                Arguments.of("userunknown", "550 5.1.1 <nobody@example.org>... User unknown"),
                Arguments.of("userunknown", "The recipient name is not recognized"),
                Arguments.of("userunknown", "User john.doe (nobody@example.org) not listed in Domino Directory"),
                Arguments.of("userunknown", "550 5.1.1 Mailbox does not exist"),
                // Directory and recipient-list lookups stated as such: LDAP-backed servers, vpopmail, qmail's validrcptto.
                Arguments.of("userunknown", "Recipient someone was not found in LDAP"),
                Arguments.of("userunknown", "vdeliver: Invalid or unknown virtual user 'someone'"),
                Arguments.of("userunknown", "553 sorry, this recipient is not in my validrcptto list"),
                Arguments.of("userunknown", "No mailbox found"),
                // hostunknown
                Arguments.of("hostunknown", "Host or domain name not found. Name service error for name=example.invalid type=A: Host not found"),
                Arguments.of("hostunknown", "DNS Error: Address resolution of example.invalid. failed: Domain name not found"),
                Arguments.of("hostunknown", "Unrouteable address"),
                Arguments.of("hostunknown", "Sorry, I couldn't find any host named example.invalid. (#5.1.2)"),
                Arguments.of("hostunknown", "553 5.1.2 Unknown host"),
                // hasmoved
                Arguments.of("hasmoved", "550 5.1.6 recipient no longer on server: old@example.org"),
                Arguments.of("hasmoved", "551 User not local; please try <new@example.net>"),
                // notaccept
                Arguments.of("notaccept", "556 5.1.10 Recipient address has null MX"),
                Arguments.of("notaccept", "an MX or SRV record indicated no SMTP service"),
                Arguments.of("notaccept", "521 5.3.2 mail.example.org does not accept mail"),
                // mailboxfull
                Arguments.of("mailboxfull", "552 5.2.2 The email account that you tried to reach is over quota. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm"),
                Arguments.of("mailboxfull", "550 5.2.2 STOREDRV.Deliver: mailbox full. MapiExceptionShutoffQuotaExceeded"),
                Arguments.of("mailboxfull", "452 4.2.2 Mailbox full"),
                Arguments.of("mailboxfull", "user is over quota"),
                Arguments.of("mailboxfull", "552 Requested mail action aborted: exceeded storage allocation"),
                Arguments.of("mailboxfull", "The user's mailbox has exceeded its storage quota"),
                Arguments.of("mailboxfull", "Recipient's mailbox is full, message returned to sender. (#5.2.2)"),
                // systemfull
                Arguments.of("systemfull", "452 4.3.1 Insufficient system storage"),
                Arguments.of("systemfull", "452 4.4.5 Insufficient disk space; try again later"),
                // mesgtoobig / exceedlimit
                Arguments.of("mesgtoobig", "552 5.3.4 Message size exceeds fixed maximum message size"),
                Arguments.of("mesgtoobig", "552-5.2.3 Your message exceeded Google's message size limits."),
                Arguments.of("mesgtoobig", "552 5.3.4 Message too big for system"),
                Arguments.of("exceedlimit", "552 5.2.3 Message length exceeds administrative limit set by recipient"),
                // filtered
                Arguments.of("filtered", "550 Your message was rejected by the recipient's domain filter"),
                Arguments.of("filtered", "550 5.7.1 Message refused by recipient's rules"),
                // rejected
                Arguments.of("rejected", "553 5.1.8 <root@host.invalid>... Domain of sender address root@host.invalid does not exist"),
                Arguments.of("rejected", "450 4.1.8 <bounce@host.invalid>: Sender address rejected: Domain not found"),
                Arguments.of("rejected", "550 Verification failed for <bounce@example.org>: Sender verify failed"),
                Arguments.of("rejected", "553 5.7.1 Sender address rejected: not owned by user"),
                // blocked
                Arguments.of("blocked", "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org"),
                Arguments.of("blocked", "550 5.7.606 Access denied, banned sending IP [192.0.2.1]. To request removal from this list please visit https://sender.office.com/"),
                Arguments.of("blocked", "554 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.1"),
                Arguments.of("blocked", "550 Your IP 192.0.2.1 is listed at bl.spamcop.net"),
                Arguments.of("blocked", "450 4.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.1]".replace("cannot find your reverse hostname", "may not be mail exchanger")),
                Arguments.of("blocked", "550 5.7.1 Mail from dynamic IP addresses is not accepted, please use your ISP's mail server"),
                Arguments.of("blocked", "451 4.7.1 Greylisted, please try again in 300 seconds"),
                Arguments.of("blocked", "550 Blacklisted by our anti-spam system"),
                // spamdetected
                Arguments.of("spamdetected", "550 5.7.1 Message content rejected, UBE, id=12345-01"),
                Arguments.of("spamdetected", "550-5.7.1 Our system has detected that this message is likely unsolicited mail."),
                Arguments.of("spamdetected", "554 5.7.1 Message rejected as spam by Content Filtering."),
                Arguments.of("spamdetected", "550 REJECTED - Blacklisted URL in message (example.com)"),
                // virusdetected
                Arguments.of("virusdetected", "550 5.7.0 Virus found in message: Eicar-Test-Signature"),
                Arguments.of("virusdetected", "554 5.7.1 Content rejected: message contains malware"),
                // policyviolation
                Arguments.of("policyviolation", "554 5.7.9 Message not accepted for policy reasons. See https://postmaster.yahooinc.com/error-codes"),
                Arguments.of("policyviolation", "550 5.7.1 Message rejected due to content restrictions"),
                Arguments.of("policyviolation", "550 administrative prohibition"),
                // contenterror
                Arguments.of("contenterror", "550 5.6.9 improper use of 8-bit data in message header"),
                Arguments.of("contenterror", "552 5.6.0 Headers too large (32768 max)"),
                Arguments.of("contenterror", "554 5.6.1 Attachment not allowed: executable file types are blocked"),
                // securityerror
                Arguments.of("securityerror", "550 5.7.1 RESOLVER.RST.AuthRequired; authentication required"),
                Arguments.of("securityerror", "530 5.7.0 Must issue a STARTTLS command first"),
                // authfailure
                Arguments.of("authfailure", "550-5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users, and has been blocked. The sender must authenticate with at least one of SPF or DKIM."),
                Arguments.of("authfailure", "550 5.7.509 Access denied, sending domain [EXAMPLE.ORG] does not pass DMARC verification and has a DMARC policy of reject."),
                Arguments.of("authfailure", "550 5.7.23 SPF validation failed: 192.0.2.1 is not authorized to send for example.org"),
                // requireptr
                Arguments.of("requireptr", "550-5.7.25 [192.0.2.1] The IP address sending this message does not have a PTR record setup"),
                Arguments.of("requireptr", "450 4.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.1]"),
                // badreputation
                Arguments.of("badreputation", "451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation."),
                Arguments.of("badreputation", "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints"),
                // norelaying
                Arguments.of("norelaying", "554 5.7.1 <someone@example.net>: Relay access denied"),
                Arguments.of("norelaying", "550 5.7.1 Unable to relay for someone@example.net"),
                Arguments.of("norelaying", "550 relaying denied"),
                // expired
                Arguments.of("expired", "550 4.4.7 QUEUE.Expired; message expired"),
                Arguments.of("expired", "retry timeout exceeded"),
                Arguments.of("expired", "Envelope expired"),
                // suspend
                Arguments.of("suspend", "550 5.2.1 The email account that you tried to reach is disabled."),
                Arguments.of("suspend", "554 delivery error: dd Sorry your message to someone@yahoo.com cannot be delivered. This account has been disabled or discontinued [#102]."),
                Arguments.of("suspend", "550 Mailbox is frozen."),
                Arguments.of("suspend", "550 5.5.0 The recipient account is blocked."),
                Arguments.of("suspend", "The user(s) account is disabled."),
                // toomanyconn / speeding
                Arguments.of("toomanyconn", "421 4.7.0 Too many concurrent SMTP connections from this IP address; please try again later"),
                Arguments.of("toomanyconn", "550 Connection frequency limited. Blocked IP 192.0.2.1"),
                Arguments.of("speeding", "550-5.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered."),
                Arguments.of("speeding", "452 4.5.3 Too many recipients"),
                Arguments.of("speeding", "421 4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address"),
                // systemerror, mailererror
                Arguments.of("systemerror", "550 5.3.5 Internal System Error"),
                Arguments.of("systemerror", "451 4.3.0 Temporary local problem - please try later"),
                Arguments.of("systemerror", "554 Service currently unavailable"),
                Arguments.of("mailererror", "Child process of local_delivery transport returned 75 (could mean temporary error)"),
                Arguments.of("mailererror", "procmail: Error while writing to /var/mail/someone; command died with status 1"),
                // networkerror
                Arguments.of("networkerror", "Hop count exceeded - possible mail loop"),
                Arguments.of("networkerror", "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)"),
                Arguments.of("networkerror", "lost connection with mx.example.org[192.0.2.1] while receiving the initial server greeting"),
                // notcompliantrfc
                Arguments.of("notcompliantrfc", "550-5.7.1 This message is not RFC 5322 compliant. There are multiple Subject headers. To reduce the amount of spam sent to Gmail, this message has been blocked."),
                Arguments.of("notcompliantrfc", "550 5.7.1 Messages with multiple addresses in From: header are not accepted."),
                // syntaxerror
                Arguments.of("syntaxerror", "501 5.5.4 Syntax error in parameters or arguments"),
                Arguments.of("syntaxerror", "503 5.5.1 Improper sequence of commands"),
                Arguments.of("syntaxerror", "504 5.5.2 Command parameter not implemented"),
                // suppressed, failedstarttls
                Arguments.of("suppressed", "Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address."),
                Arguments.of("suppressed", "The address is on the account-level suppression list"),
                Arguments.of("failedstarttls", "Cannot start TLS: handshake failure"),
                Arguments.of("failedstarttls", "TLS is required, but was not offered by host mx.example.org[192.0.2.1]"),
                // more MTA and provider wording
                Arguments.of("userunknown", "The recipient name is not recognized"),
                Arguments.of("userunknown", "The e-mail address you entered couldn't be found. Please check the recipient's e-mail address and try to resend the message."),
                Arguments.of("hostunknown", "553-5.1.2 We weren't able to find the recipient domain. Please check for any spelling errors"),
                Arguments.of("hostunknown", "all relevant MX records point to non-existent hosts"),
                Arguments.of("blocked", "550-5.7.1 [192.0.2.1] The IP you're using to send mail is not authorized to send email directly to our servers. Please use the SMTP relay at your service provider instead."),
                Arguments.of("blocked", "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP."),
                Arguments.of("blocked", "504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname"),
                Arguments.of("blocked", "Connected to 192.0.2.1 but greeting failed."),
                Arguments.of("rejected", "Connected to 192.0.2.1 but sender was rejected. Remote host said: 553 sorry, your envelope sender is in my badmailfrom list"),
                Arguments.of("virusdetected", "552-5.7.0 This message was blocked because its content presents a potential security issue."),
                Arguments.of("mailboxfull", "Sorry, the user's maildir has overdrawn his diskspace quota, please try again later."),
                Arguments.of("networkerror", "Too many \"Received\" headers - suspected mail loop"),
                Arguments.of("networkerror", "This message is looping: it already has my Delivered-To line. (#5.4.6)"),
                Arguments.of("networkerror", "mail for example.org loops back to myself"),
                Arguments.of("syntaxerror", "554 5.5.2 <someone>: Recipient address rejected: need fully-qualified address"),
                Arguments.of("mailererror", "Command time limit exceeded: \"/usr/bin/procmail\""),
                Arguments.of("policyviolation", "550-5.7.1 The user or domain that you are sending to (or from) has a policy that prohibited the mail that you sent."),
                Arguments.of("speeding", "450-4.2.1 The user you are trying to contact is receiving mail too quickly."),
                Arguments.of("norelaying", "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)"),
                Arguments.of("filtered", "554 5.7.1 Your mail could not be delivered because the recipient is only accepting mail from specific email addresses."),
                Arguments.of("spamdetected", "554 5.7.1 <someone@example.org>: Recipient address rejected: Rejected by SPAM filter"),
                Arguments.of("suspend", "550 5.2.1 The email account that you tried to reach is inactive."),
                // other languages and carriers
                Arguments.of("userunknown", "550 5.1.1 Destinataire inconnu"),
                Arguments.of("userunknown", "550 宛先不明のため配信できませんでした"),
                Arguments.of("mailboxfull", "452 Postfach voll"),
                Arguments.of("filtered", "550 受信拒否設定により配信できませんでした"),
                Arguments.of("mesgtoobig", "552 5.3.4 Error: message file too big"),
                Arguments.of("systemerror", "451 4.3.0 Error: queue file write error"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("replies")
    void theRemoteServersWordsDecide(String expected, String diagnostic) {
        assertThat(detail(text(diagnostic))).isEqualTo(expected);
    }

    /** The short "user unknown" wording: believed at RCPT TO (RFC 5321's place for it), a filter otherwise. */
    static Stream<String> userUnknownWording() {
        return Stream.of(
                "554 delivery error: dd This user doesn't have a yahoo.com account (nobody@yahoo.com) [0] - mta1234.mail.bf1.yahoo.com",
                "550 No such user - psmtp",
                "550 <nobody@example.org>... User unknown",
                "550 Invalid recipient <nobody@example.org>",
                "550 Unknown user nobody@example.org",
                "550 Benutzer unbekannt",
                "550 : User unknown",
                "550 Mailbox not present",
                "550 sorry, your envelope recipient is in my badrcptto list",
                "550 There is no one at this address");
    }

    @ParameterizedTest
    @MethodSource("userUnknownWording")
    void userUnknownWordingNeedsAMailboxLookup(String diagnostic) {
        assertThat(detail(of("failed", null, "550", diagnostic, "RCPT"))).as("at RCPT TO").isEqualTo("userunknown");
        assertThat(detail(of("failed", "5.1.1", "550", diagnostic, null))).as("coded x.1.1").isEqualTo("userunknown");
        assertThat(rules.classify(of("failed", "5.1.1", "550", diagnostic, null)).type()).isEqualTo(BounceType.HARD);
        assertThat(detail(of("failed", null, "550", diagnostic, "DATA"))).as("after DATA").isEqualTo("filtered");
        assertThat(detail(of("failed", "5.0.0", "550", diagnostic, null))).as("no stage, no code").isEqualTo("filtered");
        assertThat(rules.classify(of("failed", "5.0.0", "550", diagnostic, null)).type()).isEqualTo(BounceType.SOFT);
        assertThat(detail(of("failed", "5.2.0", "550", diagnostic, null))).as("mailbox status").isEqualTo("filtered");
        assertThat(detail(of("failed", "5.7.1", "550", diagnostic, null))).as("policy status").isEqualTo("filtered");
        assertThat(detail(of("failed", null, "550", diagnostic, "MAIL"))).as("at MAIL FROM").isEqualTo("rejected");
    }

    @Test
    void aDirectoryLookupIsDecisiveWithoutAStage() {
        assertThat(detail(text("User john.doe (nobody@example.org) not listed in Domino Directory"))).isEqualTo("userunknown");
        assertThat(detail(text("The recipient name is not recognized MSEXCH:IMS Unknown Recipient"))).isEqualTo("userunknown");
        assertThat(detail(text("Message could not be delivered. Error: No valid recipients"))).isEqualTo("userunknown");
        assertThat(detail(text("550 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup")))
                .isEqualTo("userunknown");
        // ...but not under a policy code or after DATA, where the recipient had been accepted.
        assertThat(detail(of("failed", "5.7.1", "550", "550 5.7.1 Mailbox does not exist", null))).isEqualTo("filtered");
        assertThat(detail(of("failed", null, "550", "550 Mailbox does not exist", "DATA"))).isEqualTo("filtered");
    }

    @Test
    void theReportingMtasBadMailboxVerdictIsEvidence() {
        String yahoo = "554 delivery error: dd This user doesn't have a yahoo.com account (nobody@yahoo.com) [0]";
        Diagnosis judged = new Diagnosis("failed", Optional.of("5.0.0"), Optional.of("554"), yahoo, Optional.empty(),
                Optional.of("bad-mailbox"));
        assertThat(rules.classify(judged).detail()).isEqualTo("userunknown");
        assertThat(rules.classify(judged).type()).isEqualTo(BounceType.HARD);
        Diagnosis other = new Diagnosis("failed", Optional.of("5.0.0"), Optional.of("554"), yahoo, Optional.empty(),
                Optional.of("policy-related"));
        assertThat(rules.classify(other).detail()).isEqualTo("filtered");
    }

    @Test
    void cpanelRouterFailureIsAnUnknownHost() {
        assertThat(detail(text("The mail server could not deliver mail to nobody@example.org.  The account or domain may not exist, "
                + "they may be blacklisted, or missing the proper dns entries."))).isEqualTo("hostunknown");
    }

    @Test
    void everyReasonHasReplyFamiliesUnderTest() {
        List<String> covered = replies().map(a -> (String) a.get()[0]).distinct().toList();
        List<String> missing = new ArrayList<>();
        for (ReasonName name : ReasonName.values()) {
            if (!covered.contains(name.detail()) && !List.of("onhold", "undefined").contains(name.detail())) {
                missing.add(name.detail());
            }
        }
        assertThat(missing).isEmpty();
    }

    @Nested
    class Precedence {
        @Test
        void theTextBeatsACatchAllStatus() {
            // Servers use 5.1.1 / 550 for everything; the words are the more specific evidence.
            assertThat(detail(of("failed", "5.1.1", "550", "550 5.1.1 Mailbox full", "RCPT"))).isEqualTo("mailboxfull");
            assertThat(detail(of("failed", "5.2.2", "550", "550 5.2.2 <x@example.org>... User Unknown", "RCPT")))
                    .isEqualTo("userunknown");
        }

        @Test
        void theSenderBeatsTheDomain() {
            assertThat(detail(text("450 4.1.8 <b@x.invalid>: Sender address rejected: Domain not found"))).isEqualTo("rejected");
        }

        @Test
        void reputationBeatsRateLimitAndBlock() {
            assertThat(detail(text("421 rate limited due to poor IP reputation, blocked"))).isEqualTo("badreputation");
        }

        @Test
        void rateLimitBeatsTheBlockWordAndTheUserCode() {
            assertThat(detail(text("550 5.1.1 <x@example.com> - 192.0.2.1 has sent to too many recipients this hour. IB607")))
                    .isEqualTo("speeding");
        }

        @Test
        void authenticationBeatsTheSenderRejection() {
            assertThat(detail(text("550 5.7.1 Sender rejected: SPF fail for domain example.org"))).isEqualTo("authfailure");
        }

        @Test
        void virusBeatsSpamAndContent() {
            assertThat(detail(text("554 Virus Detected; Content Rejected as spam"))).isEqualTo("virusdetected");
        }

        @Test
        void blocklistedLinksAreSpamButBlocklistedHostsAreBlocked() {
            assertThat(detail(text("550 Blacklisted URL in message"))).isEqualTo("spamdetected");
            assertThat(detail(text("550 Client host 192.0.2.1 blacklisted"))).isEqualTo("blocked");
        }

        @Test
        void aRecipientWhoRefusesTheSenderIsAFilterNotADomainThatTakesNoMail() {
            assertThat(detail(text("550 5.7.1 This recipient does not accept mail from your address"))).isEqualTo("filtered");
            assertThat(detail(text("550 This domain does not accept mail"))).isEqualTo("notaccept");
        }

        @Test
        void aQueueSuspendedForTheHostIsNotASuspendedAccount() {
            assertThat(detail(of("delayed", "4.4.1", null,
                    "delivery temporarily suspended: connect to mx.example.org[192.0.2.1]:25: Connection refused", null)))
                    .isEqualTo("networkerror");
        }

        @Test
        void aStatusCodeQuotedAnywhereInTheReplyIsEvidence() {
            String late = "The message could not be delivered because the recipient's server answered with an error"
                    + " after a long exchange of greetings: 550 5.1.1 <someone@example.org>... User unknown";
            assertThat(detail(of("failed", null, null, late, null))).isEqualTo("userunknown");
            // The first code that names a subject wins over catch-alls around it.
            assertThat(detail(of("failed", "5.0.0", null, "554 5.0.0 Service unavailable; 552 5.2.2 Mailbox full", null)))
                    .isEqualTo("mailboxfull");
        }

        @Test
        void qmailsQueueLifetimeNoteQualifiesTheRealReason() {
            String tail = " I'm not going to try again; this message has been in the queue too long.";
            assertThat(detail(of("failed", "4.4.1", null, "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)" + tail, null)))
                    .isEqualTo("networkerror");
            assertThat(detail(of("failed", null, null, "Sorry, I couldn't find any host named example.invalid. (#5.1.2)" + tail, null)))
                    .isEqualTo("hostunknown");
            assertThat(detail(of("failed", null, null, "Nothing more is known." + tail, null))).isEqualTo("expired");
        }

        @Test
        void mailboxUnavailableIsAnUnknownUserOnlyWhenPermanent() {
            assertThat(detail(of("failed", null, "550", "550 Requested action not taken: mailbox unavailable", "RCPT")))
                    .isEqualTo("userunknown");
            assertThat(detail(of("delayed", "4.2.0", "450", "450 4.2.0 Requested mail action not taken: mailbox unavailable", "RCPT")))
                    .isEqualTo("onhold");
            assertThat(detail(of("delayed", null, "450", "450 Requested mail action not taken: mailbox unavailable", "RCPT")))
                    .isEqualTo("onhold");
        }

        @Test
        void aRefusedConnectionIsTheNetworkNotABlock() {
            assertThat(detail(of("delayed", "4.4.1", null, "Deferred: Connection refused by mx.example.org.", null)))
                    .isEqualTo("networkerror");
            assertThat(detail(text("554 Connection rejected: your IP is on our block list"))).isEqualTo("blocked");
        }

        @Test
        void headerNoiseAboutCertificatesIsNotASecurityError() {
            assertThat(detail(text("Duplicate message. (No client certificate requested)"))).isEqualTo("undefined");
        }

        @Test
        void addressesInTheTextAreNotEvidence() {
            assertThat(detail(of("failed", "5.2.1", "550", "550 5.2.1 <filtered@example.co.jp>... User Unknown", "RCPT")))
                    .isEqualTo("userunknown");
            assertThat(detail(text("550 <spam-virus@example.org>: Mailbox full"))).isEqualTo("mailboxfull");
        }

        @Test
        void unknownUserAfterDataIsAFilterUnlessCodedAsBadMailbox() {
            assertThat(detail(of("failed", "5.0.0", "550", "550 Unknown user", "DATA"))).isEqualTo("filtered");
            assertThat(detail(of("failed", "5.1.1", "550", "550 5.1.1 User unknown", "DATA"))).isEqualTo("userunknown");
            assertThat(detail(of("failed", "5.0.0", "550", "550 Unknown user", "RCPT"))).isEqualTo("userunknown");
        }

        @Test
        void aCatchAllStatusGivesWayToTheCodeInTheReply() {
            assertThat(detail(of("failed", "5.0.0", null, "550 5.1.6 gone", null))).isEqualTo("hasmoved");
        }

        @Test
        void sesUnknownAddressErrorIsALabelNotAReason() {
            assertThat(detail(of("failed", "5.0.0", "550", "5.1.0 - Unknown address error 550-'5.7.1 Access denied'", null)))
                    .isEqualTo("securityerror");
        }
    }

    @Nested
    class WithoutWords {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "5.1.1, userunknown", "5.1.2, hostunknown", "5.1.3, userunknown", "5.1.6, hasmoved",
                "5.1.7, rejected", "5.1.8, rejected", "5.1.10, notaccept", "5.2.1, suspend", "4.2.2, mailboxfull",
                "5.2.2, mailboxfull", "5.2.3, exceedlimit", "5.3.1, systemfull", "5.3.4, mesgtoobig",
                "5.3.5, systemerror", "4.4.1, networkerror", "4.4.2, networkerror", "5.4.4, hostunknown",
                "4.4.7, expired", "5.4.6, networkerror", "5.5.1, syntaxerror", "5.5.3, speeding",
                "5.6.0, contenterror", "5.6.3, contenterror", "5.7.0, securityerror", "5.7.13, suspend",
                "5.7.17, hasmoved", "5.7.20, authfailure", "5.7.23, authfailure", "5.7.25, requireptr",
                "5.7.26, authfailure", "5.7.27, rejected", "4.7.28, speeding", "5.7.606, blocked",
                "4.7.650, badreputation", "5.7.509, authfailure"})
        void theStatusCodeDecides(String status, String expected) {
            assertThat(detail(of("failed", status, null, "", null))).isEqualTo(expected);
        }

        @ParameterizedTest(name = "5.7.1 at {0} -> {1}")
        @CsvSource({"CONN, blocked", "EHLO, blocked", "MAIL, rejected", "RCPT, filtered", "DATA, filtered"})
        void deliveryNotAuthorisedDependsOnWhatWasRefused(String command, String expected) {
            assertThat(detail(of("failed", "5.7.1", "550", "", command))).isEqualTo(expected);
            assertThat(detail(of("failed", "5.7.1", "550", "", null))).isEqualTo("securityerror");
        }

        @ParameterizedTest(name = "{0} at {1} -> {2}")
        @CsvSource({
                "550, RCPT, userunknown", "550, MAIL, rejected", "550, DATA, filtered", "550, CONN, blocked",
                "553, MAIL, rejected", "553, RCPT, userunknown", "552, DATA, mesgtoobig", "552, RCPT, mailboxfull",
                "452, RCPT, systemfull", "451, DATA, systemerror", "421, CONN, blocked", "421, DATA, systemerror",
                "551, RCPT, hasmoved", "556, RCPT, notaccept", "501, MAIL, syntaxerror", "501, HELO, blocked",
                "554, CONN, blocked"})
        void thenTheReplyCodeWithItsCommand(String reply, String command, String expected) {
            assertThat(detail(of("failed", null, reply, "", command))).isEqualTo(expected);
        }

        @Test
        void thenTheCommandAlone() {
            assertThat(detail(of("failed", null, null, "", "CONNECT"))).isEqualTo("blocked");
            assertThat(detail(of("failed", null, null, "", "MAIL FROM"))).isEqualTo("rejected");
        }

        @Test
        void aReplyCodeQuotedInTheTextCounts() {
            assertThat(detail(of("failed", null, null, "551 please use the other address", "RCPT"))).isEqualTo("hasmoved");
            assertThat(detail(of("failed", null, null, "smtp; 551 please use the other address", "RCPT"))).isEqualTo("hasmoved");
        }

        @Test
        void anIpAddressIsNeitherAStatusNorAReplyCode() {
            assertThat(detail(of("failed", null, null, "host 192.5.4.4 said something odd", null))).isEqualTo("undefined");
            assertThat(detail(of("failed", null, null, "250.1.2.3 said something odd", "RCPT"))).isEqualTo("undefined");
        }

        @Test
        void somethingButNothingSpecificIsOnHoldAndNothingIsUndefined() {
            assertThat(detail(of("failed", "5.0.0", "550", "", null))).isEqualTo("onhold");
            assertThat(detail(of("failed", "4.0.0", "450", "450 4.0.0 Temporary failure", null))).isEqualTo("onhold");
            assertThat(detail(of("failed", null, null, "", null))).isEqualTo("undefined");
            assertThat(detail(of("failed", null, null, "Nyaan, something odd", null))).isEqualTo("undefined");
            assertThat(detail(of("expired", null, null, "", null))).isEqualTo("expired");
        }
    }

    @Nested
    class Delays {
        @Test
        void aTimeoutStillBeingRetriedIsANetworkError() {
            assertThat(detail(of("delayed", "4.4.1", null, "connect to mx.example.org[192.0.2.1]:25: Connection timed out", null)))
                    .isEqualTo("networkerror");
        }

        @Test
        void aTimeoutThatEndedTheDeliveryHasExpired() {
            assertThat(detail(of("failed", "4.4.1", null, "connect to mx.example.org[192.0.2.1]:25: Connection timed out", null)))
                    .isEqualTo("expired");
        }

        @Test
        void theReportingMtasExpiryVerdictWinsOverAPassingCondition() {
            // RFC 3463 x.4.7 "delivery time expired", whatever the last attempt met.
            assertThat(detail(of("failed", "4.4.7", null, "Deferred: Connection refused by mx.example.org.", null)))
                    .isEqualTo("expired");
            assertThat(detail(of("failed", null, null,
                    "SMTP error from remote mail server after RCPT TO: 451 Temporary local problem - please try later: retry timeout exceeded", null)))
                    .isEqualTo("expired");
            assertThat(detail(of("expired", null, null, "Connection reset by peer", null))).isEqualTo("expired");
        }

        @Test
        void aLastingCauseIsKeptOverTheExpiry() {
            assertThat(detail(of("failed", "4.2.2", "452", "452 4.2.2 Mailbox full; message expired after 5 days", "RCPT")))
                    .isEqualTo("mailboxfull");
        }

        @Test
        void aTemporaryAnswerInAFinalFailureIsKeptAsWhatItSays() {
            assertThat(detail(of("failed", "4.3.0", "451", "451 4.3.0 Internal server error. Please try again later.", null)))
                    .isEqualTo("systemerror");
            assertThat(detail(of("failed", null, "550", "550 Connection timed out", null))).isEqualTo("networkerror");
            assertThat(detail(of("failed", null, null, "Connection timed out", null))).isEqualTo("expired");
        }

        @Test
        void aLoopIsNotATimeout() {
            assertThat(detail(of("failed", "5.4.6", "554", "554 5.4.6 Hop count exceeded - possible mail loop", null)))
                    .isEqualTo("networkerror");
        }

        @Test
        void aDelayedMailboxFullIsStillMailboxFull() {
            Reason r = rules.classify(of("delayed", "4.2.2", "452", "452 4.2.2 Mailbox full", "RCPT"));
            assertThat(r.detail()).isEqualTo("mailboxfull");
            assertThat(r.type()).isEqualTo(BounceType.SOFT);
        }

        @Test
        void aDelayWithoutAnAnswerIsTheTimeInTheQueue() {
            assertThat(detail(of("delayed", null, null, "", null))).isEqualTo("expired");
            assertThat(detail(of("delayed", "4.0.0", null, "Message will be retried for 2 more day(s)", null))).isEqualTo("expired");
            // An answer is kept as what it says, even when it says little.
            assertThat(detail(of("delayed", "4.0.0", "450", "450 4.0.0 Temporary failure", null))).isEqualTo("onhold");
            assertThat(detail(of("delayed", "4.4.1", null, "connect to mx.example.org[192.0.2.1]:25: Connection refused", null)))
                    .isEqualTo("networkerror");
        }
    }

    @Nested
    class TheReasonItself {
        @Test
        void carriesTheDesignVocabularyAndType() {
            Reason r = rules.classify(text("550 5.1.1 User unknown"));
            assertThat(r).isEqualTo(new Reason("userunknown", BounceReason.USER_UNKNOWN, BounceType.HARD));
            Reason full = rules.classify(text("552 5.2.2 Mailbox full"));
            assertThat(full).isEqualTo(new Reason("mailboxfull", BounceReason.MAILBOX_FULL, BounceType.SOFT));
            assertThat(rules.classify(text("421 Too many connections")).bounceReason()).isEqualTo(BounceReason.RATE_LIMITED);
        }
    }

    @Nested
    class HostileInput {
        static Stream<Diagnosis> odd() {
            String huge = "x".repeat(2_000_000);
            return Stream.of(
                    of("failed", null, null, huge, null),
                    of("failed", null, null, "<".repeat(100_000) + "@".repeat(100_000), null),
                    of("failed", null, null, "a@".repeat(200_000), null),
                    of("failed", null, null, "550-".repeat(100_000), null),
                    of("failed", null, null, " \t\r\n\u0000\u0007\uFFFD\uD83D\uDE00 ", null),
                    of("failed", null, null, "\uD800 lone surrogate", null),
                    of("", "9.9.9", "999", "???", "XYZZY"),
                    of("failed", "5.99999999999.1", "55555555555", "5.99999999999999999999.1", null),
                    of("failed", "", "", "", ""),
                    of("failed", "status", "reply", "(((((((((((((((((((", "RCPT"),
                    new Diagnosis(null, null, null, null, null));
        }

        @ParameterizedTest
        @MethodSource("odd")
        void neverThrows(Diagnosis d) {
            assertThatCode(() -> assertThat(rules.classify(d)).isNotNull()).doesNotThrowAnyException();
        }

        /**
         * What keeps hostile text cheap: the cut comes first, at {@link DiagnosticText#MAX_CHARS} characters of the
         * text as received. Heads of whitespace and of addresses, which flattening and address removal shrink, show
         * that it is not made after either.
         */
        @ParameterizedTest
        @ValueSource(strings = {"x", " ", "\r\n\t", "ab@cd "})
        void onlyTheHeadOfAHugeTextIsRead(String filler) {
            String head = filler.repeat(DiagnosticText.MAX_CHARS / filler.length() + 1).substring(0, DiagnosticText.MAX_CHARS);
            assertThat(detail(text(head + " user unknown"))).isEqualTo("undefined");
        }
    }

    @Test
    void isThreadSafe() {
        List<Diagnosis> inputs = replies().map(a -> text((String) a.get()[1])).toList();
        List<String> serial = inputs.stream().map(this::detail).toList();
        IntStream.range(0, 20).parallel().forEach(round -> {
            List<String> parallel = inputs.parallelStream().map(this::detail).toList();
            assertThat(parallel).isEqualTo(serial);
        });
    }
}
