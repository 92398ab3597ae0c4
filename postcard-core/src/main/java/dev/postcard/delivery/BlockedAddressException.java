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
 * The message, which tenants read in delivery attempts and test sends, names the reasons only: the addresses
 * an internal name resolves to are the operator's business, not a map of the network for whoever asks.
 */
class BlockedAddressException extends PostcardException {
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
        return refused.values().stream().distinct().collect(Collectors.joining(", "));
    }
}
