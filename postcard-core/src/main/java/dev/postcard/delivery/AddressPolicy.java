package dev.postcard.delivery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether an address may be a webhook destination (DESIGN.md §6): by default only public unicast
 * addresses may, so a tenant's endpoint URL cannot make the server call itself, its network, or the cloud's
 * metadata service.
 *
 * <p>An IPv6 address that only carries an IPv4 one (IPv4-mapped, IPv4-compatible, 6to4, NAT64, Teredo) is
 * judged by the IPv4 address it carries, and the reason says both: {@code ipv4_mapped:loopback}. Outside those
 * forms, an IPv6 address must be global unicast ({@code 2000::/3}); the rest of the IPv6 space is reserved.
 *
 * <p>{@link #allowingPrivateNetworks()} (development, tests, receivers on the operator's own network) lifts
 * the refusal of networks a receiver can legitimately live on: loopback, RFC 1918 private, link-local,
 * CGNAT {@code 100.64/10}, IPv6 unique-local and site-local. It never lifts the refusal of addresses that
 * are no single host or no real destination — unspecified ({@code 0.0.0.0}, which Linux connects to the
 * local host, and {@code ::}), multicast, broadcast, documentation, benchmarking and reserved ranges — nor of
 * the well-known cloud metadata endpoints, which hand out the server's credentials.
 */
public final class AddressPolicy {
    private static final boolean PRIVATE = true;
    private static final boolean NEVER = false;

    // Order matters: the first block that contains an address names the reason.
    private static final List<AddressBlock> IPV4 = List.of(
            AddressBlock.of("0.0.0.0/8", "unspecified", NEVER),
            AddressBlock.of("127.0.0.0/8", "loopback", PRIVATE),
            AddressBlock.of("10.0.0.0/8", "private", PRIVATE),
            AddressBlock.of("172.16.0.0/12", "private", PRIVATE),
            AddressBlock.of("192.168.0.0/16", "private", PRIVATE),
            AddressBlock.of("169.254.169.254/32", "cloud_metadata", NEVER), // AWS, GCP, Azure, OpenStack ...
            AddressBlock.of("169.254.170.2/32", "cloud_metadata", NEVER), // AWS ECS task credentials
            AddressBlock.of("100.100.100.200/32", "cloud_metadata", NEVER), // Alibaba Cloud
            AddressBlock.of("169.254.0.0/16", "link_local", PRIVATE),
            AddressBlock.of("100.64.0.0/10", "cgnat", PRIVATE),
            AddressBlock.of("192.0.0.0/24", "reserved", NEVER),
            AddressBlock.of("192.0.2.0/24", "documentation", NEVER),
            AddressBlock.of("192.88.99.0/24", "reserved", NEVER), // former 6to4 relay anycast
            AddressBlock.of("198.18.0.0/15", "benchmarking", NEVER),
            AddressBlock.of("198.51.100.0/24", "documentation", NEVER),
            AddressBlock.of("203.0.113.0/24", "documentation", NEVER),
            AddressBlock.of("224.0.0.0/4", "multicast", NEVER),
            AddressBlock.of("255.255.255.255/32", "broadcast", NEVER),
            AddressBlock.of("240.0.0.0/4", "reserved", NEVER));

    private static final List<AddressBlock> IPV6 = List.of(
            AddressBlock.of("::/128", "unspecified", NEVER),
            AddressBlock.of("::1/128", "loopback", PRIVATE),
            AddressBlock.of("fd00:ec2::254/128", "cloud_metadata", NEVER), // AWS over IPv6
            AddressBlock.of("fc00::/7", "unique_local", PRIVATE),
            AddressBlock.of("fe80::/10", "link_local", PRIVATE),
            AddressBlock.of("fec0::/10", "site_local", PRIVATE),
            AddressBlock.of("ff00::/8", "multicast", NEVER),
            AddressBlock.of("2001:db8::/32", "documentation", NEVER),
            AddressBlock.of("3fff::/20", "documentation", NEVER),
            AddressBlock.of("2001:2::/48", "benchmarking", NEVER),
            AddressBlock.of("100::/64", "reserved", NEVER)); // discard-only

    private static final AddressBlock GLOBAL_UNICAST = AddressBlock.of("2000::/3", "reserved", NEVER);

    private static final AddressPolicy PUBLIC_ONLY = new AddressPolicy(false);
    private static final AddressPolicy PRIVATE_ALLOWED = new AddressPolicy(true);

    private final boolean allowPrivateNetworks;

    public AddressPolicy(boolean allowPrivateNetworks) {
        this.allowPrivateNetworks = allowPrivateNetworks;
    }

    /** The production policy: public unicast addresses only. */
    public static AddressPolicy publicOnly() {
        return PUBLIC_ONLY;
    }

    public static AddressPolicy allowingPrivateNetworks() {
        return PRIVATE_ALLOWED;
    }

    public boolean allowsPrivateNetworks() {
        return allowPrivateNetworks;
    }

    public AddressVerdict check(InetAddress address) {
        byte[] bytes = Objects.requireNonNull(address, "address").getAddress();
        Optional<AddressVerdict> listed = checkBlocks(bytes, bytes.length == 4 ? IPV4 : IPV6);
        if (listed.isPresent()) {
            return listed.get();
        }
        if (bytes.length == 4) {
            return AddressVerdict.allow();
        }
        Optional<EmbeddedIpv4> embedded = EmbeddedIpv4.in(bytes);
        if (embedded.isPresent()) {
            return checkEmbedded(embedded.get());
        }
        return GLOBAL_UNICAST.contains(bytes) ? AddressVerdict.allow() : AddressVerdict.refuse(GLOBAL_UNICAST.reason());
    }

    public boolean allows(InetAddress address) {
        return check(address).allowed();
    }

    private Optional<AddressVerdict> checkBlocks(byte[] bytes, List<AddressBlock> blocks) {
        for (AddressBlock block : blocks) {
            if (block.contains(bytes)) {
                boolean lifted = allowPrivateNetworks && block.privateNetwork();
                return Optional.of(lifted ? AddressVerdict.allow() : AddressVerdict.refuse(block.reason()));
            }
        }
        return Optional.empty();
    }

    private AddressVerdict checkEmbedded(EmbeddedIpv4 embedded) {
        for (Inet4Address candidate : embedded.candidates()) {
            AddressVerdict verdict = check(candidate);
            if (verdict.refused()) {
                return AddressVerdict.refuse(embedded.kind() + ":" + verdict.reason().orElseThrow());
            }
        }
        return AddressVerdict.allow();
    }

    @Override
    public String toString() {
        return allowPrivateNetworks ? "AddressPolicy[private networks allowed]" : "AddressPolicy[public only]";
    }
}
