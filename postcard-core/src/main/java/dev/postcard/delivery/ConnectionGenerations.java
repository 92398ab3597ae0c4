package dev.postcard.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The sender's HTTP client, with a fresh connection pool every {@code maxAge}.
 *
 * <p>Why: a pooled connection was checked against the DNS answer of the moment it was opened, and OkHttp's
 * pool only ever closes a connection for being idle; a busy endpoint's connection would otherwise live for as
 * long as webhooks keep flowing, and a DNS change (a receiver moving, or a name repointed at an address the
 * guard now refuses) would never be seen. Each generation's client shares everything with the last but its
 * pool, so new attempts open new connections, through the guarded lookup, once the generation is
 * {@code maxAge} old; the old pool's idle connections are closed at once and its busy ones when their attempt
 * ends and they fall idle. OkHttp has no public way to retire a single connection by age (an HTTP/1
 * {@code Connection: close} would not reach HTTP/2 ones), hence whole pools.
 *
 * <p>Cost: a volatile read and a clock read per attempt; a client (no threads) per generation.
 */
final class ConnectionGenerations {
    /** Longest a pooled connection takes new attempts: DNS changes are seen within this. */
    static final Duration MAX_CONNECTION_AGE = Duration.ofSeconds(60);
    /**
     * How long an unused connection stays pooled: under the idle timeouts receivers commonly use (Node's is
     * 5 s), so Postcard closes first and rarely sends into a connection the receiver is closing. Retries on
     * such a failure are Postcard's own schedule, not the client's.
     */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(4);
    /** Idle connections kept across all endpoints; the fan-out to many endpoints is why it is not OkHttp's 5. */
    static final int MAX_IDLE_CONNECTIONS = 256;

    private record Generation(OkHttpClient client, long bornNanos) {
    }

    private final OkHttpClient template;
    private final long maxAgeNanos;
    private volatile Generation current;

    ConnectionGenerations(OkHttpClient template, Duration maxAge) {
        this.template = Objects.requireNonNull(template, "template");
        this.maxAgeNanos = maxAge.toNanos();
        this.current = new Generation(template.newBuilder().connectionPool(pool()).build(), System.nanoTime());
    }

    /** The client whose pool is not yet {@code maxAge} old. */
    OkHttpClient client() {
        Generation generation = current;
        long now = System.nanoTime();
        return now - generation.bornNanos() < maxAgeNanos ? generation.client() : renew(generation, now).client();
    }

    private synchronized Generation renew(Generation seen, long now) {
        if (current != seen) {
            return current; // another thread renewed it
        }
        Generation next = new Generation(template.newBuilder().connectionPool(pool()).build(), now);
        current = next;
        seen.client().connectionPool().evictAll();
        return next;
    }

    /** Closes the pooled connections now; a later attempt opens new ones. */
    void closeIdle() {
        current.client().connectionPool().evictAll();
    }

    private static ConnectionPool pool() {
        return new ConnectionPool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
    }
}
