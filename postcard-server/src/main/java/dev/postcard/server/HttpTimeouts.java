package dev.postcard.server;

import java.time.Duration;

/**
 * What connections may cost the server: {@code idleTimeout}, how long a connection may wait for its next
 * request, kept alive or with its request line still arriving; {@code maxConnections}, how many connections
 * may be open at once (beyond that, new ones wait until some close). Without them a client holds connections,
 * and their threads and buffers, for as long as it likes.
 *
 * <p>Not covered: a client that stops in the middle of its headers or its body. Helidon 4.4 does not apply a
 * read timeout to server connections (its socket option {@code readTimeout} was tried, on NIO and on plain
 * sockets), and its idle check interrupts a connection only while it waits for a request line.
 */
public record HttpTimeouts(Duration idleTimeout, int maxConnections) {
    public static final HttpTimeouts DEFAULT = new HttpTimeouts(Duration.ofSeconds(60), 10_000);

    public HttpTimeouts {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
    }
}
