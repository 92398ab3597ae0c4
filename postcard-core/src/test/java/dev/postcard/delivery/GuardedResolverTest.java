package dev.postcard.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardedResolverTest {

    /** Fixed DNS answers; any other name does not resolve. */
    private static Resolver dns(Map<String, List<String>> answers) {
        return host -> {
            List<String> literals = answers.get(host);
            if (literals == null) {
                throw new UnknownHostException(host);
            }
            return literals.stream().map(Ip::of).toList();
        };
    }

    private static List<InetAddress> addresses(String... literals) {
        return Arrays.stream(literals).map(Ip::of).toList();
    }

    @Test
    void aNameResolvingToPublicAndPrivateAddressesYieldsOnlyThePublicOne() {
        GuardedResolver resolver = new GuardedResolver(AddressPolicy.publicOnly(),
                dns(Map.of("rebind.example", List.of("10.0.0.1", "93.184.216.34", "127.0.0.1", "::ffff:169.254.169.254"))));

        assertThat(resolver.resolve("rebind.example")).isEqualTo(addresses("93.184.216.34"));
    }

    @Test
    void keepsTheResolversOrderAndDropsDuplicates() {
        GuardedResolver resolver = new GuardedResolver(AddressPolicy.publicOnly(),
                dns(Map.of("hooks.example", List.of("2606:4700:4700::1111", "1.1.1.1", "fd00::1", "1.1.1.1", "8.8.8.8"))));

        assertThat(resolver.resolve("hooks.example")).isEqualTo(addresses("2606:4700:4700::1111", "1.1.1.1", "8.8.8.8"));
    }

    @Test
    void failsNamingEveryRefusedAddressWhenNoneIsAllowed() {
        GuardedResolver resolver = new GuardedResolver(AddressPolicy.publicOnly(),
                dns(Map.of("internal.example", List.of("10.0.0.1", "::1", "64:ff9b::a00:1"))));

        BlockedAddressException e = catchThrowableOfType(BlockedAddressException.class,
                () -> resolver.resolve("internal.example"));

        assertThat(e.host()).isEqualTo("internal.example");
        assertThat(e.refused()).containsExactly(
                Map.entry(Ip.of("10.0.0.1"), "private"),
                Map.entry(Ip.of("::1"), "loopback"),
                Map.entry(Ip.of("64:ff9b::a00:1"), "nat64:private"));
        assertThat(e).as("the reasons, for the tenant who reads it; the addresses stay in refused()")
                .hasMessage("internal.example resolves only to addresses not allowed as webhook destinations:"
                        + " private, loopback, nat64:private");
    }

    @Test
    void failsWhenTheNameDoesNotResolve() {
        GuardedResolver resolver = new GuardedResolver(AddressPolicy.publicOnly(), dns(Map.of()));

        assertThatThrownBy(() -> resolver.resolve("nowhere.example"))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessage("nowhere.example does not resolve")
                .hasCauseInstanceOf(UnknownHostException.class)
                .satisfies(e -> assertThat(((BlockedAddressException) e).refused()).isEmpty());
    }

    @Test
    void failsWhenTheResolverAnswersWithNothing() {
        GuardedResolver empty = new GuardedResolver(AddressPolicy.publicOnly(), host -> List.of());
        GuardedResolver none = new GuardedResolver(AddressPolicy.publicOnly(), host -> null);

        assertThatThrownBy(() -> empty.resolve("empty.example")).isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("does not resolve");
        assertThatThrownBy(() -> none.resolve("empty.example")).isInstanceOf(BlockedAddressException.class);
    }

    @Test
    void allowingPrivateNetworksReturnsPrivateAddressesButNotUnspecifiedOnes() {
        GuardedResolver resolver = new GuardedResolver(AddressPolicy.allowingPrivateNetworks(),
                dns(Map.of("dev.example", List.of("0.0.0.0", "127.0.0.1", "192.168.1.20"))));

        assertThat(resolver.resolve("dev.example")).isEqualTo(addresses("127.0.0.1", "192.168.1.20"));
    }

    @Test
    void aResolverThatReadsOddIpv4SpellingsStillCannotReachLoopback() {
        // What glibc's getaddrinfo answers for these when the JDK passes them on.
        GuardedResolver resolver = new GuardedResolver(AddressPolicy.publicOnly(),
                dns(Map.of("0x7f.1", List.of("127.0.0.1"), "017700000001", List.of("127.0.0.1"))));

        assertThat(catchThrowableOfType(BlockedAddressException.class, () -> resolver.resolve("0x7f.1")).refused())
                .containsExactly(Map.entry(Ip.of("127.0.0.1"), "loopback"));
        assertThatThrownBy(() -> resolver.resolve("017700000001")).isInstanceOf(BlockedAddressException.class);
    }

    @Test
    void theSystemResolverChecksLiteralsWithoutALookup() {
        GuardedResolver resolver = new GuardedResolver(AddressPolicy.publicOnly());

        assertThat(resolver.resolve("8.8.8.8")).isEqualTo(addresses("8.8.8.8"));
        assertThat(resolver.resolve("2606:4700:4700::1111")).isEqualTo(addresses("2606:4700:4700::1111"));
        assertThatThrownBy(() -> resolver.resolve("127.0.0.1")).isInstanceOf(BlockedAddressException.class);
        assertThatThrownBy(() -> resolver.resolve("[::ffff:10.0.0.1]")).isInstanceOf(BlockedAddressException.class);
        // The JDK reads this decimal form itself: 127.0.0.1.
        assertThatThrownBy(() -> resolver.resolve("2130706433")).isInstanceOf(BlockedAddressException.class)
                .hasMessageEndingWith(": loopback");
        // The JDK refuses hex forms without a lookup; were they passed on, the C library would say 127.0.0.1.
        assertThatThrownBy(() -> resolver.resolve("0x7f.1")).isInstanceOf(BlockedAddressException.class);
    }

    @Test
    void anEndpointWithAnIpLiteralIsCheckedAgainWithoutAskingTheResolver() {
        Resolver noDns = host -> {
            throw new AssertionError("resolved " + host);
        };
        EndpointUrl saved = EndpointUrl.parse("http://10.0.0.5:8080/hook", AddressPolicy.allowingPrivateNetworks());

        assertThat(new GuardedResolver(AddressPolicy.allowingPrivateNetworks(), noDns).resolve(saved))
                .isEqualTo(addresses("10.0.0.5"));
        assertThat(catchThrowableOfType(BlockedAddressException.class,
                () -> new GuardedResolver(AddressPolicy.publicOnly(), noDns).resolve(saved)).refused())
                .containsExactly(Map.entry(Ip.of("10.0.0.5"), "private"));
    }

    @Test
    void anEndpointWithAHostNameIsResolvedThroughThePolicy() {
        GuardedResolver resolver = new GuardedResolver(AddressPolicy.publicOnly(),
                dns(Map.of("hooks.example.com", List.of("192.168.0.9", "203.0.113.50", "1.1.1.1"))));

        assertThat(resolver.resolve(EndpointUrl.parse("https://hooks.example.com/in", AddressPolicy.publicOnly())))
                .isEqualTo(addresses("1.1.1.1"));
    }
}
