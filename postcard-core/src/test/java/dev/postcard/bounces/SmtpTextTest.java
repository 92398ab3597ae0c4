package dev.postcard.bounces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.bounces.formats.SmtpText;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading codes out of free text without mistaking addresses, times or versions for them. */
class SmtpTextTest {
    @Test
    void statusNotFromIpAddressesOrVersions() {
        assertThat(SmtpText.status("host 192.0.2.5 said: 4.2.2 mailbox full")).contains("4.2.2");
        assertThat(SmtpText.status("relay 10.5.1.1 refused, Exim 4.92.3")).isEmpty();
        assertThat(SmtpText.status("Sorry, no mailbox here by that name. (#5.1.1)")).contains("5.1.1");
        assertThat(SmtpText.status("550 5.7.26 Unauthenticated email")).contains("5.7.26");
    }

    @Test
    void theCodeAfterAReplyCodeWins() {
        assertThat(SmtpText.status("5.1.0 - Unknown address error 550-'5.7.1 Access denied'")).contains("5.7.1");
    }

    @Test
    void replyCodes() {
        assertThat(SmtpText.replyCode("#550 5.1.1 RESOLVER.ADR.RecipNotFound")).contains("550");
        assertThat(SmtpText.replyCode("550-5.2.1 The user you are trying")).contains("550");
        assertThat(SmtpText.replyCode("ERROR_CODE :552, mailbox full")).contains("552");
        assertThat(SmtpText.replyCode("at 12:450 on host mx1.example.com port 2525")).isEmpty();
        assertThat(SmtpText.replyCode("queued as 4502ABC")).isEmpty();
    }

    @Test
    void commands() {
        assertThat(SmtpText.command("(in reply to RCPT TO command)")).contains("RCPT");
        assertThat(SmtpText.command("SMTP error from remote mail server after end of data:")).contains("DATA");
        assertThat(SmtpText.command("SMTP error from remote mail server after MAIL FROM:<a@b>")).contains("MAIL");
        assertThat(SmtpText.command("connect to mx.example.org[192.0.2.1]:25: Connection refused")).contains("CONN");
        assertThat(SmtpText.command("User unknown")).isEmpty();
    }

    @Test
    void genericStatusGivesWayToTheDiagnostic() {
        assertThat(SmtpText.chooseStatus(Optional.of("5.0.0"), "550 5.1.1 no such user")).contains("5.1.1");
        assertThat(SmtpText.chooseStatus(Optional.of("4.4.7"), "452 4.4.5 Insufficient disk space")).contains("4.4.5");
        // another class in the text does not override the MTA's verdict
        assertThat(SmtpText.chooseStatus(Optional.of("5.4.7"), "421 4.4.2 connection dropped")).contains("5.4.7");
        assertThat(SmtpText.chooseStatus(Optional.empty(), "no code at all")).isEmpty();
    }

    @Test
    void multiLineRepliesReadAsOneSentence() {
        assertThat(SmtpText.clean("550-5.1.1 The email account that you tried to reach does not exist. Please try\n"
                + "550-5.1.1 double-checking the recipient's email address.\n550 5.1.1 https://support.example/x"))
                .isEqualTo("550-5.1.1 The email account that you tried to reach does not exist. Please try "
                        + "double-checking the recipient's email address. https://support.example/x");
    }
}
