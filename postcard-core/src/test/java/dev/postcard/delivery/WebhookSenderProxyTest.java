package dev.postcard.delivery;

import static dev.postcard.delivery.Senders.BODY;
import static dev.postcard.delivery.Senders.EVENT_ID;
import static dev.postcard.delivery.Senders.EVENT_TYPE;
import static dev.postcard.delivery.Senders.signer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.delivery.AttemptOutcome.Delivered;
import dev.postcard.delivery.AttemptOutcome.Failed;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deliveries through an egress proxy: the proxy on 127.0.0.1 tunnels every CONNECT into itself. */
class WebhookSenderProxyTest {
    @TempDir
    static Path keystores;
    private static TestCertificates hooksExample;

    @BeforeAll
    static void makeCertificates() throws Exception {
        hooksExample = TestCertificates.selfSigned(keystores, "dns:hooks.example");
    }

    private static MockWebServer proxy() throws Exception {
        MockWebServer proxy = new MockWebServer();
        proxy.useHttps(hooksExample.server().getSocketFactory());
        proxy.start(InetAddress.getLoopbackAddress(), 0);
        return proxy;
    }

    private static WebhookSender sender(String answer, MockWebServer proxy, ConnectingSockets sockets) throws Exception {
        return new WebhookSender(new GuardedResolver(AddressPolicy.publicOnly(),
                Senders.dns(Map.of("hooks.example", List.of(answer)))))
                .withTimeout(Duration.ofSeconds(5)).withTrust(hooksExample.trusting()).withSocketFactory(sockets)
                .withProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.getPort()));
    }

    @Test
    void anHttpsEndpointIsReachedThroughAConnectTunnelAndOnlyTheProxyIsConnectedTo() throws Exception {
        ConnectingSockets sockets = new ConnectingSockets();
        try (MockWebServer proxy = proxy()) {
            proxy.enqueue(new MockResponse.Builder().inTunnel().build());
            proxy.enqueue(new MockResponse.Builder().code(200).body("ok").build());
            EndpointUrl url = EndpointUrl.parse("https://hooks.example:8443/hook", AddressPolicy.publicOnly());

            AttemptOutcome outcome = sender("93.184.216.34", proxy, sockets).send(url, signer(), EVENT_ID, EVENT_TYPE, BODY);

            assertThat(outcome).isInstanceOfSatisfying(Delivered.class,
                    delivered -> assertThat(delivered.excerpt()).isEqualTo("ok"));
            RecordedRequest connect = proxy.takeRequest(5, TimeUnit.SECONDS);
            assertThat(connect.getMethod()).isEqualTo("CONNECT");
            assertThat(connect.getTarget()).isEqualTo("hooks.example:8443");
            RecordedRequest post = proxy.takeRequest(5, TimeUnit.SECONDS);
            assertThat(post.getMethod()).isEqualTo("POST");
            assertThat(post.getHeaders().get("webhook-id")).isEqualTo(EVENT_ID);
            assertThat(post.getBody().toByteArray()).isEqualTo(BODY);
            // The proxy on loopback is the operator's: not subject to the guard, and the only address connected to.
            assertThat(sockets.connections()).containsExactly(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.getPort()));
        }
    }

    @Test
    void aHostThatResolvesToARefusedAddressIsRefusedBeforeTheProxyIsAsked() throws Exception {
        ConnectingSockets sockets = new ConnectingSockets();
        try (MockWebServer proxy = proxy()) {
            EndpointUrl url = EndpointUrl.parse("https://hooks.example/hook", AddressPolicy.publicOnly());

            AttemptOutcome outcome = sender("169.254.169.254", proxy, sockets).send(url, signer(), EVENT_ID, EVENT_TYPE,
                    BODY);

            assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> {
                assertThat(failed.errorClass()).isEqualTo(ErrorClass.BLOCKED_ADDRESS);
                assertThat(failed.message()).contains("cloud_metadata");
            });
            assertThat(sockets.connections()).isEmpty();
            assertThat(proxy.getRequestCount()).isZero();
        }
    }

    @Test
    void theProxyMustBeAnAddress() {
        WebhookSender sender = Senders.local();
        assertThatThrownBy(() -> sender.withProxy(InetSocketAddress.createUnresolved("proxy.internal", 3128)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
