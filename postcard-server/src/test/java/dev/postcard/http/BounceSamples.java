package dev.postcard.http;

/** Returned mail written for the tests, in the shapes the RFCs give. */
public final class BounceSamples {
    private BounceSamples() {
    }

    /** A delivery status notification shaped as RFC 3464 shows one. */
    public static final String DSN = """
            From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
            To: app@example.com
            Subject: Undelivered Mail Returned to Sender
            Message-ID: <dsn-1@mx.example.org>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="B"

            --B
            Content-Type: text/plain

            I could not deliver your message to <nobody@example.net>.

            --B
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.org

            Final-Recipient: rfc822; nobody@example.net
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown

            --B
            Content-Type: text/rfc822-headers

            From: app@example.com
            To: nobody@example.net
            Message-ID: <original-1@example.com>
            Subject: Welcome

            --B--
            """.replace("\n", "\r\n");
}
