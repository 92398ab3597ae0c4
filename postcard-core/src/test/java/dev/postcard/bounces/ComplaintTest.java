package dev.postcard.bounces;

import static dev.postcard.bounces.Mails.crlf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 5965 feedback reports and provider complaint formats. */
class ComplaintTest {
    private final Mails.RecordingReasons reasons = new Mails.RecordingReasons();
    private final BounceClassifier classifier = Bounces.classifier(reasons);

    /** After the example of RFC 5965 appendix B.2. */
    static final String ARF = """
            From: <abusedesk@example.com>
            Date: Thu, 8 Mar 2005 17:40:36 EDT
            Subject: FW: Earn money
            To: <abuse@example.net>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=feedback-report;
                 boundary="part1_13d.2e68ed54_boundary"

            --part1_13d.2e68ed54_boundary
            Content-Type: text/plain; charset="US-ASCII"
            Content-Transfer-Encoding: 7bit

            This is an email abuse report for an email message received from IP
            192.0.2.1 on Thu, 8 Mar 2005 14:00:00 EDT.  For more information
            about this format please see http://www.mipassoc.org/arf/.

            --part1_13d.2e68ed54_boundary
            Content-Type: message/feedback-report

            Feedback-Type: abuse
            User-Agent: SomeGenerator/1.0
            Version: 1
            Original-Mail-From: <somespammer@example.net>
            Original-Rcpt-To: <User@example.com>
            Arrival-Date: Thu, 8 Mar 2005 14:00:00 EDT
            Reporting-MTA: dns; mail.example.com
            Source-IP: 192.0.2.1
            Authentication-Results: mail.example.com;
                          spf=fail smtp.mail=somespammer@example.com
            Reported-Domain: example.net
            Reported-Uri: http://example.net/earn_money.html

            --part1_13d.2e68ed54_boundary
            Content-Type: message/rfc822
            Content-Disposition: inline

            From: <somespammer@example.net>
            Received: from mailserver.example.net (mailserver.example.net
                    [192.0.2.1]) by example.com with ESMTP id M63d4137594e46;
                    Thu, 08 Mar 2005 14:00:00 -0400
            To: <Undisclosed Recipients>
            Subject: Earn money
            MIME-Version: 1.0
            Content-type: text/plain
            Message-ID: <8787KJKJ3K4J3K4J3K4J3.mail@example.net>
            Date: Thu, 02 Sep 2004 12:31:03 -0500

            Spam Spam Spam
            --part1_13d.2e68ed54_boundary--
            """;

    @Test
    void arfReportIsAComplaint() {
        Classification c = classifier.classify(crlf(ARF));

        assertThat(c.kind()).isEqualTo(MessageKind.COMPLAINT);
        ComplaintReport report = c.complaint().orElseThrow();
        assertThat(report.feedbackType()).isEqualTo("abuse");
        assertThat(report.sourceIp()).contains("192.0.2.1");
        assertThat(report.userAgent()).contains("SomeGenerator/1.0");
        assertThat(report.reportedRecipients()).containsExactly("user@example.com");
        assertThat(c.originalMessageId()).contains("8787KJKJ3K4J3K4J3K4J3.mail@example.net");
        assertThat(c.recipients()).isEmpty();
        assertThat(reasons.seen).isEmpty();
    }

    @Test
    void withoutOriginalRcptToTheOriginalsRecipientsAreReported() {
        String arf = ARF.replace("Original-Rcpt-To: <User@example.com>\n", "")
                .replace("To: <Undisclosed Recipients>", "To: Someone <Someone@Example.org>")
                .replace("Feedback-Type: abuse", "Feedback-Type: auth-failure");
        ComplaintReport report = classifier.classify(crlf(arf)).complaint().orElseThrow();

        assertThat(report.feedbackType()).isEqualTo("auth-failure");
        assertThat(report.reportedRecipients()).containsExactly("someone@example.org");
    }

    @Test
    void feedbackFieldsInAPlainTextBody() {
        String mail = """
                From: fbl@isp.example
                To: abuse@sender.example
                Subject: Abuse report
                Content-Type: text/plain

                Feedback-Type: opt-out
                User-Agent: ISP-FBL/2.0
                Version: 1
                Original-Rcpt-To: reader@isp.example
                Source-IP: 198.51.100.7
                """;
        Classification c = classifier.classify(crlf(mail));

        assertThat(c.kind()).isEqualTo(MessageKind.COMPLAINT);
        assertThat(c.complaint().orElseThrow().feedbackType()).isEqualTo("opt-out");
        assertThat(c.complaint().orElseThrow().reportedRecipients()).containsExactly("reader@isp.example");
    }

    @Test
    void mailClientUnsubscribeRequestIsAnOptOut() {
        String mail = """
                From: reader@mail.example
                To: unsubscribe-1234@lists.example.org
                Subject: unsubscribe
                Auto-Submitted: auto-replied
                X-Apple-Unsubscribe: true
                Content-Type: text/plain

                Apple Mail sent this email to unsubscribe from the message "Weekly news".
                """;
        Classification c = classifier.classify(crlf(mail));

        assertThat(c.kind()).isEqualTo(MessageKind.COMPLAINT);
        assertThat(c.complaint().orElseThrow().feedbackType()).isEqualTo("opt-out");
        assertThat(c.complaint().orElseThrow().reportedRecipients()).containsExactly("reader@mail.example");
    }
}
