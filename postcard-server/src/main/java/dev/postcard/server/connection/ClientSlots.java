package dev.postcard.server.connection;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/** The connections open from each client address, at most {@code perClient} each. */
final class ClientSlots {
    private static final Logger LOG = Logger.getLogger(ClientSlots.class.getName());
    private static final long NEVER = Long.MIN_VALUE;
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final int perClient;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();
    private final AtomicLong lastWarning = new AtomicLong(NEVER);

    ClientSlots(int perClient) {
        this.perClient = perClient;
    }

    /** Takes a slot for {@code client}; false, and nothing taken, when it has all of its slots already. */
    boolean take(InetAddress client) {
        if (open.merge(client, 1, Integer::sum) > perClient) {
            release(client);
            warnRefused(client);
            return false;
        }
        return true;
    }

    /**
     * Says so, at most once a minute: behind a proxy all connections come from its address, and a cap left at
     * its default there refuses clients for no fault of theirs.
     */
    private void warnRefused(InetAddress client) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if ((last == NEVER || now - last > WARNING_INTERVAL_NANOS) && lastWarning.compareAndSet(last, now)) {
            LOG.warning(() -> "refusing connections from " + client.getHostAddress() + ": it has " + perClient
                    + " open (POSTCARD_MAX_CONNECTIONS_PER_CLIENT); behind a proxy, raise that setting");
        }
    }

    void release(InetAddress client) {
        open.computeIfPresent(client, (address, count) -> count == 1 ? null : count - 1);
    }
}
