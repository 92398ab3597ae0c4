package dev.postcard.storage;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands out turns at SQLite's single write lock among this process's write transactions, in order of arrival
 * within a lane and alternating between the lanes when both wait. Without it every writer asks SQLite, whose
 * busy handler sleeps and retries with no order at all: a writer that commits and begins again at once (an
 * import, the delivery worker's many small transactions) keeps winning, and the one that appends another
 * tenant's events waits for seconds. With it, a {@link Lane#FOREGROUND} writer waits for at most the one
 * {@link Lane#BACKGROUND} transaction under way, and background work still gets every other turn however
 * busy the foreground is. PostgreSQL locks rows, not the database, and needs no turns. (A fair
 * {@code ReentrantLock} keeps one queue; nothing in the JDK alternates two.)
 */
public final class WriteTurns {
    /** Who asks for a turn. */
    public enum Lane {
        /** Work a request waits on: appends, API changes. */
        FOREGROUND,
        /** Work nobody waits on at once, or done in many transactions: deliveries, imports, announcements. */
        BACKGROUND,
        /**
         * Background work that new events wait on: the delivery worker's claims, ahead of the rest of the
         * background (attempt records, imports), still taking turns with the foreground as background work does.
         */
        BACKGROUND_FIRST
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<Waiter> foreground = new ArrayDeque<>();
    private final Deque<Waiter> background = new ArrayDeque<>();
    private boolean taken;
    private Lane last = Lane.BACKGROUND;

    private static final class Waiter {
        final Condition turn;
        boolean granted;

        Waiter(Condition turn) {
            this.turn = turn;
        }
    }

    /** Waits for this lane's next turn; {@link #release} must follow. */
    void acquire(Lane lane) throws InterruptedException {
        lock.lock();
        try {
            if (!taken && foreground.isEmpty() && background.isEmpty()) {
                taken = true;
                last = lane == Lane.FOREGROUND ? Lane.FOREGROUND : Lane.BACKGROUND;
                return;
            }
            Waiter waiter = new Waiter(lock.newCondition());
            Deque<Waiter> queue = lane == Lane.FOREGROUND ? foreground : background;
            if (lane == Lane.BACKGROUND_FIRST) {
                queue.addFirst(waiter);
            } else {
                queue.addLast(waiter);
            }
            try {
                while (!waiter.granted) {
                    waiter.turn.await();
                }
            } catch (InterruptedException e) {
                if (waiter.granted) {
                    passOn(); // the turn was ours already: hand it to the next
                } else {
                    queue.remove(waiter);
                }
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writers waiting for a turn, both lanes. */
    int waiting() {
        lock.lock();
        try {
            return foreground.size() + background.size();
        } finally {
            lock.unlock();
        }
    }

    void release() {
        lock.lock();
        try {
            passOn();
        } finally {
            lock.unlock();
        }
    }

    private void passOn() {
        Lane next;
        if (!foreground.isEmpty() && !background.isEmpty()) {
            next = last == Lane.FOREGROUND ? Lane.BACKGROUND : Lane.FOREGROUND;
        } else if (!foreground.isEmpty()) {
            next = Lane.FOREGROUND;
        } else if (!background.isEmpty()) {
            next = Lane.BACKGROUND;
        } else {
            taken = false;
            return;
        }
        Waiter waiter = (next == Lane.FOREGROUND ? foreground : background).removeFirst();
        last = next;
        waiter.granted = true;
        waiter.turn.signal();
    }
}
