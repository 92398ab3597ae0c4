package dev.postcard.bounces;

import static dev.postcard.bounces.Mails.crlf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.bounces.formats.SmtpCommands;
import dev.postcard.bounces.formats.SmtpText;
import dev.postcard.event.BounceType;
import org.junit.jupiter.api.Test;

/** Which SMTP command a failure answered, as each MTA words or quotes it. */
class SmtpCommandsTest {

    @Test
    void mtaWordings() {
        assertThat(SmtpText.command("(in reply to end of DATA command)")).contains("DATA");
        assertThat(SmtpText.command("(in reply to MAIL FROM command)")).contains("MAIL");
        assertThat(SmtpText.command("SMTP error from remote mail server after pipelined RCPT TO:<a@example.org>"))
                .contains("RCPT");
        assertThat(SmtpText.command("SMTP error from remote mail server after initial connection: 554 go away"))
                .contains("CONN");
        assertThat(SmtpText.command("mx.example.org [192.0.2.25] did not like our RCPT TO: 550 5.1.1 unknown"))
                .contains("RCPT");
        assertThat(SmtpText.command("Sorry, no SMTP connection got far enough; most progress was RCPT TO response"))
                .contains("RCPT");
        assertThat(SmtpText.command("SMTP error from remote server for TEXT command, host: mx.example.org"))
                .contains("DATA");
        assertThat(SmtpText.command("550 5.1.1 <a@example.org>... User Unknown [RCPT_TO]")).contains("RCPT");
    }

    @Test
    void qmailSentences() {
        assertThat(SmtpText.command("Connected to 192.0.2.1 but greeting failed.")).contains("CONN");
        assertThat(SmtpText.command("Connected to 192.0.2.1 but my name was rejected.")).contains("HELO");
        assertThat(SmtpText.command("Connected to 192.0.2.1 but sender was rejected.")).contains("MAIL");
        assertThat(SmtpText.command("192.0.2.1 does not like recipient.")).contains("RCPT");
        assertThat(SmtpText.command("192.0.2.1 failed after I sent the message.")).contains("DATA");
    }

    @Test
    void proseThatOnlyLooksLikeACommand() {
        assertThat(SmtpText.command("This server is not responsible for mail from your domain")).isEmpty();
        assertThat(SmtpText.command("an error occurred during data transfer")).isEmpty();
        assertThat(SmtpText.command("attachment type for text/plain rejected")).isEmpty();
    }

    @Test
    void sendmailTranscriptPerRecipient() {
        String text = """
                   ----- Transcript of session follows -----
                ... while talking to mx.example.org.:
                >>> RCPT To:<one@example.org>
                <<< 550 5.1.1 <one@example.org>... User unknown
                >>> DATA
                <<< 554 5.7.1 Message rejected for policy reasons
                554 5.0.0 Service unavailable
                """;
        assertThat(SmtpCommands.inReport(text, "one@example.org", true)).contains("RCPT");
        assertThat(SmtpCommands.inReport(text, "two@example.org", true)).isEmpty();  // two failing commands: unsure
    }

    @Test
    void sendmailPipelinedRecipientRefusalQuotedUnderData() {
        String text = """
                   ----- Transcript of session follows -----
                ... while talking to mx.example.org.:
                >>> DATA
                <<< 550 <nobody@example.org>... User unknown
                550 <nobody@example.org>... User unknown
                <<< 503 5.0.0 Need RCPT (recipient)
                """;
        assertThat(SmtpCommands.inReport(text, "nobody@example.org", true)).contains("RCPT");
        String postfixPeer = """
                ... while talking to mx.example.org.:
                >>> DATA
                <<< 450 4.7.1 <client.example.com[192.0.2.5]>: Client host rejected: try again later
                <<< 554 5.5.1 Error: no valid recipients
                """;
        assertThat(SmtpCommands.inReport(postfixPeer, "nobody@example.org", true)).contains("RCPT");
        String contentRefused = """
                ... while talking to mx.example.org.:
                >>> DATA
                <<< 550-5.7.1 This message does not meet our
                <<< 550 5.7.1 content rules
                554 5.0.0 Service unavailable
                """;
        assertThat(SmtpCommands.inReport(contentRefused, "nobody@example.org", true)).contains("DATA");
    }

    @Test
    void courierTranscriptAfterData() {
        String text = """
                <nobody@example.org>:
                >>> MAIL FROM:<sender@example.com>
                <<< 250 Ok
                >>> RCPT TO:<nobody@example.org>
                <<< 250 Ok
                >>> DATA
                <<< 550 Unknown user nobody@example.org
                """;
        assertThat(SmtpCommands.inReport(text, "nobody@example.org", true)).contains("DATA");
    }

    @Test
    void postfixParagraphPerRecipient() {
        String text = """
                This is the mail system at host mail.example.com.

                <one@example.org>: host mx.example.org[192.0.2.1] said: 550 5.1.1
                    <one@example.org>... User Unknown (in reply to RCPT TO
                    command)

                <two@example.org>: host mx.example.org[192.0.2.1] said: 550 Unknown user
                    two@example.org (in reply to end of DATA command)
                """;
        assertThat(SmtpCommands.inReport(text, "one@example.org", false)).contains("RCPT");
        assertThat(SmtpCommands.inReport(text, "two@example.org", false)).contains("DATA");
    }

    @Test
    void aReportNamingOneStageOnly() {
        String text = """
                The following address failed:

                  nobody@example.org

                SMTP error from remote mail server after end of data:
                550 Unknown user
                """;
        assertThat(SmtpCommands.inReport(text, "nobody@example.org", true)).contains("DATA");
        // With several recipients, a stage named for one of them says nothing about the others.
        assertThat(SmtpCommands.inReport(text, "nobody@example.org", false)).isEmpty();
    }

    @Test
    void dsnWhoseTextPartNamesTheStage() {
        String mail = """
                From: MAILER-DAEMON@mail.example.com (Mail Delivery System)
                To: sender@example.com
                Subject: Undelivered Mail Returned to Sender
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

                --b1
                Content-Type: text/plain; charset=us-ascii

                This is the mail system at host mail.example.com.

                <nobody@example.org>: host mx.example.org[192.0.2.1] said: 550 Unknown user
                    nobody@example.org (in reply to end of DATA command)

                --b1
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mail.example.com

                Final-Recipient: rfc822; nobody@example.org
                Action: failed
                Status: 5.0.0
                Diagnostic-Code: smtp; 550 Unknown user nobody@example.org

                --b1--
                """;
        Mails.RecordingReasons reasons = new Mails.RecordingReasons();
        Bounces.classifier(reasons).classify(crlf(mail));
        assertThat(reasons.seen).singleElement().satisfies(d -> assertThat(d.command()).contains("DATA"));

        RecipientReport r = Mails.only(Bounces.classifier().classify(crlf(mail)));
        assertThat(r.reason()).hasValueSatisfying(x -> {
            assertThat(x.detail()).isEqualTo("filtered");
            assertThat(x.type()).isEqualTo(BounceType.SOFT);
        });
    }
}
