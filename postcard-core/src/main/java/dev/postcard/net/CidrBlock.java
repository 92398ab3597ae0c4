package dev.postcard.net;

import dev.postcard.InvalidInputException;
import java.net.InetAddress;
import java.util.Optional;

/** An IPv4 or IPv6 network such as {@code 17.0.0.0/8}; addresses of the other family never match. */
public record CidrBlock(InetAddress network, int prefixLength) {

    public CidrBlock {
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new InvalidInputException("network", "prefix /" + prefixLength + " does not fit " + network.getHostAddress());
        }
    }

    /** Parses {@code address/prefix}; a bare address is a single-host block. Never resolves a host name. */
    public static CidrBlock parse(String cidr) {
        String text = cidr == null ? "" : cidr.strip();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        InetAddress network = IpLiteral.parse(address)
                .orElseThrow(() -> new InvalidInputException("network", "'" + cidr + "' is not an IP network"));
        int bits = network.getAddress().length * 8;
        if (slash < 0) {
            return new CidrBlock(network, bits);
        }
        try {
            return new CidrBlock(network, Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("network", "'" + cidr + "' has no valid prefix length");
        }
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** Whether the raw address bytes (4 for IPv4, 16 for IPv6) fall in this block. */
    public boolean contains(byte[] candidate) {
        byte[] net = network.getAddress();
        if (net.length != candidate.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (net[i] != candidate[i]) {
                return false;
            }
        }
        int remainder = prefixLength % 8;
        if (remainder == 0) {
            return true;
        }
        int mask = (0xFF << (8 - remainder)) & 0xFF;
        return (net[fullBytes] & mask) == (candidate[fullBytes] & mask);
    }

    public boolean contains(Optional<InetAddress> address) {
        return address.isPresent() && contains(address.get());
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
