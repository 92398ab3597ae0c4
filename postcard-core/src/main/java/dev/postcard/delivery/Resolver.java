package dev.postcard.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Turns a host name into addresses; tests give fixed answers instead of asking DNS. */
@FunctionalInterface
interface Resolver {

    /** Every address {@code host} names, or {@link UnknownHostException} when it names none. */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JDK's resolver, {@link InetAddress#getAllByName}; an IP literal comes back as itself, unresolved. */
    static Resolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
