package dev.postcard.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.InvalidInputException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointUrlTest {
    private static final AddressPolicy PUBLIC_ONLY = AddressPolicy.publicOnly();
    private static final AddressPolicy PRIVATE_ALLOWED = AddressPolicy.allowingPrivateNetworks();

    @Test
    void acceptsAnHttpsUrlAndNormalisesIt() {
        EndpointUrl url = EndpointUrl.parse("HTTPS://Hooks.Example.COM:443/a/../in?tenant=7&x=%2F", PUBLIC_ONLY);

        assertThat(url.uri()).isEqualTo(URI.create("https://hooks.example.com/in?tenant=7&x=%2F"));
        assertThat(url.host()).isEqualTo("hooks.example.com");
        assertThat(url.port()).isEqualTo(443);
        assertThat(url.https()).isTrue();
        assertThat(url.literalAddress()).isEmpty();
    }

    @Test
    void keepsANonDefaultPortAndGivesAnEmptyPathASlash() {
        EndpointUrl url = EndpointUrl.parse("https://example.com:8443", PUBLIC_ONLY);

        assertThat(url.uri()).isEqualTo(URI.create("https://example.com:8443/"));
        assertThat(url.port()).isEqualTo(8443);
    }

    @Test
    void doesNotResolveHostNamesWhenValidating() {
        // .invalid never resolves (RFC 6761); validation must not care, delivery resolves.
        assertThat(EndpointUrl.parse("https://hooks.example.invalid/x", PUBLIC_ONLY).host())
                .isEqualTo("hooks.example.invalid");
    }

    @Test
    void aRefusalThatTheSettingWouldLiftNamesTheSetting() {
        assertRefused("https://127.0.0.1/hook", PUBLIC_ONLY).hasMessageContaining("(loopback)")
                .hasMessageContaining("POSTCARD_ALLOW_PRIVATE_NETWORKS=true");
        assertRefused("https://10.1.2.3/hook", PUBLIC_ONLY).hasMessageContaining("POSTCARD_ALLOW_PRIVATE_NETWORKS=true");
        assertRefused("https://169.254.169.254/", PUBLIC_ONLY).hasMessageContaining("(cloud_metadata)")
                .hasMessageNotContaining("POSTCARD_ALLOW_PRIVATE_NETWORKS");
    }

    @Test
    void refusesHttpUnlessPrivateNetworksAreAllowed() {
        assertRefused("http://example.com/hook", PUBLIC_ONLY).hasMessageContaining("must use https, not http")
                .hasMessageContaining("POSTCARD_ALLOW_PRIVATE_NETWORKS=true");

        EndpointUrl url = EndpointUrl.parse("http://localhost:8080/hook", PRIVATE_ALLOWED);
        assertThat(url.uri()).isEqualTo(URI.create("http://localhost:8080/hook"));
        assertThat(url.https()).isFalse();
        assertThat(EndpointUrl.parse("http://example.com:80/", PRIVATE_ALLOWED).uri())
                .isEqualTo(URI.create("http://example.com/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ftp://example.com/", "file:///etc/passwd", "gopher://example.com/", "ws://example.com/", "javascript:alert(1)",
    })
    void refusesOtherSchemes(String url) {
        assertRefused(url, PRIVATE_ALLOWED).hasMessageContaining("must use https or http");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/hooks", "example.com/hooks", "https:example.com", "https:///hooks", "//example.com/hooks"})
    void refusesUrlsWithoutSchemeOrHost(String url) {
        assertRefused(url, PUBLIC_ONLY).hasMessageContaining("absolute URL with a host");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://user:secret@example.com/", "https://token@example.com/", "https://user:pw@ex_ample.com/",
        "https://example.com@127.0.0.1/",
    })
    void refusesCredentialsInTheUrl(String url) {
        assertRefused(url, PUBLIC_ONLY).hasMessageContaining("user name or password");
    }

    @Test
    void refusesAFragment() {
        assertRefused("https://example.com/hook#@evil.example", PUBLIC_ONLY).hasMessageContaining("fragment");
    }

    @Test
    void refusesPortsOutsideTheValidRange() {
        assertRefused("https://example.com:0/", PUBLIC_ONLY).hasMessageContaining("port 0 is outside 1-65535");
        assertRefused("https://example.com:65536/", PUBLIC_ONLY).hasMessageContaining("port 65536");
        assertRefused("https://example.com:99999999999/", PUBLIC_ONLY).hasMessageContaining("not a valid host");
        assertThat(EndpointUrl.parse("https://example.com:65535/", PUBLIC_ONLY).port()).isEqualTo(65535);
        assertThat(EndpointUrl.parse("https://example.com:1/", PUBLIC_ONLY).port()).isEqualTo(1);
    }

    @Test
    void refusesUrlsLongerThan2048Characters() {
        String prefix = "https://example.com/";
        String longest = prefix + "a".repeat(EndpointUrl.MAX_LENGTH - prefix.length());

        assertThat(EndpointUrl.parse(longest, PUBLIC_ONLY).uri().toString()).hasSize(2048);
        assertRefused(longest + "a", PUBLIC_ONLY).hasMessageContaining("2049 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "https://exa mple.com/", "https://example.com/a b", "https://127.0.0.1.:8443/"})
    void refusesWhatIsNotAUrl(String url) {
        assertRefused(url, PUBLIC_ONLY);
    }

    @Test
    void refusesNull() {
        assertRefused(null, PUBLIC_ONLY).hasMessageContaining("required");
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource({
        "https://127.0.0.1/, loopback",
        "https://169.254.169.254/latest/meta-data/, cloud_metadata",
        "https://169.254.1.1/, link_local",
        "https://10.0.0.1/, private",
        "https://100.64.0.1/, cgnat",
        "https://0.0.0.0/, unspecified",
        "https://224.0.0.1/, multicast",
        "https://[::1]/, loopback",
        "https://[::]/, unspecified",
        "https://[::ffff:127.0.0.1]/, loopback",
        "https://[::ffff:10.0.0.1]/, private",
        "https://[::ffff:a9fe:a9fe]/, cloud_metadata",
        "https://[fe80::1]/, link_local",
        "https://[fd00::1]/, unique_local",
        "https://[ff02::1]/, multicast",
        "https://[2002:7f00:1::1]/, 6to4:loopback",
        "https://[64:ff9b::a00:1]/, nat64:private",
        "https://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/, teredo:private",
    })
    void checksIpLiteralsAgainstThePolicy(String url, String reason) {
        assertRefused(url, PUBLIC_ONLY).hasMessageContaining("not allowed as a webhook destination (" + reason + ")");
    }

    @Test
    void acceptsPublicIpLiteralsAndKeepsTheAddress() throws Exception {
        EndpointUrl v4 = EndpointUrl.parse("https://8.8.8.8/hook", PUBLIC_ONLY);
        assertThat(v4.literalAddress()).contains(InetAddress.getByName("8.8.8.8"));
        assertThat(v4.host()).isEqualTo("8.8.8.8");

        EndpointUrl v6 = EndpointUrl.parse("https://[2606:4700:4700::1111]:8443/hook", PUBLIC_ONLY);
        assertThat(v6.literalAddress()).contains(InetAddress.getByName("2606:4700:4700::1111"));
        assertThat(v6.host()).isEqualTo("2606:4700:4700::1111");
        assertThat(v6.uri()).isEqualTo(URI.create("https://[2606:4700:4700::1111]:8443/hook"));
    }

    @Test
    void allowingPrivateNetworksAcceptsPrivateLiteralsButNotUnspecifiedOrMulticast() {
        assertThat(EndpointUrl.parse("http://127.0.0.1:9000/", PRIVATE_ALLOWED).literalAddress()).isPresent();
        assertThat(EndpointUrl.parse("https://[fd00::1]/", PRIVATE_ALLOWED).literalAddress()).isPresent();
        assertRefused("http://0.0.0.0:9000/", PRIVATE_ALLOWED).hasMessageContaining("(unspecified)");
        assertRefused("http://[ff02::1]/", PRIVATE_ALLOWED).hasMessageContaining("(multicast)");
        assertRefused("http://169.254.169.254/", PRIVATE_ALLOWED).hasMessageContaining("(cloud_metadata)");
    }

    // Each of these means 127.0.0.1 to curl, browsers or the C library's inet_aton.
    @ParameterizedTest
    @ValueSource(strings = {
        "http://2130706433/", "http://0x7f.1/", "http://0x7f000001/", "http://017700000001/", "http://0177.0.0.1/",
        "http://127.1/", "http://127.0.1/", "http://0x7f.0x0.0x0.0x1/", "http://0/", "http://127.0.0.01/",
        "http://1.2.3.4.5/",
    })
    void refusesEveryIpv4SpellingButFourDecimalNumbers(String url) {
        // Even where loopback is allowed: what is refused is the spelling, whatever it would reach.
        assertRefused(url, PRIVATE_ALLOWED).hasMessageContaining("is not a plain IPv4 address");
        assertRefused(url.replace("http:", "https:"), PUBLIC_ONLY).hasMessageContaining("IPv4");
    }

    @Test
    void theJdkReadsOddIpv4SpellingsDifferentlyFromOtherClients() throws Exception {
        // Why the spellings above are refused rather than interpreted: the readings differ.
        assertThat(InetAddress.getByName("2130706433").getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(InetAddress.getByName("127.1").getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(InetAddress.getByName("0177.0.0.1").getHostAddress()).isEqualTo("177.0.0.1"); // curl: 127.0.0.1
        if (!Boolean.getBoolean("jdk.net.allowAmbiguousIPAddressLiterals")) {
            // Refused by the JDK without a lookup; with that property set it asks the C library, which says 127.0.0.1.
            assertThatThrownBy(() -> InetAddress.getByName("0x7f.1")).isInstanceOf(UnknownHostException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://localhost/", "https://LOCALHOST./", "https://api.localhost:8443/"})
    void refusesLocalhostNamesUnlessPrivateNetworksAreAllowed(String url) {
        assertRefused(url, PUBLIC_ONLY).hasMessageContaining("(loopback)");
        assertThat(EndpointUrl.parse(url, PRIVATE_ALLOWED).literalAddress()).isEmpty();
    }

    @Test
    void explainsHostsThatAreNotPlainAsciiNames() {
        assertRefused("https://exämple.com/", PUBLIC_ONLY).hasMessageContaining("ASCII form (xn--");
        assertThat(EndpointUrl.parse("https://xn--exmple-cua.com/", PUBLIC_ONLY).host()).isEqualTo("xn--exmple-cua.com");
        assertRefused("https://%31%32%37.0.0.1/", PUBLIC_ONLY).hasMessageContaining("percent-encoded");
        assertRefused("https://ex_ample.com/", PUBLIC_ONLY).hasMessageContaining("not a valid host name");
    }

    @Test
    void refusesAnIpv6ZoneIdentifier() {
        assertRefused("https://[fe80::1%25eth0]/", PRIVATE_ALLOWED).hasMessageContaining("network interface");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String url, AddressPolicy policy) {
        return assertThatThrownBy(() -> EndpointUrl.parse(url, policy))
                .as("parse(%s)", url)
                .isInstanceOf(InvalidInputException.class)
                .hasFieldOrPropertyWithValue("field", "url");
    }
}
