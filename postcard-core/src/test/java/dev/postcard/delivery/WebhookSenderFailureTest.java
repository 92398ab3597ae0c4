package dev.postcard.delivery;

import static dev.postcard.delivery.Senders.BODY;
import static dev.postcard.delivery.Senders.EVENT_ID;
import static dev.postcard.delivery.Senders.EVENT_TYPE;
import static dev.postcard.delivery.Senders.SECRET;
import static dev.postcard.delivery.Senders.local;
import static dev.postcard.delivery.Senders.signer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.delivery.AttemptOutcome.Failed;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WebhookSenderFailureTest {
    /**
     * How long a test of a 500 ms deadline may run before it counts as hung: twenty times the deadline, so a busy
     * machine does not fail it, and under the sender's default 15 s, so a sender that ignores the timeout it was
     * given does.
     */
    private static final long DEADLINE_GUARD_SECONDS = 10;

    /** A TCP server on 127.0.0.1 that accepts connections and does {@code withEach} with each one. */
    private static ServerSocket rawServer(SocketHandler withEach) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (socket) {
                            withEach.handle(socket);
                        } catch (IOException e) {
                            // the sender hung up
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    @FunctionalInterface
    private interface SocketHandler {
        void handle(Socket socket) throws IOException;
    }

    private static EndpointUrl urlOf(ServerSocket server) {
        return EndpointUrl.parse("http://127.0.0.1:" + server.getLocalPort() + "/hook", AddressPolicy.allowingPrivateNetworks());
    }

    @Test
    @Timeout(value = DEADLINE_GUARD_SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aReceiverThatNeverAnswersTimesOutAtTheDeadline() throws Exception {
        try (ServerSocket silent = rawServer(socket -> socket.getInputStream().transferTo(OutputStream.nullOutputStream()))) {
            WebhookSender sender = local().withTimeout(Duration.ofMillis(500));

            AttemptOutcome outcome = sender.send(urlOf(silent), signer(), EVENT_ID, EVENT_TYPE, BODY);

            assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> {
                assertThat(failed.errorClass()).isEqualTo(ErrorClass.TIMEOUT);
                assertThat(failed.latency()).as("not before the deadline").isGreaterThanOrEqualTo(Duration.ofMillis(500));
                assertThat(failed.message()).doesNotContain(SECRET).doesNotContain("v1,");
            });
        }
    }

    @Test
    @Timeout(value = DEADLINE_GUARD_SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aReceiverThatTricklesItsResponseStillEndsAtTheDeadline() throws Exception {
        // Trickles until the sender hangs up: a sender that only bounds each read never gets to the end.
        try (ServerSocket trickling = rawServer(socket -> {
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
            while (true) {
                out.write("X-Slow: yes\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        })) {
            AttemptOutcome outcome = local().withTimeout(Duration.ofMillis(500))
                    .send(urlOf(trickling), signer(), EVENT_ID, EVENT_TYPE, BODY);

            assertThat(outcome).isInstanceOfSatisfying(Failed.class,
                    failed -> assertThat(failed.errorClass()).isEqualTo(ErrorClass.TIMEOUT));
            assertThat(outcome.latency()).as("not before the deadline").isGreaterThanOrEqualTo(Duration.ofMillis(500));
        }
    }

    @Test
    @Timeout(value = DEADLINE_GUARD_SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aReceiverThatStopsReadingTheRequestTimesOutAtTheDeadline() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ServerSocket stuck = rawServer(socket -> {
            try {
                release.await(); // holds the connection open without reading a byte
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            byte[] large = new byte[32 * 1024 * 1024]; // far more than the socket buffers hold

            AttemptOutcome outcome = local().withTimeout(Duration.ofMillis(500))
                    .send(urlOf(stuck), signer(), EVENT_ID, EVENT_TYPE, large);

            assertThat(outcome).isInstanceOfSatisfying(Failed.class,
                    failed -> assertThat(failed.errorClass()).isEqualTo(ErrorClass.TIMEOUT));
            assertThat(outcome.latency()).as("not before the deadline").isGreaterThanOrEqualTo(Duration.ofMillis(500));
        } finally {
            release.countDown();
        }
    }

    @Test
    void aRefusedConnectionIsAConnectFailure() throws Exception {
        int closedPort;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = gone.getLocalPort();
        }
        EndpointUrl url = EndpointUrl.parse("http://127.0.0.1:" + closedPort + "/", AddressPolicy.allowingPrivateNetworks());

        AttemptOutcome outcome = local().send(url, signer(), EVENT_ID, EVENT_TYPE, BODY);

        assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.errorClass()).isEqualTo(ErrorClass.CONNECT);
            assertThat(failed.message()).contains("127.0.0.1:" + closedPort);
        });
    }

    @Test
    void aResponseThatIsNotHttpIsAProtocolFailure() throws Exception {
        try (ServerSocket garbage = rawServer(socket -> {
            socket.getOutputStream().write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        })) {
            AttemptOutcome outcome = local().send(urlOf(garbage), signer(), EVENT_ID, EVENT_TYPE, BODY);

            assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> {
                assertThat(failed.errorClass()).isEqualTo(ErrorClass.PROTOCOL);
                assertThat(failed.message()).contains("SSH-2.0");
            });
        }
    }

    @Test
    void aConnectionClosedBeforeAnyResponseIsAProtocolFailure() throws Exception {
        try (ServerSocket hangsUp = rawServer(Socket::close)) {
            AttemptOutcome outcome = local().send(urlOf(hangsUp), signer(), EVENT_ID, EVENT_TYPE, BODY);

            assertThat(outcome).isInstanceOfSatisfying(Failed.class,
                    failed -> assertThat(failed.errorClass()).isIn(ErrorClass.PROTOCOL, ErrorClass.IO));
        }
    }

    @Test
    void aHostThatDoesNotResolveIsADnsFailure() {
        WebhookSender sender = new WebhookSender(
                new GuardedResolver(AddressPolicy.allowingPrivateNetworks(), Senders.dns(Map.of())));
        EndpointUrl url = EndpointUrl.parse("https://nowhere.example/hook", AddressPolicy.allowingPrivateNetworks());

        AttemptOutcome outcome = sender.send(url, signer(), EVENT_ID, EVENT_TYPE, BODY);

        assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.errorClass()).isEqualTo(ErrorClass.DNS);
            assertThat(failed.message()).contains("nowhere.example");
        });
    }

    @Test
    void theTimeoutMustBePositiveAndAtMostThirtySeconds() {
        WebhookSender sender = local();
        assertThat(new WebhookSender(new GuardedResolver(AddressPolicy.publicOnly())).timeout())
                .isEqualTo(Duration.ofSeconds(15));
        assertThat(sender.withTimeout(Duration.ofSeconds(30)).timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> sender.withTimeout(Duration.ofSeconds(31))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sender.withTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEventTypeThatWouldBreakTheHeaderIsRefusedBeforeAnythingIsSent() {
        EndpointUrl url = EndpointUrl.parse("http://127.0.0.1:9/", AddressPolicy.allowingPrivateNetworks());
        assertThatThrownBy(() -> local().send(url, signer(), EVENT_ID, "email.sent\r\nX-Injected: 1", BODY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
