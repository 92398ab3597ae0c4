package dev.postcard.server.connection;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/** The connections open from each client address, at most {@code perClient} each. */
final class ClientSlots {
    private final int perClient;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    ClientSlots(int perClient) {
        this.perClient = perClient;
    }

    /** Takes a slot for {@code client}; false, and nothing taken, when it has all of its slots already. */
    boolean take(InetAddress client) {
        if (open.merge(client, 1, Integer::sum) > perClient) {
            release(client);
            return false;
        }
        return true;
    }

    void release(InetAddress client) {
        open.computeIfPresent(client, (address, count) -> count == 1 ? null : count - 1);
    }
}
