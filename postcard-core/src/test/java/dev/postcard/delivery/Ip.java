package dev.postcard.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Addresses from literals, without DNS. */
final class Ip {
    private static final Pattern LITERAL = Pattern.compile("[0-9]+(\\.[0-9]+){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private Ip() {
    }

    /**
     * The address as written: an IPv6 literal stays IPv6 even in the {@code ::ffff:a.b.c.d} form, which
     * {@link InetAddress#getByName} turns into an IPv4 address but a resolver may hand back as IPv6.
     */
    static InetAddress of(String literal) {
        if (!LITERAL.matcher(literal).matches()) {
            throw new IllegalArgumentException("not an IP literal: " + literal);
        }
        try {
            InetAddress parsed = InetAddress.getByName(literal);
            if (literal.indexOf(':') < 0 || parsed instanceof Inet6Address) {
                return parsed;
            }
            byte[] v4 = ((Inet4Address) parsed).getAddress();
            byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, v4[0], v4[1], v4[2], v4[3]};
            return Inet6Address.getByAddress(null, mapped, -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
