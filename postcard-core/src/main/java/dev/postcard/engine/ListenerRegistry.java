package dev.postcard.engine;

import dev.postcard.EventListener;
import dev.postcard.event.StoredEvent;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * In-process listeners. Events are handed to one dispatcher thread so a slow listener never holds up the
 * request that recorded the event, and listeners see events in the order they were stored. When the queue
 * is full the recording thread waits for room: back-pressure rather than loss or reordering.
 */
public final class ListenerRegistry implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ListenerRegistry.class.getName());
    private static final StoredEvent STOP = new StoredEvent(-1, "", null, "");

    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    private final BlockingQueue<StoredEvent> queue = new ArrayBlockingQueue<>(65_536);
    private static final String LOOP = "listeners";
    private final Thread dispatcher;
    private final BackgroundHealth health;
    private volatile boolean closed;

    public ListenerRegistry(BackgroundHealth health) {
        this.health = health;
        dispatcher = Thread.ofPlatform().daemon().name("postcard-listeners").start(this::run);
    }

    /** Registers a listener; closing the returned handle removes it. */
    public AutoCloseable add(EventFilter filter, EventListener listener) {
        Registration registration = new Registration(filter, listener);
        registrations.add(registration);
        return () -> registrations.remove(registration);
    }

    public void publish(List<StoredEvent> events) {
        if (registrations.isEmpty() || closed) {
            return;
        }
        boolean fromListener = Thread.currentThread() == dispatcher;
        try {
            for (StoredEvent event : events) {
                if (!fromListener) {
                    queue.put(event);
                } else if (!queue.offer(event)) {
                    deliver(event); // a listener that records events must not wait on its own queue forever
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (true) {
                StoredEvent event = queue.take();
                if (event == STOP) {
                    return;
                }
                deliver(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(StoredEvent event) {
        boolean passed = true;
        for (Registration r : registrations) {
            if (r.filter.matches(event.event().type())) {
                try {
                    r.listener.onEvent(event);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "listener failed on event " + event.event().id(), e);
                } catch (Error e) {
                    // The dispatcher goes on: one listener's error must not silence every listener for good.
                    LOG.log(Level.SEVERE, "listener failed with an error on event " + event.event().id(), e);
                    health.failed(LOOP, e);
                    passed = false;
                }
            }
        }
        if (passed) {
            health.passed(LOOP);
        }
    }

    /** Delivers what is queued, then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            queue.put(STOP);
            dispatcher.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Registration(EventFilter filter, EventListener listener) {
    }
}
