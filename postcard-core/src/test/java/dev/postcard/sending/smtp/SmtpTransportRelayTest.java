package dev.postcard.sending.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.postcard.sending.OutgoingMessage;
import dev.postcard.sending.TransportResult;
import dev.postcard.sending.TransportResult.Accepted;
import dev.postcard.sending.TransportResult.TemporaryFailure;
import dev.postcard.testing.MovableClock;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The SMTP transport against GreenMail as the relay: what arrives, over how many connections, over TLS. */
@Timeout(60)
class SmtpTransportRelayTest {
    private GreenMail greenMail;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startRelay() {
        greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        greenMail.start();
    }

    @AfterEach
    void stopRelay() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        greenMail.stop();
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    private SmtpTransport plainTo(int port, String query) {
        return closing(new SmtpTransport(SmtpSettings.parse("smtp://127.0.0.1:" + port + "?starttls=optional" + query),
                MovableClock.atStart()));
    }

    private static OutgoingMessage message(String envelopeTo) {
        SequencedMap<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Postcard-Email-Id", "msg_01JEXAMPLE");
        headers.put("List-Unsubscribe", "<https://t.example.com/u/abc>");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        OutgoingMessage m = MimeComposerTest.message(Optional.of("<p>Grüße</p>"), Optional.of("Grüße"), headers, List.of());
        return new OutgoingMessage(m.tenantId(), m.emailId(), m.envelopeFrom(), envelopeTo, m.from(), m.to(), m.cc(),
                m.replyTo(), m.subject(), m.html(), m.text(), m.messageId(), m.headers(), m.attachments(), m.tags());
    }

    @Test
    void theMessageReachesOnlyItsEnvelopeRecipientWithItsHeadersIntact() throws Exception {
        TransportResult result = plainTo(greenMail.getSmtp().getPort(), "").send(message("carol@example.net"));

        assertThat(result).isInstanceOf(Accepted.class);
        assertThat(result.response()).startsWith("250");
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
        assertThat(mailboxes()).as("To and Cc are shown, never sent to").containsExactly("carol@example.net");

        MimeMessage received = greenMail.getReceivedMessages()[0];
        assertThat(received.getHeader("Return-Path")).containsExactly("<bounce+msg_01JEXAMPLE@bounces.example.org>");
        assertThat(received.getSubject()).isEqualTo("Grüße aus Köln — 你好 ✉");
        assertThat(((InternetAddress) received.getFrom()[0]).getPersonal()).isEqualTo("Zoë Ångström");
        assertThat(received.getMessageID()).isEqualTo("<msg_01JEXAMPLE@example.org>");
        assertThat(received.getHeader("X-Postcard-Email-Id")).containsExactly("msg_01JEXAMPLE");
        assertThat(received.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
        MimeMultipart alternative = (MimeMultipart) received.getContent();
        assertThat(alternative.getBodyPart(0).getContent()).isEqualTo("Grüße");
        assertThat(alternative.getBodyPart(1).getContent()).isEqualTo("<p>Grüße</p>");
    }

    /** The addresses whose mailboxes hold mail: GreenMail files a message under each envelope recipient. */
    private List<String> mailboxes() {
        return greenMail.getUserManager().listUser().stream()
                .filter(u -> greenMail.findReceivedMessages(u::equals, m -> true).findAny().isPresent())
                .map(GreenMailUser::getEmail).toList();
    }

    @Test
    void connectionsAreReusedAcrossMessages() throws IOException {
        RelayProxy proxy = closing(new RelayProxy(greenMail.getSmtp().getPort(), Optional.empty()));
        SmtpTransport transport = plainTo(proxy.port(), "");
        for (int i = 0; i < 20; i++) {
            assertThat(transport.send(message("r" + i + "@example.net"))).isInstanceOf(Accepted.class);
        }
        assertThat(greenMail.getReceivedMessages()).hasSize(20);
        assertThat(proxy.connections()).isEqualTo(1);
    }

    @Test
    void concurrentSendersShareAtMostThePoolsConnections() throws Exception {
        RelayProxy proxy = closing(new RelayProxy(greenMail.getSmtp().getPort(), Optional.empty()));
        SmtpTransport transport = plainTo(proxy.port(), "&pool=3");
        ExecutorService senders = Executors.newFixedThreadPool(6);
        try {
            List<Future<TransportResult>> results = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String to = "r" + i + "@example.net";
                results.add(senders.submit(() -> transport.send(message(to))));
            }
            for (Future<TransportResult> result : results) {
                assertThat(result.get()).isInstanceOf(Accepted.class);
            }
        } finally {
            senders.shutdown();
        }
        assertThat(greenMail.getReceivedMessages()).hasSize(30);
        assertThat(proxy.connections()).isBetween(1, 3);
    }

    @Test
    void aConnectionTheRelayDroppedIsReplacedWithoutFailingTheMessage() throws IOException {
        RelayProxy proxy = closing(new RelayProxy(greenMail.getSmtp().getPort(), Optional.empty()));
        SmtpTransport transport = plainTo(proxy.port(), "");
        assertThat(transport.send(message("a@example.net"))).isInstanceOf(Accepted.class);
        proxy.dropAll();
        assertThat(transport.send(message("b@example.net"))).isInstanceOf(Accepted.class);
        assertThat(greenMail.getReceivedMessages()).hasSize(2);
        assertThat(proxy.connections()).isEqualTo(2);
    }

    @Test
    void smtpsSendsOverTlsToATrustedRelay() throws IOException {
        TestCertificates certificates = TestCertificates.forNames("dns:localhost,ip:127.0.0.1");
        RelayProxy tls = closing(new RelayProxy(greenMail.getSmtp().getPort(), Optional.of(certificates.server())));
        SmtpTransport transport = closing(new SmtpTransport(SmtpSettings.parse("smtps://localhost:" + tls.port()),
                MovableClock.atStart(), Optional.of(certificates.client()), System::nanoTime));
        assertThat(transport.send(message("a@example.net"))).isInstanceOf(Accepted.class);
        assertThat(transport.send(message("b@example.net"))).isInstanceOf(Accepted.class);
        assertThat(greenMail.getReceivedMessages()).hasSize(2);
        assertThat(tls.connections()).isEqualTo(1);

        SmtpTransport jdkTrust = closing(new SmtpTransport(SmtpSettings.parse("smtps://localhost:" + tls.port()),
                MovableClock.atStart()));
        TransportResult untrusted = jdkTrust.send(message("c@example.net"));
        assertThat(untrusted).isInstanceOf(TemporaryFailure.class);
        assertThat(untrusted.response()).contains("TLS failed");
        assertThat(greenMail.getReceivedMessages()).hasSize(2);
    }

    @Test
    void startTlsRequiredByDefaultIsNotSkippedWhenTheRelayDoesNotOfferIt() {
        SmtpTransport transport = closing(new SmtpTransport(
                SmtpSettings.parse("smtp://127.0.0.1:" + greenMail.getSmtp().getPort()), MovableClock.atStart()));
        TransportResult result = transport.send(message("a@example.net"));
        assertThat(result).isInstanceOf(TemporaryFailure.class);
        assertThat(result.response()).contains("STARTTLS");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aRelayThatWentDownIsATemporaryFailureAndComingBackIsNoticed() {
        SmtpTransport transport = plainTo(greenMail.getSmtp().getPort(), "");
        assertThat(transport.send(message("a@example.net"))).isInstanceOf(Accepted.class);
        int port = greenMail.getSmtp().getPort();
        greenMail.stop();
        TransportResult down = transport.send(message("b@example.net"));
        assertThat(down).isInstanceOf(TemporaryFailure.class);
        assertThat(down.response()).contains("connection refused");

        greenMail = new GreenMail(ServerSetupTest.SMTP.port(port));
        greenMail.start();
        assertThat(transport.send(message("c@example.net"))).isInstanceOf(Accepted.class);
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }
}
