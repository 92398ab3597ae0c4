package dev.postcard.delivery;

import static dev.postcard.delivery.Senders.BODY;
import static dev.postcard.delivery.Senders.EVENT_ID;
import static dev.postcard.delivery.Senders.EVENT_TYPE;
import static dev.postcard.delivery.Senders.dns;
import static dev.postcard.delivery.Senders.signer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.delivery.AttemptOutcome.Failed;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WebhookSenderAddressTest {

    @Test
    void aPublicOnlyPolicyRefusesALoopbackUrlWithoutConnecting() {
        RecordingSockets sockets = new RecordingSockets();
        try (Receiver receiver = Receiver.http(Receiver.answering(200))) {
            // Saved while private networks were allowed; the policy has changed since.
            EndpointUrl url = receiver.endpoint("/hook");
            WebhookSender sender = new WebhookSender(new GuardedResolver(AddressPolicy.publicOnly()))
                    .withSocketFactory(sockets);

            AttemptOutcome outcome = sender.send(url, signer(), EVENT_ID, EVENT_TYPE, BODY);

            assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> {
                assertThat(failed.errorClass()).isEqualTo(ErrorClass.BLOCKED_ADDRESS);
                assertThat(failed.message()).contains("127.0.0.1").contains("loopback");
            });
            assertThat(sockets.attempts()).isEmpty();
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefusedUnderAPublicOnlyPolicy() {
        RecordingSockets sockets = new RecordingSockets();
        try (Receiver receiver = Receiver.http(Receiver.answering(200))) {
            WebhookSender sender = new WebhookSender(new GuardedResolver(AddressPolicy.publicOnly(),
                    dns(Map.of("rebind.example", List.of("127.0.0.1"))))).withSocketFactory(sockets);
            EndpointUrl url = EndpointUrl.parse("https://rebind.example:" + receiver.port() + "/", AddressPolicy.publicOnly());

            AttemptOutcome outcome = sender.send(url, signer(), EVENT_ID, EVENT_TYPE, BODY);

            assertThat(outcome).isInstanceOfSatisfying(Failed.class,
                    failed -> assertThat(failed.errorClass()).isEqualTo(ErrorClass.BLOCKED_ADDRESS));
            assertThat(sockets.attempts()).isEmpty();
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void aNameResolvingToPrivateAndPublicAddressesIsOnlyEverConnectedToThePublicOne() throws Exception {
        RecordingSockets sockets = new RecordingSockets();
        WebhookSender sender = new WebhookSender(new GuardedResolver(AddressPolicy.publicOnly(),
                dns(Map.of("hooks.example", List.of("127.0.0.1", "93.184.216.34", "10.0.0.7")))))
                .withSocketFactory(sockets);
        EndpointUrl url = EndpointUrl.parse("https://hooks.example:8443/in", AddressPolicy.publicOnly());

        AttemptOutcome outcome = sender.send(url, signer(), EVENT_ID, EVENT_TYPE, BODY);

        assertThat(sockets.attempts()).containsExactly(
                new InetSocketAddress(InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 216, 34}), 8443));
        assertThat(outcome).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.errorClass()).isEqualTo(ErrorClass.CONNECT);
            assertThat(failed.message()).contains("93.184.216.34:8443").doesNotContain("127.0.0.1");
        });
    }

    @Test
    void theHostIsResolvedOnceAndTheCheckedAddressIsTheOneConnectedTo() {
        AtomicInteger lookups = new AtomicInteger();
        Resolver counting = host -> {
            lookups.incrementAndGet();
            if (!host.equals("hooks.example")) {
                throw new UnknownHostException(host);
            }
            return List.of(InetAddress.getLoopbackAddress());
        };
        try (Receiver receiver = Receiver.http(Receiver.answering(200))) {
            WebhookSender sender = new WebhookSender(new GuardedResolver(AddressPolicy.allowingPrivateNetworks(), counting));
            EndpointUrl url = EndpointUrl.parse("http://hooks.example:" + receiver.port() + "/in",
                    AddressPolicy.allowingPrivateNetworks());

            AttemptOutcome outcome = sender.send(url, signer(), EVENT_ID, EVENT_TYPE, BODY);

            assertThat(outcome).isInstanceOf(AttemptOutcome.Delivered.class);
            assertThat(lookups).hasValue(1);
            assertThat(receiver.onlyRequest().header("Host")).isEqualTo("hooks.example:" + receiver.port());
        }
    }
}
