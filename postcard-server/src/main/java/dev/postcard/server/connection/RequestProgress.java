package dev.postcard.server.connection;

import dev.postcard.server.HttpTimeouts;

/**
 * Where a connection's current request is, and so what its next read from the client is allowed: the time
 * the server grants the client, not the time the server itself spends. Used by the connection's own thread
 * only (its reads and Helidon's events about its requests); the watchdog sees just the {@link Wait} of the
 * read in progress.
 *
 * <ul>
 *   <li>waiting for a request to begin: {@code idleTimeout}, from the connection's start or the previous
 *       request's end. Helidon's own idle check is not used: it measures idleness on the wall clock, so a step
 *       of the system clock (a VM resumed, an NTP correction) closed every kept-alive connection at once, in
 *       the middle of clients' next requests, or none for as long as the step was backwards;</li>
 *   <li>from the request's first byte to the end of its headers: {@code headerTimeout} in all;</li>
 *   <li>the body, from the first time the server waits for it: {@code bodyTimeout}, plus a second for every
 *       {@link HttpTimeouts#BODY_BYTES_PER_SECOND} bytes received since.</li>
 * </ul>
 */
final class RequestProgress {
    /** A read in progress: the instant (of {@link System#nanoTime}) it must end by, and whether a 408 may answer it. */
    record Wait(long deadline, boolean answerable) {
    }

    private enum Phase { LINE, HEAD, BODY }

    private final long idleNanos;
    private final long headerNanos;
    private final long bodyNanos;
    private final long nanosPerBodyByte;

    private Phase phase = Phase.LINE;
    private long idleSince;
    private boolean headStarted;
    private long headStart;
    private boolean bodyStarted;
    private long bodyStart;
    private long bodyBytes;
    private boolean answered;

    RequestProgress(HttpTimeouts timeouts, long now) {
        this.idleNanos = timeouts.idleTimeout().toNanos();
        this.idleSince = now;
        this.headerNanos = timeouts.headerTimeout().toNanos();
        this.bodyNanos = timeouts.bodyTimeout().toNanos();
        this.nanosPerBodyByte = 1_000_000_000L / HttpTimeouts.BODY_BYTES_PER_SECOND;
    }

    /**
     * What the read about to start waits for. {@code readingRequestLine}: Helidon is reading a request line
     * (after the previous request is done). An idle connection is closed without an answer (RFC 9112 §9.6).
     */
    Wait nextRead(boolean readingRequestLine, long now) {
        if (readingRequestLine && phase != Phase.LINE) {
            phase = Phase.LINE;
            idleSince = now;
        }
        return switch (phase) {
            case LINE -> headStarted ? new Wait(headStart + headerNanos, true) : new Wait(idleSince + idleNanos, false);
            case HEAD -> new Wait(headStart + headerNanos, true);
            case BODY -> {
                if (!bodyStarted) {
                    bodyStarted = true;
                    bodyStart = now;
                }
                yield new Wait(bodyStart + bodyNanos + bodyBytes * nanosPerBodyByte, !answered);
            }
        };
    }

    /** {@code count} bytes arrived. */
    void received(int count, long now) {
        if (phase == Phase.LINE && !headStarted) {
            headStarted = true;
            headStart = now;
        } else if (phase == Phase.BODY) {
            bodyBytes += count;
        }
    }

    /** A request line was read (it may have arrived with the previous request, so without a read of its own). */
    void requestLineRead(long now) {
        phase = Phase.HEAD;
        answered = false;
        if (!headStarted) {
            headStarted = true;
            headStart = now;
        }
    }

    /** The headers were read: what the request reads from now on is its body. */
    void headersRead() {
        phase = Phase.BODY;
        headStarted = false;
        bodyStarted = false;
        bodyBytes = 0;
    }

    /** The answer to the current request has begun: a 408 could no longer be told from it. */
    void answerStarted() {
        answered = true;
    }
}
