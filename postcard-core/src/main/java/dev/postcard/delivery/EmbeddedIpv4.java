package dev.postcard.delivery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The IPv4 address an IPv6 address stands for, when the IPv6 form is only a way to reach an IPv4 host: a
 * destination such as {@code ::ffff:10.0.0.1} or {@code 64:ff9b::a00:1} ends up at {@code 10.0.0.1}, so it is
 * judged as that address.
 *
 * <p>{@code candidates} holds more than one address only for the local-use NAT64 prefix
 * {@code 64:ff9b:1::/48} (RFC 8215): its operator picks the prefix length, and RFC 6052 places the IPv4
 * address differently for each, so every placement the address is consistent with is a candidate.
 */
record EmbeddedIpv4(String kind, List<Inet4Address> candidates) {

    static Optional<EmbeddedIpv4> in(byte[] a) {
        if (a.length != 16) {
            return Optional.empty();
        }
        if (zero(a, 0, 10) && (a[10] & 0xFF) == 0xFF && (a[11] & 0xFF) == 0xFF) {
            return found("ipv4_mapped", ipv4(a, 12, 13, 14, 15));
        }
        if (zero(a, 0, 12)) {
            return found("ipv4_compatible", ipv4(a, 12, 13, 14, 15));
        }
        if (word(a, 0) == 0x2002) {
            return found("6to4", ipv4(a, 2, 3, 4, 5));
        }
        if (word(a, 0) == 0x0064 && word(a, 2) == 0xFF9B && zero(a, 4, 12)) {
            return found("nat64", ipv4(a, 12, 13, 14, 15));
        }
        if (word(a, 0) == 0x0064 && word(a, 2) == 0xFF9B && word(a, 4) == 0x0001) {
            return Optional.of(new EmbeddedIpv4("nat64", localUseNat64(a)));
        }
        if (word(a, 0) == 0x2001 && word(a, 2) == 0x0000) {
            // Teredo carries the client's address with every bit inverted (RFC 4380 §4).
            byte[] client = {(byte) ~a[12], (byte) ~a[13], (byte) ~a[14], (byte) ~a[15]};
            return found("teredo", ipv4(client, 0, 1, 2, 3));
        }
        return Optional.empty();
    }

    // RFC 6052 §2.2: bits 64-71 are zero and the bits after the IPv4 address are zero, for prefixes up to /64.
    private static List<Inet4Address> localUseNat64(byte[] a) {
        List<Inet4Address> candidates = new ArrayList<>();
        boolean uOctetZero = a[8] == 0;
        if (uOctetZero && zero(a, 11, 16)) {
            candidates.add(ipv4(a, 6, 7, 9, 10));
        }
        if (uOctetZero && zero(a, 12, 16)) {
            candidates.add(ipv4(a, 7, 9, 10, 11));
        }
        if (uOctetZero && zero(a, 13, 16)) {
            candidates.add(ipv4(a, 9, 10, 11, 12));
        }
        candidates.add(ipv4(a, 12, 13, 14, 15));
        return List.copyOf(candidates);
    }

    private static Optional<EmbeddedIpv4> found(String kind, Inet4Address address) {
        return Optional.of(new EmbeddedIpv4(kind, List.of(address)));
    }

    private static Inet4Address ipv4(byte[] a, int i, int j, int k, int l) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {a[i], a[j], a[k], a[l]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    private static boolean zero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int word(byte[] a, int i) {
        return ((a[i] & 0xFF) << 8) | (a[i + 1] & 0xFF);
    }
}
