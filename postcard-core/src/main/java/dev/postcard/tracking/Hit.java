package dev.postcard.tracking;

import dev.postcard.net.IpLiteral;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to a tracking route, with what is known about its message, as {@link MachineDetector} needs it.
 *
 * @param kind        the route
 * @param method      the HTTP method, upper-cased
 * @param userAgent   the {@code User-Agent} header; empty when absent
 * @param clientIp    the client address, when known and a valid literal
 * @param at          when the hit arrived
 * @param sentAt      when the message was sent or delivered, when known
 * @param firstOpenAt when the message was first opened, when it was
 */
record Hit(HitKind kind, String method, String userAgent, Optional<InetAddress> clientIp, Instant at,
                  Optional<Instant> sentAt, Optional<Instant> firstOpenAt) {

    public Hit {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        method = method == null ? "GET" : method.strip().toUpperCase(Locale.ROOT);
        userAgent = userAgent == null ? "" : userAgent;
        clientIp = Objects.requireNonNullElse(clientIp, Optional.empty());
        sentAt = Objects.requireNonNullElse(sentAt, Optional.empty());
        firstOpenAt = Objects.requireNonNullElse(firstOpenAt, Optional.empty());
    }

    /**
     * A hit with the client address as the server saw it in text (e.g. from {@code X-Forwarded-For}); text that
     * is not an IP literal gives no address and is never resolved.
     */
    public static Hit of(HitKind kind, String method, String userAgent, String clientIp, Instant at) {
        return new Hit(kind, method, userAgent, IpLiteral.parse(clientIp), at, Optional.empty(), Optional.empty());
    }

    public static Hit of(HitKind kind, String method, String userAgent, InetAddress clientIp, Instant at) {
        return new Hit(kind, method, userAgent, Optional.ofNullable(clientIp), at, Optional.empty(), Optional.empty());
    }

    public Hit withSentAt(Instant sent) {
        return new Hit(kind, method, userAgent, clientIp, at, Optional.of(sent), firstOpenAt);
    }

    public Hit withFirstOpenAt(Instant firstOpen) {
        return new Hit(kind, method, userAgent, clientIp, at, sentAt, Optional.of(firstOpen));
    }
}
