package dev.postcard.bounces;

import static dev.postcard.bounces.Mails.crlf;
import static dev.postcard.bounces.Mails.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One hand-written bounce per MTA family, worded the way that MTA words its non-DSN bounces (its documentation and
 * source templates), each checked for recipient, codes and diagnostic.
 */
class MtaFormatsTest {
    private final Mails.RecordingReasons reasons = new Mails.RecordingReasons();
    private final BounceClassifier classifier = Bounces.classifier(reasons);

    private Classification bounce(String from, String subject, String body) {
        String mail = "From: " + from + "\nTo: sender@example.com\nSubject: " + subject
                + "\nMIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\n" + body;
        Classification c = classifier.classify(crlf(mail));
        assertThat(c.kind()).as("kind").isEqualTo(MessageKind.BOUNCE);
        return c;
    }

    private static final String ORIGINAL = """
            Return-Path: <sender@example.com>
            Received: from client.example.com (client.example.com [192.0.2.200])
                by mail.example.com with ESMTP; Mon, 1 Jan 2024 10:00:00 +0900
            Message-ID: <orig-1@example.com>
            From: sender@example.com
            To: nobody@example.org
            Subject: Report

            Hello
            """;

    @Test
    void qmail() {
        Classification c = bounce("MAILER-DAEMON@mail.example.net", "failure notice", """
                Hi. This is the qmail-send program at mail.example.net.
                I'm afraid I wasn't able to deliver your message to the following addresses.
                This is a permanent error; I've given up. Sorry it didn't work out.

                <nobody@example.org>:
                192.0.2.10 does not like recipient.
                Remote host said: 550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown
                Giving up on 192.0.2.10.

                <local@mail.example.net>:
                Sorry, no mailbox here by that name. (#5.1.1)

                --- Below this line is a copy of the message.

                """ + ORIGINAL);

        assertThat(c.recipients()).extracting(RecipientReport::address)
                .containsExactly("nobody@example.org", "local@mail.example.net");
        RecipientReport first = c.recipients().get(0);
        assertThat(first.statusCode()).contains("5.1.1");
        assertThat(first.replyCode()).contains("550");
        assertThat(first.diagnostic()).startsWith("192.0.2.10 does not like recipient. Remote host said: 550");
        RecipientReport second = c.recipients().get(1);
        assertThat(second.statusCode()).contains("5.1.1");
        assertThat(second.replyCode()).isEmpty();
        assertThat(c.originalMessageId()).contains("orig-1@example.com");
        assertThat(c.reportingMta()).contains("mail.example.net");
    }

    @Test
    void postfixPlainText() {
        Classification c = bounce("MAILER-DAEMON@mx.example.com (Mail Delivery System)",
                "Undelivered Mail Returned to Sender", """
                This is the mail system at host mx.example.com.

                I'm sorry to have to inform you that your message could not
                be delivered to one or more recipients. It's attached below.

                For further assistance, please send mail to postmaster.

                                   The mail system

                <full@example.org>: host mx.example.org[192.0.2.7] said: 552 5.2.2 Mailbox
                    full (in reply to RCPT TO command)
                """);

        RecipientReport r = only(c);
        assertThat(r.address()).isEqualTo("full@example.org");
        assertThat(r.statusCode()).contains("5.2.2");
        assertThat(r.replyCode()).contains("552");
        assertThat(r.diagnostic())
                .isEqualTo("host mx.example.org[192.0.2.7] said: 552 5.2.2 Mailbox full (in reply to RCPT TO command)");
        assertThat(reasons.seen.get(0).command()).contains("RCPT");
    }

    @Test
    void exim() {
        Classification c = bounce("Mail Delivery System <Mailer-Daemon@relay.example.net>",
                "Mail delivery failed: returning message to sender", """
                This message was created automatically by mail delivery software.

                A message that you sent could not be delivered to one or more of its
                recipients. This is a permanent error. The following address(es) failed:

                  someone@example.org
                    host mx.example.org [192.0.2.9]
                    SMTP error from remote mail server after RCPT TO:<someone@example.org>:
                    550 5.1.1 <someone@example.org>: Recipient address rejected: User unknown

                ------ This is a copy of the message, including all the headers. ------

                """ + ORIGINAL);

        RecipientReport r = only(c);
        assertThat(r.address()).isEqualTo("someone@example.org");
        assertThat(r.statusCode()).contains("5.1.1");
        assertThat(r.replyCode()).contains("550");
        assertThat(reasons.seen.get(0).command()).contains("RCPT");
        assertThat(c.originalMessageId()).contains("orig-1@example.com");
    }

    @Test
    void eximDelayWarning() {
        Classification c = bounce("Mail Delivery System <Mailer-Daemon@relay.example.net>",
                "Warning: message 1abcDE-000Fgh-7I delayed 24 hours", """
                This message was created automatically by mail delivery software.
                A message that you sent has not yet been delivered to one or more of its
                recipients after more than 24 hours on the queue on relay.example.net.

                The message identifier is:     1abcDE-000Fgh-7I

                The address to which the message has not yet been delivered is:

                  slow@example.org
                    host mx.example.org [192.0.2.9]: Connection timed out

                No action is required on your part. Delivery attempts will continue for
                some time, and this warning may be repeated at intervals if the message
                remains undelivered.
                """);

        RecipientReport r = only(c);
        assertThat(r.action()).isEqualTo("delayed");
        assertThat(r.statusCode()).contains("4.0.0");
        assertThat(reasons.seen.get(0).command()).contains("CONN");
    }

    @Test
    void sendmail() {
        Classification c = bounce("Mail Delivery Subsystem <MAILER-DAEMON@mail.example.com>",
                "Returned mail: see transcript for details", """
                The original message was received at Mon, 1 Jan 2024 10:00:00 +0900
                from localhost [127.0.0.1]

                   ----- The following addresses had permanent fatal errors -----
                <nobody@example.org>
                    (reason: 550 5.1.1 <nobody@example.org>... User unknown)

                   ----- Transcript of session follows -----
                ... while talking to mx.example.org.:
                >>> DATA
                <<< 550 5.1.1 <nobody@example.org>... User unknown
                550 5.1.1 <nobody@example.org>... User unknown
                <<< 503 5.0.0 Need RCPT (recipient)

                   ----- Original message follows -----
                """ + ORIGINAL);

        RecipientReport r = only(c);
        assertThat(r.address()).isEqualTo("nobody@example.org");
        assertThat(r.statusCode()).contains("5.1.1");
        assertThat(r.replyCode()).contains("550");
    }

    @Test
    void exchangeOnlineText() {
        Classification c = bounce("Microsoft Outlook <postmaster@example.onmicrosoft.com>", "Undeliverable: Report", """
                Delivery has failed to these recipients or groups:

                missing@example.org
                The email address you entered couldn't be found. Please check the recipient's email address and try to resend the message. If the problem continues, please contact your helpdesk.

                Diagnostic information for administrators:

                Generating server: EXCH01.example.local

                missing@example.org
                Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'

                Original message headers:

                """ + ORIGINAL);

        RecipientReport r = only(c);
        assertThat(r.address()).isEqualTo("missing@example.org");
        assertThat(r.statusCode()).contains("5.1.1");
        assertThat(r.replyCode()).contains("550");
        assertThat(r.diagnostic()).contains("RESOLVER.ADR.RecipNotFound");
    }

    @Test
    void exchange2003() {
        Classification c = bounce("System Administrator <postmaster@example.com>", "Undeliverable: Report", """
                Your message

                  To:      someone@example.org
                  Subject: Report
                  Sent:    Mon, 1 Jan 2024 10:00:00 +0900

                did not reach the following recipient(s):

                someone@example.org on Mon, 1 Jan 2024 10:00:05 +0900
                    The e-mail account does not exist at the organization this message was sent to.
                    <mx.example.org #5.1.1>
                """);

        RecipientReport r = only(c);
        assertThat(r.address()).isEqualTo("someone@example.org");
        assertThat(r.statusCode()).contains("5.1.1");
        assertThat(r.diagnostic()).contains("does not exist");
    }

    @Test
    void gmailLegacy() {
        Classification c = bounce("Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
                "Delivery Status Notification (Failure)", """
                Delivery to the following recipient failed permanently:

                     nobody@example.org

                Technical details of permanent failure:
                Google tried to deliver your message, but it was rejected by the server for the recipient domain example.org by mx.example.org. [192.0.2.3].

                The error that the other server returned was:
                550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in local recipient table

                ----- Original message -----

                """ + ORIGINAL);

        RecipientReport r = only(c);
        assertThat(r.address()).isEqualTo("nobody@example.org");
        assertThat(r.statusCode()).contains("5.1.1");
        assertThat(r.replyCode()).contains("550");
        assertThat(r.diagnostic()).contains("User unknown in local recipient table");
    }

    @Test
    void courier() {
        Classification c = bounce("Courier mail server at mail.example.com <@>", "DELIVERY FAILURE", """
                This is a delivery status notification from mail.example.com,
                running the Courier mail server, version 1.1.

                The original message was received on Mon, 1 Jan 2024 10:00:00 +0900
                from localhost [127.0.0.1]

                ---------------------------------------------------------------------------

                                           UNDELIVERABLE MAIL

                Your message to the following recipients cannot be delivered:

                <nobody@example.org>:
                    mx.example.org [192.0.2.4]:
                >>> RCPT TO:<nobody@example.org>
                <<< 550 5.1.1 <nobody@example.org>... User Unknown
                """);

        RecipientReport r = only(c);
        assertThat(r.address()).isEqualTo("nobody@example.org");
        assertThat(r.statusCode()).contains("5.1.1");
        assertThat(r.replyCode()).contains("550");
    }

    @Test
    void openSmtpd() {
        Classification c = bounce("Mailer Daemon <MAILER-DAEMON@mail.example.com>",
                "Delivery status notification: error", """
                Hi!

                This is the MAILER-DAEMON, please DO NOT REPLY to this email.

                An error has occurred while attempting to deliver a message for
                the following list of recipients:

                nobody@example.org: 550 5.7.1 <nobody@example.org>: Relay access denied

                Below is a copy of the original message:

                """ + ORIGINAL);

        RecipientReport r = only(c);
        assertThat(r.statusCode()).contains("5.7.1");
        assertThat(r.replyCode()).contains("550");
        assertThat(r.diagnostic()).endsWith("Relay access denied");
    }

    @Test
    void yahooLegacy() {
        Classification c = bounce("MAILER-DAEMON@yahoo.example.com", "Failure Notice", """
                Sorry, we were unable to deliver your message to the following address.

                <nobody@example.org>:
                Remote host said: 552 1 Requested mail action aborted, mailbox not found [RCPT_TO]

                --- Below this line is a copy of the message.

                """ + ORIGINAL);

        RecipientReport r = only(c);
        assertThat(r.replyCode()).contains("552");
        assertThat(r.statusCode()).contains("5.0.0"); // no RFC 3463 code given: class from the reply code
        assertThat(reasons.seen.get(0).statusCode()).isEmpty();
    }

    @Test
    void dominoNamesTheRecipientThenTheReason() {
        Classification c = bounce("Postmaster@example.com", "DELIVERY FAILURE: User someone not listed", """
                Your message

                  Subject: Report

                was not delivered to:

                  someone@example.org

                because:

                  User someone (someone@example.org) not listed in Domino Directory
                """);

        RecipientReport r = only(c);
        assertThat(r.address()).isEqualTo("someone@example.org");
        assertThat(r.diagnostic()).contains("not listed in Domino Directory");
    }

    @Test
    void japaneseMobileCarrier() {
        Classification c = bounce("no-reply@ezweb.example.ne.jp", "Mail Error Notification", """
                Your mail sent on: Mon, 1 Jan 2024 10:00:00 +0900
                     Could not be delivered to: <someone@ezweb.example.ne.jp>
                     As their mailbox is full.
                """);

        RecipientReport r = only(c);
        assertThat(r.address()).isEqualTo("someone@ezweb.example.ne.jp");
        assertThat(r.statusCode()).contains("5.0.0");
    }

    @Test
    void eximFailedRecipientsHeaderWhenTheTextIsUnreadable() {
        String mail = """
                From: Mail Delivery System <Mailer-Daemon@relay.example.net>
                To: sender@example.com
                Subject: Mail delivery failed: returning message to sender
                X-Failed-Recipients: lost@example.org
                Content-Type: text/plain

                This message was created automatically by mail delivery software.

                (the rest of this report was mangled by a relay)
                """;
        Classification c = classifier.classify(crlf(mail));

        assertThat(c.kind()).isEqualTo(MessageKind.BOUNCE);
        assertThat(only(c).address()).isEqualTo("lost@example.org");
    }

    @Test
    void bounceThatNamesNoOneStillBounces() {
        Classification c = bounce("MAILER-DAEMON@mail.example.com", "Undeliverable mail", """
                Your message could not be delivered.
                """);
        assertThat(c.recipients()).isEmpty();
        assertThat(c.complaint()).isEqualTo(Optional.empty());
    }
}
