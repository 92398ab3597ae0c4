package dev.postcard.sending.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.sending.OutgoingMessage;
import dev.postcard.sending.TransportResult;
import dev.postcard.sending.TransportResult.Accepted;
import dev.postcard.sending.TransportResult.PermanentFailure;
import dev.postcard.sending.TransportResult.RecipientRejected;
import dev.postcard.sending.TransportResult.TemporaryFailure;
import dev.postcard.testing.MovableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The SMTP transport against a relay that answers from a script: how every reply maps to a result. */
@Timeout(60)
class SmtpTransportTest {
    private static final TestCertificates LOCALHOST = TestCertificates.forNames("dns:localhost,ip:127.0.0.1");

    private ScriptedRelay relay;
    private SmtpTransport transport;

    @AfterEach
    void stop() throws IOException {
        if (transport != null) {
            transport.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    static OutgoingMessage message() {
        return MimeComposerTest.message(Optional.of("<p>Hello</p>"), Optional.of("Hello"), new LinkedHashMap<>(), List.of());
    }

    private SmtpTransport plain(ScriptedRelay relay, String query) {
        return plain(relay, query, System::nanoTime);
    }

    private SmtpTransport plain(ScriptedRelay relay, String query, java.util.function.LongSupplier nanoTime) {
        transport = new SmtpTransport(SmtpSettings.parse("smtp://127.0.0.1:" + relay.port() + "?starttls=optional" + query),
                MovableClock.atStart(), Optional.empty(), nanoTime);
        return transport;
    }

    private TransportResult sendThrough(ScriptedRelay scripted) throws IOException {
        relay = scripted.start();
        return plain(relay, "").send(message());
    }

    @Test
    void acceptedCarriesTheLastLineOfTheRelaysAnswer() throws IOException {
        TransportResult result = sendThrough(new ScriptedRelay().reply("DOT", "250-2.0.0 Ok\n250 2.0.0 Ok: queued as 4XyZ1"));
        assertThat(result).isEqualTo(new Accepted("smtp", "250 2.0.0 Ok: queued as 4XyZ1", Optional.empty()));
    }

    @Test
    void theEnvelopeIsTheMessagesEnvelopeNeverItsHeaders() throws IOException {
        sendThrough(new ScriptedRelay());
        assertThat(relay.transactions()).singleElement().satisfies(t -> {
            assertThat(t.mailFrom()).isEqualTo("bounce+msg_01JEXAMPLE@bounces.example.org");
            assertThat(t.rcptTo()).containsExactly("carol@example.net");
            assertThat(t.data()).contains("To: Ada Lovelace <ada@example.org>, bob@example.org")
                    .contains("Message-ID: <msg_01JEXAMPLE@example.org>");
        });
    }

    @Test
    void aPermanentRefusalAtRcptRejectsTheRecipient() throws IOException {
        String reply = "550 5.1.1 <carol@example.net>: Recipient address rejected: User unknown";
        assertThat(sendThrough(new ScriptedRelay().reply("RCPT", reply))).isEqualTo(new RecipientRejected("smtp", reply));
        assertThat(relay.transactions()).isEmpty();
    }

    @Test
    void aTemporaryRefusalAtRcptIsRetried() throws IOException {
        String reply = "451 4.7.1 Greylisted, try again later";
        assertThat(sendThrough(new ScriptedRelay().reply("RCPT", reply)))
                .isEqualTo(new TemporaryFailure("smtp", reply, Optional.empty()));
    }

    @Test
    void aPermanentRefusalOfTheSenderFailsTheMessage() throws IOException {
        String reply = "553 5.7.1 Sender address rejected: not owned by user";
        assertThat(sendThrough(new ScriptedRelay().reply("MAIL", reply)))
                .isEqualTo(new PermanentFailure("smtp", reply, "sender_rejected"));
    }

    @Test
    void aTemporaryRefusalOfTheSenderIsRetried() throws IOException {
        String reply = "452 4.3.1 Insufficient system storage";
        assertThat(sendThrough(new ScriptedRelay().reply("MAIL", reply)))
                .isEqualTo(new TemporaryFailure("smtp", reply, Optional.empty()));
    }

    @Test
    void aPermanentRefusalOfDataFailsTheMessage() throws IOException {
        String reply = "554 5.5.1 No valid recipients";
        assertThat(sendThrough(new ScriptedRelay().reply("DATA", reply)))
                .isEqualTo(new PermanentFailure("smtp", reply, "message_rejected"));
    }

    @Test
    void aPermanentRefusalOfTheContentFailsTheMessage() throws IOException {
        String reply = "554 5.7.1 Message rejected as spam";
        assertThat(sendThrough(new ScriptedRelay().reply("DOT", reply)))
                .isEqualTo(new PermanentFailure("smtp", reply, "message_rejected"));
    }

    @Test
    void aTemporaryRefusalOfTheContentIsRetried() throws IOException {
        String reply = "451 4.3.0 Error: queue file write error";
        assertThat(sendThrough(new ScriptedRelay().reply("DOT", reply)))
                .isEqualTo(new TemporaryFailure("smtp", reply, Optional.empty()));
    }

    @Test
    void aRelayThatTurnsUsAwayAtTheGreetingIsRetried() throws IOException {
        TransportResult result = sendThrough(new ScriptedRelay().reply("GREETING", "421 4.3.2 Service not available"));
        assertThat(result).isInstanceOfSatisfying(TemporaryFailure.class,
                f -> assertThat(f.transportDown()).as("the relay as a whole: another transport may take it").isTrue());
        assertThat(result.response()).contains("421 4.3.2 Service not available");
    }

    @Test
    void longAnswersAreCutToOneKibibyte() throws IOException {
        String reply = "550 5.1.1 " + "é".repeat(1500);
        TransportResult result = sendThrough(new ScriptedRelay().reply("RCPT", reply));
        assertThat(result).isInstanceOf(RecipientRejected.class);
        assertThat(result.response()).startsWith("550 5.1.1 éé");
        assertThat(result.response().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isBetween(1023, 1024);
    }

    @Test
    void credentialsFromTheUrlAreSentDecoded() throws IOException {
        relay = new ScriptedRelay().offerAuth().start();
        transport = new SmtpTransport(SmtpSettings.parse("smtp://mailer%40example.com:p%40ss%20word@127.0.0.1:"
                + relay.port() + "?starttls=optional"), MovableClock.atStart());
        assertThat(transport.send(message())).isInstanceOf(Accepted.class);
        assertThat(relay.credentials()).containsExactly("mailer@example.com\0p@ss word");
    }

    @Test
    void refusedCredentialsFailTheMessageAndTemporaryAuthFailuresAreRetried() throws IOException {
        relay = new ScriptedRelay().offerAuth().reply("AUTH", "535 5.7.8 Authentication credentials invalid").start();
        transport = new SmtpTransport(SmtpSettings.parse("smtp://u:p@127.0.0.1:" + relay.port() + "?starttls=optional"),
                MovableClock.atStart());
        assertThat(transport.send(message())).isEqualTo(new PermanentFailure("smtp",
                "535 5.7.8 Authentication credentials invalid", "authentication_failed"));
        transport.close();
        relay.close();

        relay = new ScriptedRelay().offerAuth().reply("AUTH", "454 4.7.0 Temporary authentication failure").start();
        transport = new SmtpTransport(SmtpSettings.parse("smtp://u:p@127.0.0.1:" + relay.port() + "?starttls=optional"),
                MovableClock.atStart());
        TransportResult result = transport.send(message());
        assertThat(result).isInstanceOf(TemporaryFailure.class);
        assertThat(result.response()).contains("454 4.7.0");
    }

    @Test
    void connectionsAreReusedUntilAFailure() throws IOException {
        relay = new ScriptedRelay().start();
        plain(relay, "");
        for (int i = 0; i < 5; i++) {
            assertThat(transport.send(message())).isInstanceOf(Accepted.class);
        }
        assertThat(relay.connections()).isEqualTo(1);
        relay.reply("RCPT", "550 5.1.1 User unknown");
        assertThat(transport.send(message())).isInstanceOf(RecipientRejected.class);
        relay.reply("RCPT", "250 2.1.5 Ok");
        assertThat(transport.send(message())).isInstanceOf(Accepted.class);
        assertThat(relay.connections()).as("the connection that saw the refusal was not reused").isEqualTo(2);
        assertThat(relay.transactions()).hasSize(6);
    }

    @Test
    void aConnectionIdleForLongerThanThirtySecondsIsNotReused() throws IOException {
        AtomicLong nanos = new AtomicLong();
        relay = new ScriptedRelay().start();
        plain(relay, "", nanos::get);
        transport.send(message());
        nanos.addAndGet(Duration.ofSeconds(29).toNanos());
        transport.send(message());
        assertThat(relay.connections()).isEqualTo(1);
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThat(transport.send(message())).isInstanceOf(Accepted.class);
        assertThat(relay.connections()).isEqualTo(2);
    }

    @Test
    void aRelayThatDoesNotAnswerTimesOut() throws IOException {
        relay = new ScriptedRelay().silent().start();
        TransportResult result = plain(relay, "&timeout=300ms").send(message());
        assertThat(result).isInstanceOf(TemporaryFailure.class);
        assertThat(result.response()).contains("no answer within 300 ms");
    }

    @Test
    void aRelayThatIsDownIsRetried() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        transport = new SmtpTransport(SmtpSettings.parse("smtp://127.0.0.1:" + port + "?starttls=optional"),
                MovableClock.atStart());
        TransportResult result = transport.send(message());
        assertThat(result).isInstanceOfSatisfying(TemporaryFailure.class, f -> assertThat(f.transportDown()).isTrue());
        assertThat(result.response()).contains("connection refused").contains("127.0.0.1:" + port);
    }

    @Test
    void requiredStartTlsThatIsNotOfferedSendsNothing() throws IOException {
        relay = new ScriptedRelay().start();
        transport = new SmtpTransport(SmtpSettings.parse("smtp://127.0.0.1:" + relay.port()), MovableClock.atStart());
        TransportResult result = transport.send(message());
        assertThat(result).isInstanceOf(TemporaryFailure.class);
        assertThat(result.response()).contains("STARTTLS").contains("starttls=optional");
        assertThat(relay.transactions()).isEmpty();
    }

    @Test
    void startTlsWithATrustedCertificateForTheHostSends() throws IOException {
        relay = new ScriptedRelay().startTls(LOCALHOST.server()).start();
        transport = tlsTransport("smtp://localhost:" + relay.port(), LOCALHOST.client());
        assertThat(transport.send(message())).isInstanceOf(Accepted.class);
        assertThat(transport.send(message())).isInstanceOf(Accepted.class);
        assertThat(relay.transactions()).hasSize(2);
        assertThat(relay.connections()).isEqualTo(1);
    }

    @Test
    void startTlsWithACertificateTheJdkDoesNotTrustSendsNothing() throws IOException {
        relay = new ScriptedRelay().startTls(LOCALHOST.server()).start();
        transport = new SmtpTransport(SmtpSettings.parse("smtp://localhost:" + relay.port()), MovableClock.atStart());
        TransportResult result = transport.send(message());
        assertThat(result).isInstanceOf(TemporaryFailure.class);
        assertThat(result.response()).contains("TLS failed").contains("certification path");
        assertThat(relay.transactions()).isEmpty();
    }

    @Test
    void startTlsWithACertificateForAnotherHostSendsNothing() throws IOException {
        TestCertificates other = TestCertificates.forNames("dns:relay.example.org");
        relay = new ScriptedRelay().startTls(other.server()).start();
        transport = tlsTransport("smtp://localhost:" + relay.port(), other.client());
        TransportResult result = transport.send(message());
        assertThat(result).isInstanceOf(TemporaryFailure.class);
        assertThat(result.response()).contains("TLS failed").contains("localhost");
        assertThat(relay.transactions()).isEmpty();
    }

    private SmtpTransport tlsTransport(String url, SSLSocketFactory trusting) {
        return new SmtpTransport(SmtpSettings.parse(url), MovableClock.atStart(), Optional.of(trusting), System::nanoTime);
    }
}
