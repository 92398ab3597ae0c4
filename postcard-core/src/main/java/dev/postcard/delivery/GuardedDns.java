package dev.postcard.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import okhttp3.Dns;

/**
 * The HTTP client's only way to turn a webhook host into addresses: every lookup goes through the
 * {@link GuardedResolver}, so every connection the client opens, first or pooled later, goes to an address the
 * {@link AddressPolicy} allowed when it was looked up. A refusal travels as the cause of the
 * {@link UnknownHostException} OkHttp expects; the sender takes it out again for the attempt's error.
 *
 * <p>OkHttp does not ask its {@code Dns} about a host written as an IP address; the sender checks those itself
 * before the call (an address cannot change).
 */
final class GuardedDns implements Dns {
    private final GuardedResolver resolver;

    GuardedDns(GuardedResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        try {
            return resolver.resolve(hostname);
        } catch (BlockedAddressException e) {
            UnknownHostException refused = new UnknownHostException(e.getMessage());
            refused.initCause(e);
            throw refused;
        }
    }
}
