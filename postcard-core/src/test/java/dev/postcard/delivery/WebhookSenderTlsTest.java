package dev.postcard.delivery;

import static dev.postcard.delivery.Senders.BODY;
import static dev.postcard.delivery.Senders.EVENT_ID;
import static dev.postcard.delivery.Senders.EVENT_TYPE;
import static dev.postcard.delivery.Senders.SECRET;
import static dev.postcard.delivery.Senders.signer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.postcard.delivery.AttemptOutcome.Delivered;
import dev.postcard.delivery.AttemptOutcome.Failed;
import dev.postcard.verify.WebhookVerifier;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookSenderTlsTest {
    @TempDir
    static Path keystores;
    private static TestCertificates localhost;
    private static TestCertificates otherName;

    @BeforeAll
    static void makeCertificates() throws Exception {
        localhost = TestCertificates.selfSigned(keystores, "dns:localhost,ip:127.0.0.1");
        otherName = TestCertificates.selfSigned(keystores, "dns:other.example");
    }

    /** A sender that finds {@code localhost} at 127.0.0.1 without asking DNS, which may answer ::1 first. */
    private static WebhookSender sender() {
        return new WebhookSender(new GuardedResolver(AddressPolicy.allowingPrivateNetworks(),
                Senders.dns(Map.of("localhost", List.of("127.0.0.1"))))).withTimeout(Duration.ofSeconds(5));
    }

    private static EndpointUrl localhostUrl(Receiver receiver) {
        return EndpointUrl.parse("https://localhost:" + receiver.port() + "/hook", AddressPolicy.allowingPrivateNetworks());
    }

    @Test
    void deliversOverHttpsToAReceiverWhoseCertificateIsTrusted() throws Exception {
        try (Receiver receiver = Receiver.https(localhost.server(), Receiver.answering(200, "ok", Map.of()))) {
            AttemptOutcome outcome = sender().withTrust(localhost.trusting())
                    .send(localhostUrl(receiver), signer(), EVENT_ID, EVENT_TYPE, BODY);

            assertThat(outcome).isEqualTo(new Delivered(200, outcome.latency(), "ok"));
            Receiver.Request request = receiver.onlyRequest();
            assertThat(request.body()).isEqualTo(BODY);
            assertThat(request.header("Host")).isEqualTo("localhost:" + receiver.port());
            assertThatCode(() -> WebhookVerifier.of(SECRET).verify(request.body(), request.headers()))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void deliversOverHttpsToAnIpAddressNamedInTheCertificate() throws Exception {
        try (Receiver receiver = Receiver.https(localhost.server(), Receiver.answering(204))) {
            AttemptOutcome outcome = sender().withTrust(localhost.trusting())
                    .send(receiver.endpoint("/hook"), signer(), EVENT_ID, EVENT_TYPE, BODY);

            assertThat(outcome).isInstanceOf(Delivered.class);
        }
    }

    @Test
    void aSelfSignedCertificateFailsTlsUnderTheDefaultTrust() throws Exception {
        try (Receiver receiver = Receiver.https(localhost.server(), Receiver.answering(200))) {
            AttemptOutcome outcome = sender().send(localhostUrl(receiver), signer(), EVENT_ID, EVENT_TYPE, BODY);

            assertThat(outcome).isInstanceOfSatisfying(Failed.class,
                    failed -> assertThat(failed.errorClass()).isEqualTo(ErrorClass.TLS));
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void aTrustedCertificateForAnotherNameFailsTls() throws Exception {
        try (Receiver receiver = Receiver.https(otherName.server(), Receiver.answering(200))) {
            AttemptOutcome outcome = sender().withTrust(otherName.trusting())
                    .send(localhostUrl(receiver), signer(), EVENT_ID, EVENT_TYPE, BODY);

            assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> {
                assertThat(failed.errorClass()).isEqualTo(ErrorClass.TLS);
                assertThat(failed.message()).contains("localhost");
            });
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void aPlainHttpAnswerOnAnHttpsUrlFailsTls() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket socket = plain.accept()) {
                    socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    socket.getInputStream().read();
                } catch (IOException e) {
                    // the sender hung up
                }
            });
            EndpointUrl url = EndpointUrl.parse("https://localhost:" + plain.getLocalPort() + "/",
                    AddressPolicy.allowingPrivateNetworks());

            AttemptOutcome outcome = sender().send(url, signer(), EVENT_ID, EVENT_TYPE, BODY);

            assertThat(outcome).isInstanceOfSatisfying(Failed.class,
                    failed -> assertThat(failed.errorClass()).isEqualTo(ErrorClass.TLS));
        }
    }
}
