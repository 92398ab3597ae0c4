package dev.postcard.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Resolves a webhook host and keeps only the addresses the {@link AddressPolicy} allows.
 *
 * <p>The contract with the sender, which is what closes the DNS-rebinding window: every connection goes to one
 * of the {@link InetAddress}es this class returned for it. The sender's HTTP client has no other resolver
 * ({@link GuardedDns}), so each new connection, pooled or not, is resolved and checked here; nothing hands the
 * host name to anything that resolves it again ({@code new Socket(host, port)}, the JVM's proxy settings),
 * since a second answer may differ from the one checked. The host name is still what goes into TLS (SNI and
 * certificate verification) and the {@code Host} header. Redirects are not followed (DESIGN.md §6), so no
 * other host is ever reached.
 *
 * <p>A name that resolves to both allowed and refused addresses yields only the allowed ones: a receiver
 * whose DNS also lists a private address still gets its webhooks, and the private address is never tried.
 * Lookups are not cached here; the JDK's own cache ({@code networkaddress.cache.ttl}) applies.
 */
final class GuardedResolver {
    private final AddressPolicy policy;
    private final Resolver resolver;

    /** Resolves with the JDK. */
    public GuardedResolver(AddressPolicy policy) {
        this(policy, Resolver.system());
    }

    public GuardedResolver(AddressPolicy policy, Resolver resolver) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    public AddressPolicy policy() {
        return policy;
    }

    /**
     * The allowed addresses of the URL's host, in the resolver's order, never empty. An IP address written in
     * the URL is checked again (the policy may have changed since the URL was saved) and not looked up.
     *
     * @throws BlockedAddressException when the host does not resolve or every address is refused
     */
    public List<InetAddress> resolve(EndpointUrl url) {
        if (url.literalAddress().isPresent()) {
            return filter(url.host(), List.of(url.literalAddress().get()));
        }
        return resolve(url.host());
    }

    /**
     * The allowed addresses of {@code host}, in the resolver's order, without duplicates, never empty.
     *
     * @throws BlockedAddressException when the host does not resolve or every address is refused
     */
    public List<InetAddress> resolve(String host) {
        Objects.requireNonNull(host, "host");
        List<InetAddress> answer;
        try {
            answer = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new BlockedAddressException(host, e);
        }
        return filter(host, answer == null ? List.of() : answer);
    }

    private List<InetAddress> filter(String host, List<InetAddress> answer) {
        Set<InetAddress> addresses = new LinkedHashSet<>();
        for (InetAddress address : answer) {
            if (address != null) {
                addresses.add(address);
            }
        }
        if (addresses.isEmpty()) {
            throw new BlockedAddressException(host, new UnknownHostException(host + ": no addresses"));
        }
        List<InetAddress> allowed = new ArrayList<>();
        Map<InetAddress, String> refused = new LinkedHashMap<>();
        for (InetAddress address : addresses) {
            AddressVerdict verdict = policy.check(address);
            if (verdict.allowed()) {
                allowed.add(address);
            } else {
                refused.put(address, verdict.reason().orElseThrow());
            }
        }
        if (allowed.isEmpty()) {
            throw new BlockedAddressException(host, refused);
        }
        return List.copyOf(allowed);
    }
}
