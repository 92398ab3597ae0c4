package dev.postcard.server;

import java.time.Duration;

/**
 * What connections may cost the server. Without these a client holds connections, and their threads, buffers
 * and reserved body memory, for as long as it likes.
 *
 * <ul>
 *   <li>{@code idleTimeout}: how long a connection may wait for its next request to begin;</li>
 *   <li>{@code headerTimeout}: how long a request's line and headers may take to arrive, from its first byte;</li>
 *   <li>{@code bodyTimeout}: how long a request's body may take to arrive, plus a second for every
 *       {@link #BODY_BYTES_PER_SECOND} bytes of it received so far (see there);</li>
 *   <li>{@code maxConnections}: connections open at once (beyond that, new ones wait until some close);</li>
 *   <li>{@code maxConnectionsPerClient}: connections open at once from one address, the socket's peer (beyond
 *       that, a new one is closed at once). Behind a proxy that address is the proxy's.</li>
 * </ul>
 */
public record HttpTimeouts(Duration idleTimeout, Duration headerTimeout, Duration bodyTimeout, int maxConnections,
                           int maxConnectionsPerClient) {
    /**
     * The rate that keeps a body's deadline moving: a body gets {@code bodyTimeout}, plus a second for every
     * 16 KiB received. A fixed deadline would cut off a large streamed CSV import on a slow link; a timeout
     * per read alone would let a client that sends a byte now and then hold its connection, and the memory
     * reserved for its body, for ever. 16 KiB/s is a slow mobile uplink; a 1 MiB body sent at it takes 64 s.
     */
    public static final int BODY_BYTES_PER_SECOND = 16 * 1024;

    /**
     * Production defaults. Behind a proxy, the proxy sends a request's head and usually its whole body at
     * once, so these bind only clients that are slow on purpose or on very bad links. 256 connections from
     * one address is far beyond a browser's six per host, and 40 such clients still fit under 10,000.
     */
    public static final HttpTimeouts DEFAULT = new HttpTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(20),
            Duration.ofSeconds(30), 10_000, 256);

    public HttpTimeouts {
        requirePositive(idleTimeout, "the idle timeout");
        requirePositive(headerTimeout, "the header timeout");
        requirePositive(bodyTimeout, "the body timeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
        if (maxConnectionsPerClient < 1) {
            throw new IllegalArgumentException("maxConnectionsPerClient must be at least 1");
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    public HttpTimeouts withIdleTimeout(Duration value) {
        return new HttpTimeouts(value, headerTimeout, bodyTimeout, maxConnections, maxConnectionsPerClient);
    }

    public HttpTimeouts withHeaderTimeout(Duration value) {
        return new HttpTimeouts(idleTimeout, value, bodyTimeout, maxConnections, maxConnectionsPerClient);
    }

    public HttpTimeouts withBodyTimeout(Duration value) {
        return new HttpTimeouts(idleTimeout, headerTimeout, value, maxConnections, maxConnectionsPerClient);
    }

    public HttpTimeouts withMaxConnections(int value) {
        return new HttpTimeouts(idleTimeout, headerTimeout, bodyTimeout, value, maxConnectionsPerClient);
    }

    public HttpTimeouts withMaxConnectionsPerClient(int value) {
        return new HttpTimeouts(idleTimeout, headerTimeout, bodyTimeout, maxConnections, value);
    }
}
