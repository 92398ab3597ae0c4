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
import dev.postcard.delivery.AttemptOutcome.Rejected;
import dev.postcard.verify.WebhookVerifier;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Protocol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How the sender uses connections: reuse, HTTP/2, the address guard on every connection, bounded reads. */
class WebhookSenderConnectionTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:30:00Z");
    @TempDir
    static Path keystores;
    private static TestCertificates localhost;

    @BeforeAll
    static void makeCertificates() throws Exception {
        localhost = TestCertificates.selfSigned(keystores, "dns:localhost,ip:127.0.0.1");
    }

    private static MockWebServer receiver() throws IOException {
        MockWebServer server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
        return server;
    }

    private static EndpointUrl endpoint(String scheme, String host, int port) {
        return EndpointUrl.parse(scheme + "://" + host + ":" + port + "/hook", AddressPolicy.allowingPrivateNetworks());
    }

    /** Answers {@code hooks.example} with the addresses in {@code answer} at the time of each lookup. */
    private static Resolver changing(AtomicReference<String> answer, AtomicInteger lookups) {
        return host -> {
            if (!host.equals("hooks.example")) {
                throw new UnknownHostException(host);
            }
            lookups.incrementAndGet();
            return List.of(Ip.of(answer.get()));
        };
    }

    @Test
    void sequentialAttemptsToOneEndpointShareOneConnection() throws Exception {
        ConnectingSockets sockets = new ConnectingSockets();
        try (MockWebServer server = receiver()) {
            WebhookSender sender = Senders.local().withSocketFactory(sockets);
            for (int i = 0; i < 5; i++) {
                server.enqueue(new MockResponse.Builder().code(200).body("ok").build());
                AttemptOutcome outcome = sender.send(endpoint("http", "127.0.0.1", server.getPort()), signer(),
                        "evt_" + i, EVENT_TYPE, BODY);
                assertThat(outcome).isInstanceOf(Delivered.class);
            }

            List<Integer> connections = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                connections.add(server.takeRequest(5, TimeUnit.SECONDS).getConnectionIndex());
            }
            assertThat(connections).containsOnly(0);
            assertThat(sockets.connections()).hasSize(1);
        }
    }

    @Test
    @Timeout(60) // a guard against a hang, not a measure
    void anHttp10ReceiverThatClosesAfterEachAnswerGetsANewConnectionForEachAttempt() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger accepted = new AtomicInteger();
            Thread receiver = Thread.ofVirtual().start(() -> answerHttp10AndClose(listener, accepted));
            WebhookSender sender = Senders.local();

            List<AttemptOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                outcomes.add(sender.send(endpoint("http", "127.0.0.1", listener.getLocalPort()), signer(), "evt_" + i,
                        EVENT_TYPE, BODY));
            }

            assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(Delivered.class));
            assertThat(accepted).hasValue(3);
            receiver.interrupt();
        }
    }

    /** What Python's http.server does by default: an HTTP/1.0 answer with a length, then the connection closed. */
    private static void answerHttp10AndClose(ServerSocket listener, AtomicInteger accepted) {
        while (!listener.isClosed()) {
            try (Socket socket = listener.accept()) {
                accepted.incrementAndGet();
                var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                int length = 0;
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                        length = Integer.parseInt(line.substring(15).strip());
                    }
                }
                in.skip(length);
                OutputStream out = socket.getOutputStream();
                out.write("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                return; // the listener closed at the end of the test
            }
        }
    }

    @Test
    void closingIdleConnectionsEndsThePooledOneSoTheNextAttemptConnectsAgain() throws Exception {
        ConnectingSockets sockets = new ConnectingSockets();
        try (MockWebServer server = receiver()) {
            WebhookSender sender = Senders.local().withSocketFactory(sockets);
            for (int i = 0; i < 2; i++) {
                server.enqueue(new MockResponse.Builder().code(200).body("ok").build());
                assertThat(sender.send(endpoint("http", "127.0.0.1", server.getPort()), signer(), "evt_" + i,
                        EVENT_TYPE, BODY)).isInstanceOf(Delivered.class);
                sender.closeIdleConnections();
            }

            assertThat(server.takeRequest(5, TimeUnit.SECONDS).getConnectionIndex()).isZero();
            assertThat(server.takeRequest(5, TimeUnit.SECONDS).getConnectionIndex()).isEqualTo(1);
            assertThat(sockets.connections()).hasSize(2);
        }
    }

    @Test
    void aReceiverOfferingHttp2OverTlsGetsHttp2WithTheContractHeaders() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.useHttps(localhost.server().getSocketFactory());
            server.setProtocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
            server.start(InetAddress.getLoopbackAddress(), 0);
            server.enqueue(new MockResponse.Builder().code(202).body("queued").build());
            WebhookSender sender = new WebhookSender(new GuardedResolver(AddressPolicy.allowingPrivateNetworks(),
                    Senders.dns(Map.of("localhost", List.of("127.0.0.1")))))
                    .withTimeout(Duration.ofSeconds(5)).withTrust(localhost.trusting());

            AttemptOutcome outcome = sender.send(endpoint("https", "localhost", server.getPort()), signer(), EVENT_ID,
                    EVENT_TYPE, BODY);

            assertThat(outcome).isInstanceOfSatisfying(Delivered.class,
                    delivered -> assertThat(delivered.excerpt()).isEqualTo("queued"));
            RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
            assertThat(request.getVersion()).isEqualTo("HTTP/2");
            assertThat(request.getBody().toByteArray()).isEqualTo(BODY);
            assertThat(request.getUrl().host()).isEqualTo("localhost");
            assertThat(request.getHeaders().get("x-postcard-event")).isEqualTo(EVENT_TYPE);
            assertThat(request.getHeaders().get("webhook-id")).isEqualTo(EVENT_ID);
            Map<String, List<String>> headers = new HashMap<>(request.getHeaders().toMultimap());
            assertThatCode(() -> WebhookVerifier.of(SECRET).verify(BODY, headers)).doesNotThrowAnyException();
        }
    }

    private static MockWebServer http2Receiver() throws Exception {
        MockWebServer server = new MockWebServer();
        server.useHttps(localhost.server().getSocketFactory());
        server.setProtocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
        server.start(InetAddress.getLoopbackAddress(), 0);
        return server;
    }

    private static WebhookSender http2Sender(Duration timeout) throws Exception {
        return new WebhookSender(new GuardedResolver(AddressPolicy.allowingPrivateNetworks(),
                Senders.dns(Map.of("localhost", List.of("127.0.0.1")))))
                .withTimeout(timeout).withTrust(localhost.trusting()).withClock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aRetryAfterOfA429OverHttp2IsRead() throws Exception {
        try (MockWebServer server = http2Receiver()) {
            server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "120").body("slow down").build());

            AttemptOutcome outcome = http2Sender(Duration.ofSeconds(5)).send(endpoint("https", "localhost",
                    server.getPort()), signer(), EVENT_ID, EVENT_TYPE, BODY);

            assertThat(outcome).isInstanceOfSatisfying(Rejected.class, rejected -> {
                assertThat(rejected.status()).isEqualTo(429);
                assertThat(rejected.retryAfter()).contains(Duration.ofSeconds(120));
                assertThat(rejected.excerpt()).isEqualTo("slow down");
            });
            assertThat(server.takeRequest(5, TimeUnit.SECONDS).getVersion()).isEqualTo("HTTP/2");
        }
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anHttp2ReceiverThatNeverAnswersTimesOutAtTheDeadline() throws Exception {
        try (MockWebServer server = http2Receiver()) {
            server.enqueue(new MockResponse.Builder().code(200).headersDelay(60, TimeUnit.SECONDS).build());

            AttemptOutcome outcome = http2Sender(Duration.ofMillis(500)).send(endpoint("https", "localhost",
                    server.getPort()), signer(), EVENT_ID, EVENT_TYPE, BODY);

            assertThat(outcome).isInstanceOfSatisfying(Failed.class,
                    failed -> assertThat(failed.errorClass()).isEqualTo(ErrorClass.TIMEOUT));
            assertThat(outcome.latency()).as("not before the deadline").isGreaterThanOrEqualTo(Duration.ofMillis(500));
        }
    }

    @Test
    void everyNewConnectionIsCheckedSoARebindingToABlockedAddressReachesNothing() throws Exception {
        ConnectingSockets sockets = new ConnectingSockets();
        AtomicReference<String> answer = new AtomicReference<>("127.0.0.1");
        AtomicInteger lookups = new AtomicInteger();
        try (MockWebServer server = receiver()) {
            // The receiver closes its connection after answering: the next attempt must connect anew.
            server.enqueue(new MockResponse.Builder().code(200).addHeader("Connection", "close").build());
            WebhookSender sender = new WebhookSender(new GuardedResolver(AddressPolicy.allowingPrivateNetworks(),
                    changing(answer, lookups))).withTimeout(Duration.ofSeconds(5)).withSocketFactory(sockets);
            EndpointUrl url = endpoint("http", "hooks.example", server.getPort());

            assertThat(sender.send(url, signer(), EVENT_ID, EVENT_TYPE, BODY)).isInstanceOf(Delivered.class);
            answer.set("169.254.169.254");
            AttemptOutcome second = sender.send(url, signer(), EVENT_ID, EVENT_TYPE, BODY);

            assertThat(second).isInstanceOfSatisfying(Failed.class, failed -> {
                assertThat(failed.errorClass()).isEqualTo(ErrorClass.BLOCKED_ADDRESS);
                assertThat(failed.message()).contains("hooks.example").contains("cloud_metadata");
            });
            assertThat(lookups).hasValue(2);
            assertThat(sockets.connections()).containsExactly(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getPort()));
            assertThat(server.getRequestCount()).isEqualTo(1);
        }
    }

    @Test
    void aPooledConnectionPastItsMaximumAgeIsNotReusedSoADnsChangeIsSeen() throws Exception {
        ConnectingSockets sockets = new ConnectingSockets();
        AtomicReference<String> answer = new AtomicReference<>("127.0.0.1");
        AtomicInteger lookups = new AtomicInteger();
        try (MockWebServer server = receiver()) {
            server.enqueue(new MockResponse.Builder().code(200).build()); // keeps the connection open
            WebhookSender sender = new WebhookSender(new GuardedResolver(AddressPolicy.allowingPrivateNetworks(),
                    changing(answer, lookups))).withTimeout(Duration.ofSeconds(5)).withSocketFactory(sockets)
                    .withMaxConnectionAge(Duration.ZERO);
            EndpointUrl url = endpoint("http", "hooks.example", server.getPort());

            assertThat(sender.send(url, signer(), EVENT_ID, EVENT_TYPE, BODY)).isInstanceOf(Delivered.class);
            answer.set("169.254.169.254");
            AttemptOutcome second = sender.send(url, signer(), EVENT_ID, EVENT_TYPE, BODY);

            assertThat(second).isInstanceOfSatisfying(Failed.class,
                    failed -> assertThat(failed.errorClass()).isEqualTo(ErrorClass.BLOCKED_ADDRESS));
            assertThat(lookups).hasValue(2);
            assertThat(sockets.connections()).hasSize(1);
            assertThat(server.getRequestCount()).isEqualTo(1);
        }
    }

    @Test
    void withinItsMaximumAgeAPooledConnectionIsReusedWithoutAnotherLookup() throws Exception {
        AtomicReference<String> answer = new AtomicReference<>("127.0.0.1");
        AtomicInteger lookups = new AtomicInteger();
        try (MockWebServer server = receiver()) {
            server.enqueue(new MockResponse.Builder().code(200).build());
            server.enqueue(new MockResponse.Builder().code(200).build());
            WebhookSender sender = new WebhookSender(new GuardedResolver(AddressPolicy.allowingPrivateNetworks(),
                    changing(answer, lookups))).withTimeout(Duration.ofSeconds(5));
            EndpointUrl url = endpoint("http", "hooks.example", server.getPort());

            assertThat(sender.send(url, signer(), EVENT_ID, EVENT_TYPE, BODY)).isInstanceOf(Delivered.class);
            assertThat(sender.send(url, signer(), EVENT_ID, EVENT_TYPE, BODY)).isInstanceOf(Delivered.class);

            assertThat(lookups).hasValue(1);
            assertThat(server.takeRequest(5, TimeUnit.SECONDS).getConnectionIndex()).isZero();
            assertThat(server.takeRequest(5, TimeUnit.SECONDS).getConnectionIndex()).isZero();
        }
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anEndlessResponseBodyIsCutAtTheExcerptWithoutWaitingForItsEnd() throws Exception {
        try (ServerSocket endless = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket socket = endless.accept()) {
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = ("400\r\n" + "y".repeat(1024) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                    while (true) {
                        out.write(chunk);
                    }
                } catch (IOException e) {
                    // the sender hung up
                }
            });
            // A deadline longer than the test's guard: only cutting the body short ends the attempt in time.
            WebhookSender sender = Senders.local().withTimeout(Duration.ofSeconds(30));

            AttemptOutcome outcome = sender.send(endpoint("http", "127.0.0.1", endless.getLocalPort()), signer(),
                    EVENT_ID, EVENT_TYPE, BODY);

            assertThat(outcome).isInstanceOfSatisfying(Delivered.class,
                    delivered -> assertThat(delivered.excerpt()).isEqualTo("y".repeat(WebhookSender.EXCERPT_LIMIT)));
        }
    }
}
