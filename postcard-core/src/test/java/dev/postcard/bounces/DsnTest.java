package dev.postcard.bounces;

import static dev.postcard.bounces.Mails.crlf;
import static dev.postcard.bounces.Mails.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.event.BounceType;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 3464 delivery status notifications (and RFC 6533 global ones). */
class DsnTest {
    private final Mails.RecordingReasons reasons = new Mails.RecordingReasons();
    private final BounceClassifier classifier = Bounces.classifier(reasons);

    /** Shaped after the examples of RFC 3464 appendix: two recipients, one failed, one delayed. */
    static final String TWO_RECIPIENTS = """
            Date: Thu, 7 Jul 1994 17:16:05 -0400
            From: Mail Delivery Subsystem <MAILER-DAEMON@CS.UTK.EDU>
            Message-Id: <199407072116.RAA14128@CS.UTK.EDU>
            Subject: Returned mail: Cannot send message for 5 days
            To: <owner-info-mime@cs.utk.edu>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status;
                boundary="RAA14128.773615765/CS.UTK.EDU"

            --RAA14128.773615765/CS.UTK.EDU

            The original message was received at Sat, 2 Jul 1994 17:10:28 -0400
            from root@localhost

               ----- The following addresses had delivery problems -----
            <louisl@larry.slip.umd.edu>  (unrecoverable error)
            <Kevin@Example.ORG>  (transient failure)

            --RAA14128.773615765/CS.UTK.EDU
            content-type: message/delivery-status

            Reporting-MTA: dns; cs.utk.edu
            Arrival-Date: Sat, 2 Jul 1994 17:10:28 -0400

            Original-Recipient: rfc822;louisl@larry.slip.umd.edu
            Final-Recipient: rfc822;louisl@larry.slip.umd.edu
            Action: failed
            Status: 5.0.0
            Diagnostic-Code: smtp; 550 5.1.1 <louisl@larry.slip.umd.edu>... User
             unknown in local recipient table
            Last-Attempt-Date: Thu, 7 Jul 1994 17:15:49 -0400

            Final-Recipient: RFC822; <Kevin@Example.ORG>
            Action: delayed
            Status: 4.0.0
            Diagnostic-Code: smtp; 421 connection timed out while connecting

            --RAA14128.773615765/CS.UTK.EDU
            content-type: message/rfc822

            Date: Sat, 2 Jul 1994 17:10:28 -0400
            From: owner-info-mime@cs.utk.edu
            Message-Id: <original-42@cs.utk.edu>
            X-Postcard-Email-Id: msg_01HZY3K5V7Q8R9S0T1W2X3Y4Z5
            To: louisl@larry.slip.umd.edu, Kevin@Example.ORG
            Subject: Hello

            Hello.
            --RAA14128.773615765/CS.UTK.EDU--
            """;

    @Test
    void powerMtaBounceCategoryReachesTheReasonRules() {
        String mail = """
                From: postmaster@mta.example.net
                To: bounces@example.com
                Subject: Delivery report
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="pmta"

                --pmta
                Content-Type: text/plain

                The message could not be delivered.

                --pmta
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mta.example.net
                X-PowerMTA-VirtualMTA: pool-1

                Final-Recipient: rfc822;nobody@example.org
                Action: failed
                Status: 5.0.0 (undefined status)
                Remote-MTA: dns;mx.example.org (192.0.2.10)
                Diagnostic-Code: smtp;554 delivery error: dd This user doesn't have an example.org account
                X-PowerMTA-BounceCategory: bad-mailbox

                --pmta--
                """;
        classifier.classify(crlf(mail));
        assertThat(reasons.seen).singleElement().satisfies(d -> assertThat(d.mtaCategory()).contains("bad-mailbox"));
        RecipientReport r = only(Bounces.classifier().classify(crlf(mail)));
        assertThat(r.reason()).hasValueSatisfying(x -> assertThat(x.type()).isEqualTo(BounceType.HARD));
    }

    @Test
    void readsEveryRecipientBlock() {
        Classification c = classifier.classify(crlf(TWO_RECIPIENTS));

        assertThat(c.kind()).isEqualTo(MessageKind.BOUNCE);
        assertThat(c.reportingMta()).contains("cs.utk.edu");
        assertThat(c.originalMessageId()).contains("original-42@cs.utk.edu");
        assertThat(c.postcardEmailId()).contains("msg_01HZY3K5V7Q8R9S0T1W2X3Y4Z5");
        RecipientReport failed = Mails.recipient(c, "louisl@larry.slip.umd.edu").orElseThrow();
        assertThat(failed.action()).isEqualTo("failed");
        // Status 5.0.0 is generic; the diagnostic's 5.1.1 is the receiving server's own, more specific code.
        assertThat(failed.statusCode()).contains("5.1.1");
        assertThat(failed.replyCode()).contains("550");
        assertThat(failed.diagnostic()).isEqualTo(
                "550 5.1.1 <louisl@larry.slip.umd.edu>... User unknown in local recipient table");
        assertThat(failed.reason()).map(Reason::detail).contains("recorded");
        RecipientReport delayed = Mails.recipient(c, "kevin@example.org").orElseThrow();
        assertThat(delayed.action()).isEqualTo("delayed");
        assertThat(delayed.statusCode()).contains("4.0.0");
        assertThat(delayed.replyCode()).contains("421");
        assertThat(reasons.seen).hasSize(2);
        assertThat(reasons.seen.get(1).command()).contains("CONN");
    }

    @Test
    void successOnlyIsADeliveryReportWithoutReasons() {
        String dsn = """
                From: MAILER-DAEMON@mx.example.net
                To: sender@example.com
                Subject: Successful Mail Delivery Report
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

                --b1
                Content-Type: text/plain

                Your message was successfully delivered to the destination(s) listed below.

                --b1
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.example.net

                Final-Recipient: rfc822; someone@example.net
                Original-Recipient: rfc822; someone@example.net
                Action: relayed
                Status: 2.0.0
                Remote-MTA: dns; in.example.org
                Diagnostic-Code: smtp; 250 2.0.0 Ok: queued as 4XYZ

                --b1--
                """;
        Classification c = classifier.classify(crlf(dsn));

        assertThat(c.kind()).isEqualTo(MessageKind.DELIVERY_REPORT);
        assertThat(only(c).statusCode()).contains("2.0.0");
        assertThat(only(c).reason()).isEmpty();
        assertThat(reasons.seen).isEmpty();
    }

    @Test
    void globalDeliveryStatusWithUtf8AddressAndBase64() {
        String fields = """
                Reporting-MTA: dns; mx.example.jp

                Original-Recipient: utf-8; ユーザー@例え.jp
                Final-Recipient: utf-8; ユーザー@example.jp
                Action: failed
                Status: 5.2.2
                Diagnostic-Code: smtp; 552 5.2.2 Mailbox full
                """;
        String encoded = java.util.Base64.getMimeEncoder().encodeToString(crlf(fields));
        String dsn = """
                From: Mail Delivery System <MAILER-DAEMON@mx.example.jp>
                To: sender@example.com
                Subject: Undelivered Mail Returned to Sender
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=global-delivery-status; boundary="g"

                --g
                Content-Type: text/plain; charset=utf-8

                Delivery failed.
                --g
                Content-Type: message/global-delivery-status
                Content-Transfer-Encoding: base64

                %s
                --g--
                """.formatted(encoded);
        Classification c = classifier.classify(crlf(dsn));

        assertThat(c.kind()).isEqualTo(MessageKind.BOUNCE);
        RecipientReport r = only(c);
        assertThat(r.address()).isEqualTo("ユーザー@example.jp");
        assertThat(r.statusCode()).contains("5.2.2");
        assertThat(r.replyCode()).contains("552");
    }

    @Test
    void blankStatusAndNonStandardActionStillFail() {
        String dsn = """
                From: MAILER-DAEMON@relay.example.com
                Subject: Delivery Status Notification
                Content-Type: multipart/report; report-type=delivery-status; boundary="x"

                --x
                Content-Type: message/delivery-status

                Final-Recipient: rfc822; gone@example.org
                Action: expired
                Status:
                Diagnostic-Code: Connection timed out

                --x--
                """;
        RecipientReport r = only(classifier.classify(crlf(dsn)));

        assertThat(r.action()).isEqualTo("failed");
        assertThat(r.statusCode()).contains("5.0.0");
        assertThat(r.replyCode()).isEqualTo(Optional.empty());
        assertThat(reasons.seen.get(0).statusCode()).isEmpty(); // the rules see that the report gave no code
    }
}
