package dev.postcard.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {
    private final AddressPolicy publicOnly = AddressPolicy.publicOnly();
    private final AddressPolicy privateAllowed = AddressPolicy.allowingPrivateNetworks();

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource({
        "0.0.0.0, unspecified",
        "0.1.2.3, unspecified",
        "127.0.0.1, loopback",
        "127.255.255.254, loopback",
        "10.0.0.1, private",
        "10.255.255.255, private",
        "172.16.0.1, private",
        "172.31.255.255, private",
        "192.168.1.1, private",
        "169.254.0.1, link_local",
        "169.254.169.254, cloud_metadata",
        "169.254.170.2, cloud_metadata",
        "100.100.100.200, cloud_metadata",
        "100.64.0.1, cgnat",
        "100.127.255.254, cgnat",
        "224.0.0.1, multicast",
        "239.255.255.250, multicast",
        "255.255.255.255, broadcast",
        "192.0.0.8, reserved",
        "192.0.2.1, documentation",
        "192.88.99.1, reserved",
        "198.18.0.1, benchmarking",
        "198.19.255.254, benchmarking",
        "198.51.100.7, documentation",
        "203.0.113.9, documentation",
        "240.0.0.1, reserved",
        "254.255.255.255, reserved",
    })
    void refusesSpecialPurposeIpv4Ranges(String address, String reason) {
        assertThat(publicOnly.check(Ip.of(address))).isEqualTo(AddressVerdict.refuse(reason));
    }

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource({
        "::, unspecified",
        "::1, loopback",
        "fc00::1, unique_local",
        "fd00::1, unique_local",
        "fd00:ec2::254, cloud_metadata",
        "fe80::1, link_local",
        "febf:ffff::1, link_local",
        "fec0::1, site_local",
        "ff02::1, multicast",
        "ff0e::1, multicast",
        "2001:db8::1, documentation",
        "3fff::1, documentation",
        "2001:2::1, benchmarking",
        "100::1, reserved",
        "4000::1, reserved",
        "1::1, reserved",
    })
    void refusesSpecialPurposeIpv6Ranges(String address, String reason) {
        assertThat(publicOnly.check(Ip.of(address))).isEqualTo(AddressVerdict.refuse(reason));
    }

    @ParameterizedTest(name = "{0} is judged by the IPv4 address it embeds: {1}")
    @CsvSource({
        "::ffff:127.0.0.1, ipv4_mapped:loopback",
        "::ffff:10.0.0.1, ipv4_mapped:private",
        "::ffff:169.254.169.254, ipv4_mapped:cloud_metadata",
        "::127.0.0.1, ipv4_compatible:loopback",
        "::a00:1, ipv4_compatible:private",
        "::0.0.0.2, ipv4_compatible:unspecified",
        "2002:7f00:1::1, 6to4:loopback",
        "2002:a9fe:a9fe::1, 6to4:cloud_metadata",
        "2002:c0a8:101::, 6to4:private",
        "64:ff9b::a00:1, nat64:private",
        "64:ff9b::7f00:1, nat64:loopback",
        "64:ff9b::6440:1, nat64:cgnat",
        "64:ff9b:1::a00:1, nat64:private",
        // 2001:0:<server>:<flags>:<port>:<client>, the client bit-inverted: ~f5ff:fffe is 10.0.0.1
        "2001:0:4136:e378:8000:63bf:f5ff:fffe, teredo:private",
        "2001:0:4136:e378:8000:63bf:80ff:fffe, teredo:loopback",
    })
    void refusesIpv6FormsThatEmbedARefusedIpv4Address(String address, String reason) {
        assertThat(publicOnly.check(Ip.of(address))).isEqualTo(AddressVerdict.refuse(reason));
    }

    @Test
    void theJdkAlreadyTurnsIpv4MappedLiteralsIntoIpv4Addresses() throws Exception {
        InetAddress parsed = InetAddress.getByName("::ffff:127.0.0.1");
        assertThat(parsed).isInstanceOf(Inet4Address.class);
        assertThat(publicOnly.check(parsed)).isEqualTo(AddressVerdict.refuse("loopback"));
    }

    @Test
    void localUseNat64IsRefusedWhenAnyPrefixLengthWouldReachARefusedAddress() {
        // As a /64 translator reads it (bits 72-103): 10.0.0.1; as a /96 one reads it: 1.0.0.0.
        assertThat(publicOnly.check(Ip.of("64:ff9b:1:0:a:0:100:0"))).isEqualTo(AddressVerdict.refuse("nat64:private"));
        assertThat(publicOnly.check(Ip.of("64:ff9b:1::808:808"))).isEqualTo(AddressVerdict.allow());
    }

    @ParameterizedTest(name = "{0} is allowed")
    @ValueSource(strings = {
        "8.8.8.8", "1.1.1.1", "93.184.216.34", "1.0.0.0", "9.255.255.255", "11.0.0.0", "172.15.255.255",
        "172.32.0.0", "100.63.255.255", "100.128.0.0", "169.253.255.255", "169.255.0.0", "192.167.255.255",
        "192.169.0.0", "198.17.255.255", "198.20.0.0", "223.255.255.255", "126.255.255.255", "128.0.0.0",
        "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "2001:4860:4860::8888",
    })
    void allowsPublicAddresses(String address) {
        assertThat(publicOnly.check(Ip.of(address))).isEqualTo(AddressVerdict.allow());
    }

    @ParameterizedTest(name = "{0} is allowed")
    @ValueSource(strings = {
        "::ffff:8.8.8.8", "2002:808:808::1", "64:ff9b::808:808", "2001:0:4136:e378:8000:63bf:f7f7:f7f7",
    })
    void allowsIpv6FormsThatEmbedAPublicIpv4Address(String address) {
        assertThat(publicOnly.check(Ip.of(address))).isEqualTo(AddressVerdict.allow());
    }

    @ParameterizedTest(name = "{0} is allowed with private networks")
    @ValueSource(strings = {
        "127.0.0.1", "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.0.1", "100.64.0.1", "::1", "fd00::1",
        "fe80::1", "fec0::1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "2002:7f00:1::1",
    })
    void allowingPrivateNetworksLiftsLoopbackPrivateLinkLocalCgnatAndUniqueLocal(String address) {
        assertThat(privateAllowed.check(Ip.of(address))).isEqualTo(AddressVerdict.allow());
    }

    @ParameterizedTest(name = "{0} is still refused as {1}")
    @CsvSource({
        "0.0.0.0, unspecified",
        "::, unspecified",
        "224.0.0.1, multicast",
        "ff02::1, multicast",
        "255.255.255.255, broadcast",
        "192.0.2.1, documentation",
        "2001:db8::1, documentation",
        "198.18.0.1, benchmarking",
        "240.0.0.1, reserved",
        "169.254.169.254, cloud_metadata",
        "fd00:ec2::254, cloud_metadata",
        "::ffff:0.0.0.0, ipv4_mapped:unspecified",
        "64:ff9b::e000:1, nat64:multicast",
        "2002:a9fe:a9fe::1, 6to4:cloud_metadata",
    })
    void allowingPrivateNetworksStillRefusesWhatIsNoRealDestination(String address, String reason) {
        assertThat(privateAllowed.check(Ip.of(address))).isEqualTo(AddressVerdict.refuse(reason));
    }

    @Test
    void aVerdictNamesItsReasonOnlyWhenRefused() {
        AddressVerdict refused = publicOnly.check(Ip.of("10.1.2.3"));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.reason()).contains("private");
        AddressVerdict allowed = publicOnly.check(Ip.of("8.8.4.4"));
        assertThat(allowed.allowed()).isTrue();
        assertThat(allowed.reason()).isEmpty();
        assertThat(publicOnly.allows(Ip.of("8.8.4.4"))).isTrue();
    }

    @Test
    void thePoliciesSayWhetherPrivateNetworksAreAllowed() {
        assertThat(publicOnly.allowsPrivateNetworks()).isFalse();
        assertThat(privateAllowed.allowsPrivateNetworks()).isTrue();
        assertThat(new AddressPolicy(true).check(Ip.of("10.0.0.1")).allowed()).isTrue();
    }
}
