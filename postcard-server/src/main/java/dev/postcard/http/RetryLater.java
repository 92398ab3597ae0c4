package dev.postcard.http;

import java.time.Duration;

/** 429 Too Many Requests, with the {@code Retry-After} the client should wait (whole seconds, rounded up). */
final class RetryLater extends HttpProblem {
    private final Duration after;

    RetryLater(String detail, Duration after) {
        super(429, "Too Many Requests", detail, null);
        this.after = after;
    }

    long retryAfterSeconds() {
        long seconds = after.toSeconds() + (after.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
