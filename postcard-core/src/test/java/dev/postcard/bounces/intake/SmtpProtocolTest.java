package dev.postcard.bounces.intake;

import static dev.postcard.bounces.intake.BounceFixtures.DOMAIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.Postcard;
import dev.postcard.bounces.Classification;
import dev.postcard.testing.MovableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listener's side of RFC 5321, over a raw socket: sequence, syntax, limits. Nothing here is stored. */
class SmtpProtocolTest {
    @TempDir
    Path dir;
    private Postcard postcard;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void engine() {
        postcard = Postcard.builder().dataDir(dir).deliveryWorker(false).clock(MovableClock.atStart()).build();
    }

    @AfterEach
    void close() {
        postcard.close();
    }

    private BounceSmtpServer server(SmtpListenerSettings settings) throws Exception {
        BounceIntake intake = BounceIntake.of(postcard, raw -> {
            received.add(new String(raw, StandardCharsets.ISO_8859_1));
            return Classification.none();
        }, settings.bounceDomains());
        return BounceSmtpServer.start(settings.withBindAddress("127.0.0.1"), intake);
    }

    private BounceSmtpServer server() throws Exception {
        return server(SmtpListenerSettings.of(0, List.of(DOMAIN, "returns.example.org")));
    }

    private static RawSmtp greeted(BounceSmtpServer server) throws Exception {
        RawSmtp smtp = new RawSmtp(server.port());
        assertThat(smtp.reply()).startsWith("220 " + DOMAIN + " ESMTP");
        return smtp;
    }

    @Test
    void ehloAdvertisesTheSizeLimitAndHeloAnswersPlainly() throws Exception {
        try (BounceSmtpServer server = server(SmtpListenerSettings.of(0, List.of(DOMAIN)).withMaxMessageSize(4096));
             RawSmtp smtp = greeted(server)) {
            String ehlo = smtp.command("EHLO mx.example.net");
            assertThat(ehlo).startsWith("250-" + DOMAIN).contains("250-SIZE 4096").contains("ENHANCEDSTATUSCODES")
                    .doesNotContain("STARTTLS");
            assertThat(smtp.command("HELO mx.example.net")).isEqualTo("250 " + DOMAIN);
            assertThat(smtp.command("NOOP")).startsWith("250 2.0.0");
            assertThat(smtp.command("QUIT")).startsWith("221 2.0.0");
            assertThat(smtp.reply()).isNull();
        }
    }

    @Test
    void commandsOutOfSequenceAre503() throws Exception {
        try (BounceSmtpServer server = server(); RawSmtp smtp = greeted(server)) {
            assertThat(smtp.command("MAIL FROM:<>")).startsWith("503 5.5.1");
            assertThat(smtp.command("EHLO mx.example.net")).startsWith("250");
            assertThat(smtp.command("RCPT TO:<bounce@" + DOMAIN + ">")).startsWith("503 5.5.1");
            assertThat(smtp.command("DATA")).startsWith("503 5.5.1");
            assertThat(smtp.command("MAIL FROM:<>")).startsWith("250 2.1.0");
            assertThat(smtp.command("MAIL FROM:<>")).startsWith("503 5.5.1");
            assertThat(smtp.command("DATA")).startsWith("503 5.5.1");
            assertThat(smtp.command("RCPT TO:<bounce@" + DOMAIN + ">")).startsWith("250 2.1.5");
            // RSET ends the transaction: DATA needs MAIL and RCPT again.
            assertThat(smtp.command("RSET")).startsWith("250 2.0.0");
            assertThat(smtp.command("DATA")).startsWith("503 5.5.1");
        }
    }

    @Test
    void badSyntaxIs501AndUnknownCommandsAre500() throws Exception {
        try (BounceSmtpServer server = server(); RawSmtp smtp = greeted(server)) {
            assertThat(smtp.command("EHLO")).startsWith("501 5.5.4");
            assertThat(smtp.command("EHLO mx.example.net")).startsWith("250");
            assertThat(smtp.command("MAIL FROM:someone@example.net")).startsWith("501 5.5.4");
            assertThat(smtp.command("MAIL TO:<>")).startsWith("501 5.5.4");
            assertThat(smtp.command("MAIL FROM:<> SIZE=lots")).startsWith("501 5.5.4");
            assertThat(smtp.command("MAIL FROM:<> XFORWARD=1")).startsWith("555 5.5.4");
            assertThat(smtp.command("MAIL FROM:<> BODY=8BITMIME SIZE=100")).startsWith("250");
            assertThat(smtp.command("RCPT TO:<>")).startsWith("501 5.5.4");
            assertThat(smtp.command("RCPT TO:<not an address>")).startsWith("501 5.5.4");
            assertThat(smtp.command("RCPT TO:<bounce@" + DOMAIN + ">")).startsWith("250");
            assertThat(smtp.command("DATA now")).startsWith("501 5.5.4");
            assertThat(smtp.command("STARTTLS")).startsWith("502 5.5.1");
            assertThat(smtp.command("FROBNICATE")).startsWith("500 5.5.2");
            assertThat(smtp.command("")).startsWith("500 5.5.2");
        }
    }

    @Test
    void onlyTheBounceDomainsAndPostmasterAreAccepted() throws Exception {
        try (BounceSmtpServer server = server(); RawSmtp smtp = greeted(server)) {
            smtp.command("EHLO mx.example.net");
            assertThat(smtp.command("MAIL FROM:<>")).startsWith("250");
            assertThat(smtp.command("RCPT TO:<someone@example.net>")).startsWith("550 5.1.1");
            assertThat(smtp.command("RCPT TO:<bounce@sub." + DOMAIN + ">")).startsWith("550 5.1.1");
            assertThat(smtp.command("RCPT TO:<bounce@BOUNCES.Example.COM>")).startsWith("250 2.1.5");
            assertThat(smtp.command("RCPT TO:<x@returns.example.org>")).startsWith("250 2.1.5");
            assertThat(smtp.command("RCPT TO:<@relay.example.net:y@" + DOMAIN + ">")).startsWith("250 2.1.5");
            assertThat(smtp.command("RCPT TO:<Postmaster>")).startsWith("250 2.1.5");
        }
    }

    @Test
    void dataIsDotUnstuffedAndAnsweredAfterTheIntake() throws Exception {
        try (BounceSmtpServer server = server(); RawSmtp smtp = greeted(server)) {
            smtp.command("EHLO mx.example.net");
            smtp.command("MAIL FROM:<>");
            smtp.command("RCPT TO:<bounce@" + DOMAIN + ">");
            assertThat(smtp.command("DATA")).startsWith("354");
            smtp.send("Subject: x\r\n\r\n..one dot\r\n...\r\nlast\r\n.\r\n");
            assertThat(smtp.reply()).startsWith("250 2.0.0");
            assertThat(received).containsExactly("Subject: x\r\n\r\n.one dot\r\n..\r\nlast\r\n");
        }
    }

    @Test
    void commandsMayBePipelined() throws Exception {
        try (BounceSmtpServer server = server(); RawSmtp smtp = greeted(server)) {
            smtp.send("EHLO mx.example.net\r\nMAIL FROM:<>\r\nRCPT TO:<nobody@example.net>\r\nRCPT TO:<b@" + DOMAIN
                    + ">\r\nDATA\r\n");
            assertThat(smtp.reply()).startsWith("250-");
            assertThat(smtp.reply()).startsWith("250 2.1.0");
            assertThat(smtp.reply()).startsWith("550 5.1.1");
            assertThat(smtp.reply()).startsWith("250 2.1.5");
            assertThat(smtp.reply()).startsWith("354");
            smtp.send("Subject: y\r\n\r\nz\r\n.\r\nQUIT\r\n");
            assertThat(smtp.reply()).startsWith("250 2.0.0");
            assertThat(smtp.reply()).startsWith("221");
        }
    }

    @Test
    void aMessageOverTheSizeLimitIs552AndNotReceived() throws Exception {
        try (BounceSmtpServer server = server(SmtpListenerSettings.of(0, List.of(DOMAIN)).withMaxMessageSize(100));
             RawSmtp smtp = greeted(server)) {
            smtp.command("EHLO mx.example.net");
            assertThat(smtp.command("MAIL FROM:<> SIZE=101")).startsWith("552 5.3.4");
            assertThat(smtp.command("MAIL FROM:<>")).startsWith("250");
            smtp.command("RCPT TO:<b@" + DOMAIN + ">");
            assertThat(smtp.command("DATA")).startsWith("354");
            smtp.send("Subject: big\r\n\r\n" + "0123456789\r\n".repeat(10) + ".\r\n");
            assertThat(smtp.reply()).startsWith("552 5.3.4");
            // One line longer than the whole limit is as much too big.
            smtp.command("MAIL FROM:<>");
            smtp.command("RCPT TO:<b@" + DOMAIN + ">");
            assertThat(smtp.command("DATA")).startsWith("354");
            smtp.send("x".repeat(5_000) + "\r\n.\r\n");
            assertThat(smtp.reply()).startsWith("552 5.3.4");
            // The connection is still usable, and a message at the limit goes through.
            smtp.command("MAIL FROM:<>");
            smtp.command("RCPT TO:<b@" + DOMAIN + ">");
            assertThat(smtp.command("DATA")).startsWith("354");
            String exact = "x".repeat(98);
            smtp.send(exact + "\r\n.\r\n");
            assertThat(smtp.reply()).startsWith("250 2.0.0");
            assertThat(received).containsExactly(exact + "\r\n");
        }
    }

    @Test
    void anOverlongCommandLineIs500() throws Exception {
        try (BounceSmtpServer server = server(); RawSmtp smtp = greeted(server)) {
            assertThat(smtp.command("EHLO " + "a".repeat(600))).startsWith("500 5.5.2");
            assertThat(smtp.command("EHLO mx.example.net")).startsWith("250");
        }
    }

    @Test
    void aSilentClientIsTimedOutAndAClientThatKeepsErringIsDropped() throws Exception {
        SmtpListenerSettings settings = SmtpListenerSettings.of(0, List.of(DOMAIN))
                .withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300));
        try (BounceSmtpServer server = server(settings); RawSmtp smtp = greeted(server)) {
            assertThat(smtp.reply()).startsWith("421 4.4.2");
            assertThat(smtp.reply()).isNull();
        }
        try (BounceSmtpServer server = server(); RawSmtp smtp = greeted(server)) {
            String last = null;
            for (int i = 0; i < 20; i++) {
                last = smtp.command("GARBAGE");
            }
            assertThat(last).startsWith("500");
            assertThat(smtp.reply()).startsWith("421 4.7.0");
            assertThat(smtp.reply()).isNull();
        }
    }

    @Test
    void connectionsOverTheLimitAreTurnedAwayWith421() throws Exception {
        try (BounceSmtpServer server = server(SmtpListenerSettings.of(0, List.of(DOMAIN)).withMaxConnections(1));
             RawSmtp first = greeted(server)) {
            try (RawSmtp second = new RawSmtp(server.port())) {
                assertThat(second.reply()).startsWith("421 4.3.2");
            }
            assertThat(first.command("QUIT")).startsWith("221");
            first.reply(); // closed
            // The slot is free again once the first connection has gone.
            long deadline = System.currentTimeMillis() + 5_000;
            String greeting;
            do {
                try (RawSmtp third = new RawSmtp(server.port())) {
                    greeting = third.reply();
                }
            } while (!greeting.startsWith("220") && System.currentTimeMillis() < deadline);
            assertThat(greeting).startsWith("220");
        }
    }

    @Test
    void closingStopsListening() throws Exception {
        BounceSmtpServer server = server();
        int port = server.port();
        RawSmtp open = greeted(server);
        server.close();
        assertThat(open.reply()).isNull();
        open.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RawSmtp(port))
                .isInstanceOf(java.io.IOException.class);
    }
}
