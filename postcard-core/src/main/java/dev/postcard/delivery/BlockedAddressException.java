package dev.postcard.delivery;

import dev.postcard.PostcardException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A webhook host gave no address the {@link AddressPolicy} allows: it does not resolve, or every address it
 * resolves to is refused. {@link #refused()} maps each refused address to its reason, in the resolver's order.
 */
public class BlockedAddressException extends PostcardException {
    private final String host;
    private final Map<InetAddress, String> refused;

    public BlockedAddressException(String host, Map<InetAddress, String> refused) {
        super(host + " resolves only to addresses not allowed as webhook destinations: " + describe(refused));
        this.host = host;
        this.refused = Collections.unmodifiableMap(new LinkedHashMap<>(refused));
    }

    public BlockedAddressException(String host, UnknownHostException cause) {
        super(host + " does not resolve", cause);
        this.host = host;
        this.refused = Map.of();
    }

    public String host() {
        return host;
    }

    /** Each refused address and its reason ({@code loopback}, {@code ipv4_mapped:private} ...); empty when the host did not resolve. */
    public Map<InetAddress, String> refused() {
        return refused;
    }

    private static String describe(Map<InetAddress, String> refused) {
        return refused.entrySet().stream()
                .map(e -> e.getKey().getHostAddress() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
    }
}
