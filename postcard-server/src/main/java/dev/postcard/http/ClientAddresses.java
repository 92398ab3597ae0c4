package dev.postcard.http;

import dev.postcard.delivery.AddressPolicy;
import dev.postcard.net.CidrBlock;
import dev.postcard.net.IpLiteral;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The address of the person (or machine) behind a request: for tracking hits (locations, machine detection)
 * and for slowing down wrong API keys per client.
 *
 * <p>Directly, it is the connection's peer. Behind proxies ({@code POSTCARD_TRUST_PROXY}) it is read from
 * {@code X-Forwarded-For}, where each proxy appends the address it received from. Only what the proxies of
 * the operator wrote can be believed: the entries are read from the right, past the peer and every entry that
 * is one of those proxies ({@code POSTCARD_TRUSTED_PROXIES}; by default the private and loopback ranges), and
 * the first other one is the client. Anything left of it was written by the client, who may write anything.
 * A peer that is not a trusted proxy is itself the client, whatever it sends. Only IP literals are taken: a
 * name here must never cause a DNS lookup.
 */
public final class ClientAddresses {
    private final boolean behindProxies;
    private final List<CidrBlock> trusted;

    private ClientAddresses(boolean behindProxies, List<CidrBlock> trusted) {
        this.behindProxies = behindProxies;
        this.trusted = List.copyOf(trusted);
    }

    /** No proxy in front: the peer is the client. */
    public static ClientAddresses direct() {
        return new ClientAddresses(false, List.of());
    }

    /** Behind proxies in {@code trusted}, or, when it is empty, in the private and loopback ranges. */
    public static ClientAddresses behindProxies(List<CidrBlock> trusted) {
        return new ClientAddresses(true, trusted);
    }

    Optional<InetAddress> of(ServerRequest req) {
        SocketAddress peerAddress = req.remotePeer().address();
        Optional<InetAddress> peer = peerAddress instanceof InetSocketAddress inet && inet.getAddress() != null
                ? Optional.of(inet.getAddress()) : Optional.empty();
        if (!behindProxies || peer.isEmpty() || !isProxy(peer.get())) {
            return peer;
        }
        List<InetAddress> hops = new ArrayList<>();
        for (String header : req.headers().all(HeaderNames.X_FORWARDED_FOR, List::of)) {
            for (String entry : header.split(",")) {
                Optional<InetAddress> hop = IpLiteral.parse(entry.strip());
                if (hop.isEmpty()) {
                    return peer; // a header that is not a list of addresses tells nothing
                }
                hops.add(hop.get());
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!isProxy(hops.get(i))) {
                return Optional.of(hops.get(i));
            }
        }
        return hops.isEmpty() ? peer : Optional.of(hops.getFirst());
    }

    private boolean isProxy(InetAddress address) {
        if (trusted.isEmpty()) {
            return !AddressPolicy.publicOnly().allows(address);
        }
        return trusted.stream().anyMatch(block -> block.contains(address));
    }
}
