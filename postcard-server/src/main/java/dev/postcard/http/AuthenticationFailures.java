package dev.postcard.http;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing of API keys: each client address may fail authentication {@link #BURST} times, then once
 * every {@link #REFILL}; beyond that its requests with a key are refused with 429 until a try is earned back,
 * whether the key is right or not, so a guesser cannot tell. Keys are 240 random bits and cannot be guessed,
 * but a configured admin key may be as short as 16 characters, and unlimited tries also cost database reads.
 *
 * <p>A token bucket per address, in memory on each node. The table is bounded: when it is full, addresses
 * whose bucket has filled up again are forgotten first (they are as if never seen), then the whole table.
 */
final class AuthenticationFailures {
    static final int BURST = 20;
    static final Duration REFILL = Duration.ofSeconds(3);
    private static final int MAX_ADDRESSES = 100_000;

    private final Clock clock;
    private final Map<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

    AuthenticationFailures(Clock clock) {
        this.clock = clock;
    }

    /** How long the address must wait before its next try, when it has no tries left. */
    Optional<Duration> waitBeforeTrying(InetAddress address) {
        Bucket bucket = buckets.get(address);
        if (bucket == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Bucket current = bucket.refilled(now);
        if (current.tries() >= 1) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, current.since().plus(REFILL)));
    }

    void failed(InetAddress address) {
        if (buckets.size() >= MAX_ADDRESSES && !buckets.containsKey(address)) {
            forgetFull();
        }
        Instant now = clock.instant();
        buckets.compute(address, (a, bucket) -> (bucket == null ? new Bucket(BURST, now) : bucket.refilled(now)).spent());
    }

    private void forgetFull() {
        Instant now = clock.instant();
        buckets.values().removeIf(b -> b.refilled(now).tries() >= BURST);
        if (buckets.size() >= MAX_ADDRESSES) {
            buckets.clear();
        }
    }

    /** {@code tries} left as of {@code since}, the time the last whole try was earned back (or the first failure). */
    private record Bucket(int tries, Instant since) {
        Bucket refilled(Instant now) {
            if (tries >= BURST) {
                return new Bucket(BURST, now);
            }
            long earned = Duration.between(since, now).dividedBy(REFILL);
            if (earned <= 0) {
                return this;
            }
            int total = (int) Math.min(BURST, tries + earned);
            return new Bucket(total, total >= BURST ? now : since.plus(REFILL.multipliedBy(earned)));
        }

        Bucket spent() {
            return new Bucket(Math.max(0, tries - 1), since);
        }
    }
}
