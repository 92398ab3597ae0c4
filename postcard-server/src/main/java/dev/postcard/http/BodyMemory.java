package dev.postcard.http;

/**
 * The bytes of request bodies that may be held in memory at once, across every request of the server. Each
 * body is read whole before it is verified or parsed (a signature covers the raw bytes), so without a bound a
 * few hundred connections, each sending almost the largest body slowly, fill the heap: an
 * {@link OutOfMemoryError} can then strike any thread, the delivery worker's among them. A request whose
 * body does not fit now is refused with 503 at once, before its body is read; it can be retried a moment later.
 *
 * <p>A body is counted at its declared length, or at the largest body when it is chunked, from before it is
 * read until its request is answered.
 */
final class BodyMemory {
    private final long capacity;
    private long used;

    BodyMemory(long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /** The default: an eighth of the heap, and at least two of the largest bodies. */
    static long defaultCapacity(long maxBody) {
        return Math.max(Runtime.getRuntime().maxMemory() / 8, 2 * maxBody);
    }

    synchronized boolean tryReserve(long bytes) {
        if (bytes > capacity - used) {
            return false;
        }
        used += bytes;
        return true;
    }

    synchronized void release(long bytes) {
        used = Math.max(0, used - bytes);
    }
}
