package dev.postcard.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.sending.api.FailoverTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Which transport each tenant's copies go through, and what is read, built and closed for it. */
class SendTransportsTest {
    /** A transport that counts how often it is closed. */
    private static final class Counted implements Transport {
        private final String name;
        int closes;

        Counted(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public TransportResult send(OutgoingMessage message) {
            return new TransportResult.Accepted(name, "250 ok", Optional.empty());
        }

        @Override
        public void close() {
            closes++;
        }
    }

    private final Counted eu = new Counted("eu-relay");
    private final Counted backup = new Counted("backup");
    private final List<String> lookedUp = new ArrayList<>();
    private final Map<String, List<String>> chosen = Map.of("acme", List.of("backup", "eu-relay"),
            "globex", List.of("backup", "eu-relay"), "initech", List.of("backup"), "gone", List.of("us-relay"));

    private SendTransports transports() {
        return new SendTransports(List.of(eu, backup), tenant -> {
            lookedUp.add(tenant);
            return Optional.ofNullable(chosen.get(tenant));
        });
    }

    @Test
    void eachTenantsChoiceIsReadOnceAndEachDistinctChoiceBuiltOnce() {
        SendTransports transports = transports();
        Map<String, Transport> routes = transports.forTenants(List.of("acme", "globex", "initech", "default", "acme"));

        assertThat(lookedUp).containsExactly("acme", "globex", "initech", "default");
        assertThat(routes.get("acme")).isInstanceOf(FailoverTransport.class).isSameAs(routes.get("globex"));
        assertThat(((FailoverTransport) routes.get("acme")).transports()).containsExactly(backup, eu);
        assertThat(routes.get("initech")).isSameAs(backup);
        assertThat(routes.get("default")).isSameAs(transports.all().orElseThrow());
        assertThat(transports.forTenants(List.of("globex")).get("globex")).as("built once, kept")
                .isSameAs(routes.get("acme"));
    }

    @Test
    void aMissingNameIsATransportThatIsDownAndNamesItself() {
        Transport gone = transports().forTenants(List.of("gone")).get("gone");
        TransportResult result = gone.send(null);

        assertThat(result).isInstanceOfSatisfying(TransportResult.TemporaryFailure.class, failure -> {
            assertThat(failure.transport()).isEqualTo("us-relay");
            assertThat(failure.transportDown()).isTrue();
            assertThat(failure.response()).contains("'us-relay' is not configured on this engine");
        });
    }

    @Test
    void aTenantIsRefusedOnlyWhenNoneOfItsChoiceIsConfigured() {
        SendTransports transports = transports();
        assertThat(transports.unavailableChoice("gone")).contains(List.of("us-relay"));
        assertThat(transports.unavailableChoice("acme")).isEmpty();
        assertThat(transports.unavailableChoice("default")).isEmpty();
        assertThat(transports.names()).containsExactly("eu-relay", "backup");
    }

    @Test
    void theSharedTransportsAreClosedOnceWhateverWasChosen() {
        SendTransports transports = transports();
        transports.forTenants(List.of("acme", "initech", "default"));
        transports.close();

        assertThat(eu.closes).isEqualTo(1);
        assertThat(backup.closes).isEqualTo(1);
    }

    @Test
    void twoTransportsOfOneNameAreRefused() {
        assertThatThrownBy(() -> new SendTransports(List.of(eu, new ConfiguredTransport("eu-relay",
                new Counted("smtp"), OptionalInt.empty())), TransportChoices.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'eu-relay'");
    }
}
