package dev.postcard.http;

import dev.postcard.net.IpLiteral;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;

/**
 * The address of the person (or machine) behind a tracking hit. {@code X-Forwarded-For} is honoured only
 * when the operator says a proxy sits in front ({@code POSTCARD_TRUST_PROXY}); otherwise anyone could forge it. Only IP literals are taken: a name here must never cause a DNS lookup.
 */
final class ClientAddresses {
    private final boolean trustProxy;

    ClientAddresses(boolean trustProxy) {
        this.trustProxy = trustProxy;
    }

    Optional<InetAddress> of(ServerRequest req) {
        if (trustProxy) {
            Optional<InetAddress> forwarded = req.headers().first(HeaderNames.X_FORWARDED_FOR)
                    .flatMap(v -> IpLiteral.parse(v.split(",")[0].strip()));
            if (forwarded.isPresent()) {
                return forwarded;
            }
        }
        SocketAddress peer = req.remotePeer().address();
        return peer instanceof InetSocketAddress inet && inet.getAddress() != null
                ? Optional.of(inet.getAddress()) : Optional.empty();
    }
}
