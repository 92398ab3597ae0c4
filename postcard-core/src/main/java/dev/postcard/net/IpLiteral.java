package dev.postcard.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses textual IP addresses without ever touching DNS. {@link InetAddress#getByName} resolves anything that
 * is not a literal, and a client-supplied header must never make the server look up a name.
 */
public final class IpLiteral {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpLiteral() {
    }

    public static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String literal = text.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        try {
            if (IPV4.matcher(literal).matches()) {
                return ipv4(literal);
            }
            // With a colon in it, getByName parses an IPv6 literal or fails; it never resolves such a string.
            if (literal.indexOf(':') >= 0 && IPV6.matcher(literal).matches()) {
                return Optional.of(InetAddress.getByName(literal));
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    // Built from bytes: getByName would send an out-of-range "300.1.1.1" to DNS as a host name.
    private static Optional<InetAddress> ipv4(String literal) throws UnknownHostException {
        String[] parts = literal.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = Integer.parseInt(parts[i]);
            if (octet > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) octet;
        }
        return Optional.of(InetAddress.getByAddress(bytes));
    }
}
