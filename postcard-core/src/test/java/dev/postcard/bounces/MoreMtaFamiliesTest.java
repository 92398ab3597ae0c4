package dev.postcard.bounces;

import static dev.postcard.bounces.Mails.crlf;
import static dev.postcard.bounces.Mails.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.event.BounceType;
import org.junit.jupiter.api.Test;

/**
 * The families of docs/bounces.md's coverage table that have no fixture elsewhere: one hand-written bounce each,
 * worded the way that gateway, filter or service words its notices, read end to end with Postcard's reason rules
 * (recipient, codes, reason and hard or soft).
 */
class MoreMtaFamiliesTest {
    private final BounceClassifier classifier = Bounces.classifier();

    private static final String ORIGINAL = """
            Message-ID: <orig-7@example.com>
            From: sender@example.com
            To: someone@example.org
            Subject: Report

            Hello
            """;

    private Classification plain(String from, String subject, String headers, String body) {
        String mail = "From: " + from + "\nTo: sender@example.com\nSubject: " + subject + "\n" + headers
                + "MIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\n" + body;
        Classification c = classifier.classify(crlf(mail));
        assertThat(c.kind()).as("kind").isEqualTo(MessageKind.BOUNCE);
        return c;
    }

    private Classification report(String from, String subject, String text, String status) {
        String mail = "From: " + from + "\nTo: sender@example.com\nSubject: " + subject + "\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\n\n"
                + "--b1\nContent-Type: text/plain; charset=us-ascii\n\n" + text + "\n"
                + "--b1\nContent-Type: message/delivery-status\n\n" + status + "\n"
                + "--b1\nContent-Type: message/rfc822\n\n" + ORIGINAL + "\n--b1--\n";
        Classification c = classifier.classify(crlf(mail));
        assertThat(c.kind()).as("kind").isEqualTo(MessageKind.BOUNCE);
        return c;
    }

    private static void reason(RecipientReport r, String detail, BounceType type) {
        assertThat(r.reason()).hasValueSatisfying(reason -> {
            assertThat(reason.detail()).isEqualTo(detail);
            assertThat(reason.type()).isEqualTo(type);
        });
    }

    /** Trend Micro InterScan Messaging Security Suite quotes the dialogue with "Sent <<<" and "Received >>>". */
    @Test
    void interScanMessagingSecuritySuite() {
        Classification c = plain("<postmaster@gw.example.com>", "Mail could not be delivered", "", """
                This message is created automatically by mail delivery software.

                A message that you sent could not be delivered to one or more of its recipients.

                Sent <<< RCPT TO:<someone@example.org>
                Received >>> 550 5.1.1 <someone@example.org>... User unknown

                Unable to deliver message to <someone@example.org>.
                """);

        RecipientReport r = only(c);
        assertThat(r.address()).isEqualTo("someone@example.org");
        assertThat(r.statusCode()).contains("5.1.1");
        reason(r, "userunknown", BounceType.HARD);
    }

    /** Trustwave MailMarshal: the reason first, then the affected recipients indented. */
    @Test
    void mailMarshal() {
        Classification c = plain("<postmaster@gw.example.com>", "Undeliverable Mail: \"Report\"", "", """
                Your message:
                   From:    sender@example.com
                   Subject: Report

                Could not be delivered because of

                552 5.2.2 Mailbox full

                The following recipients were affected:
                    someone@example.org

                Additional Information
                ======================
                Original Sender:    <sender@example.com>
                Sender-MTA:         <192.0.2.1>
                Remote-MTA:         <192.0.2.2>
                Reporting-MTA:      <gw.example.com>
                """);

        RecipientReport r = only(c);
        assertThat(r.address()).isEqualTo("someone@example.org");
        assertThat(r.statusCode()).contains("5.2.2");
        reason(r, "mailboxfull", BounceType.SOFT);
    }

    /** TransWARE Active!hunter: Sendmail-like sections with its own headings. */
    @Test
    void activeHunter() {
        Classification c = plain("MAILER-DAEMON@gw.example.jp", "FAILURE NOTICE :", "", """
                  ----- The following addresses had permanent fatal errors -----

                <someone@example.org>

                  ----- Transcript of session follows -----
                550 sorry, no mailbox here by that name (#5.1.1 - chkusr)
                """);

        RecipientReport r = only(c);
        assertThat(r.address()).isEqualTo("someone@example.org");
        assertThat(r.statusCode()).contains("5.1.1");
        reason(r, "userunknown", BounceType.HARD);
    }

    /** amavisd-new reports a blocked message as a DSN; its diagnostic names the verdict (spam, banned, infected). */
    @Test
    void amavis() {
        Classification c = report("MAILER-DAEMON@mx.example.org", "Undeliverable mail, MTA-BLOCKED", """
                This nondelivery report was generated by the program amavisd-new at host mx.example.org.

                Your message WAS NOT relayed to:
                  <someone@example.org>:
                    554 5.7.0 Reject, id=12345-01 - INFECTED: Eicar-Test-Signature
                """, """
                Reporting-MTA: dns; mx.example.org

                Final-Recipient: rfc822; someone@example.org
                Action: failed
                Status: 5.7.0
                Diagnostic-Code: smtp; 554-5.7.0 Reject, id=12345-01 - INFECTED: Eicar-Test-Signature
                """);

        RecipientReport r = only(c);
        assertThat(r.address()).isEqualTo("someone@example.org");
        reason(r, "virusdetected", BounceType.SOFT);
    }

    /**
     * Microsoft 365 puts "RecipientNotFound" under 5.1.10, the code RFC 7505 gave to a null MX: the words, which
     * name the directory lookup, decide.
     */
    @Test
    void microsoft365() {
        Classification c = report("Microsoft Outlook <MAILER-DAEMON@eur.prod.outlook.example>", "Undeliverable: Report",
                """
                Your message to someone@example.org couldn't be delivered.
                someone wasn't found at example.org.
                """, """
                Reporting-MTA: dns;AM0PR01MB0000.eurprd01.prod.outlook.example

                Final-Recipient: rfc822;someone@example.org
                Action: failed
                Status: 5.1.10
                Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup
                """);

        RecipientReport r = only(c);
        assertThat(r.address()).isEqualTo("someone@example.org");
        reason(r, "userunknown", BounceType.HARD);
    }

    /**
     * A group that refuses a post (Google Groups' notice, and lists that accept members only) refuses the sender:
     * the group's address works, so the bounce is soft and {@code rejected}.
     */
    @Test
    void groupRefusingAPost() {
        Classification c = plain("Mail Delivery Subsystem <mailer-daemon@groups.example.com>",
                "Delivery Status Notification (Failure)",
                "Auto-Submitted: auto-replied\nX-Failed-Recipients: team@groups.example.com\n", """
                Hello sender@example.com,

                We're writing to let you know that the group you tried to contact (team) may not exist, or you may
                not have permission to post messages to the group. A few more details on why you weren't able to post:

                 * You might have spelled or formatted the group name incorrectly.
                 * The owner of the group may have removed this group.
                 * You may need to join the group before receiving permission to post.
                """);

        RecipientReport r = only(c);
        assertThat(r.address()).isEqualTo("team@groups.example.com");
        reason(r, "rejected", BounceType.SOFT);
    }

    /** fml, the mailing-list manager, refuses a post it has seen before and says so to the list's owner. */
    @Test
    void fmlLoopAlert() {
        Classification c = plain("team-admin@lists.example.jp", "Loop Alert: Duplicated Message-ID (team ML)",
                "X-MLServer: fml [fml 4.0.3 release (20011202/4.0.3)]\nX-ML-Name: team\n", """
                Duplicated Message-ID in <team@lists.example.jp>.


                Original mail as follows:

                   From: <sender@example.com>
                   To: <team@lists.example.jp>
                   Message-ID: <orig-7@example.com>
                """);

        RecipientReport r = only(c);
        assertThat(r.address()).isEqualTo("team@lists.example.jp");
        assertThat(r.diagnostic()).contains("Duplicated Message-ID");
    }

    /** Mailman rejects a non-member's post from the list's owner address, as administrative mail. */
    @Test
    void mailmanRejection() {
        Classification c = plain("team-owner@lists.example.org", "Your message to Team was rejected",
                "X-Mailman-Version: 2.1.39\nX-List-Administrivia: yes\n", """
                You are not allowed to post to this mailing list, and your message has been
                automatically rejected.  If you think that your messages are being rejected in
                error, contact the mailing list owner at team-owner@lists.example.org.
                """);

        RecipientReport r = only(c);
        assertThat(r.address()).isEqualTo("team@lists.example.org");
        reason(r, "rejected", BounceType.SOFT);
    }

    /** The same list manager's welcome message refuses nothing: not a bounce. */
    @Test
    void mailmanWelcomeIsNotABounce() {
        String mail = """
                From: team-request@lists.example.org
                To: sender@example.com
                Subject: Welcome to the "Team" mailing list
                X-Mailman-Version: 2.1.39
                X-List-Administrivia: yes
                Content-Type: text/plain

                Welcome to the Team@lists.example.org mailing list!
                """;
        assertThat(classifier.classify(crlf(mail)).kind()).isNotEqualTo(MessageKind.BOUNCE);
    }

    /** T-Online's mail servers list the failed addresses between ruled lines, in English and German. */
    @Test
    void deutscheTelekom() {
        Classification c = plain("Mail Delivery System <MAILER-DAEMON@mailout.example.de>",
                "Mail delivery failed: returning message to sender", "", """
                |------------------------- Failed addresses follow: ---------------------|
                 <someone@example.org> ... unknown user / Empfaenger unbekannt
                |------------------------- Message text follows: ------------------------|
                """ + ORIGINAL);

        RecipientReport r = only(c);
        assertThat(r.address()).isEqualTo("someone@example.org");
        assertThat(r.diagnostic()).containsIgnoringCase("unknown user");
    }
}
