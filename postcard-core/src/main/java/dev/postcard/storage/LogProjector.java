package dev.postcard.storage;

import dev.postcard.PostcardException;
import dev.postcard.event.AppendResult;
import dev.postcard.event.StoredEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Keeps derived state ({@link LogProjection}s: stats, alert counters) following the event log, outside the append
 * transaction. Each pass reads the events after the stored position, hands them to every projection and moves
 * the position, all in one transaction: after a crash the next pass starts from the last committed position,
 * so every event is projected exactly once. The position row is locked for the pass, so several nodes on one
 * PostgreSQL database take turns.
 *
 * <p>A thread runs passes when appends commit (and every second, for other nodes' appends). Readers that must
 * see every event committed before they ask (the stats API) call {@link #catchUp()} first.
 */
public final class LogProjector implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LogProjector.class.getName());
    static final String NAME = "derived";
    /** Events per pass: large enough that counters fold well, small enough that a pass is a short transaction. */
    static final int CHUNK = 2_000;
    /**
     * Between passes that found less than a chunk: lets appends gather, so that a pass folds many commits' events
     * into each counter row. With 20 ms a pass held fewer events than one append of a provider's batch of 1,000,
     * and PostgreSQL spent 914 µs per provider event against 684 µs with this quarter second (back-to-back
     * runs); the lag stays about half a second at most under that load.
     */
    private static final Duration GATHER = Duration.ofMillis(250);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration HELD_BACK = Duration.ofMillis(100);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(10);
    private static final Duration CATCH_UP_WAIT = Duration.ofMillis(5);

    private final Database database;
    private final List<LogProjection> projections = new CopyOnWriteArrayList<>();
    private final List<Consumer<List<StoredEvent>>> afterProjected = new CopyOnWriteArrayList<>();
    private final ReentrantLock passes = new ReentrantLock();
    private final Semaphore wake = new Semaphore(0);
    /**
     * The events this node appended that no pass has projected yet, by seq: a pass takes them from here instead
     * of reading and parsing them again (it still reads their positions from the log, which decides). Bounded:
     * those more than {@link #MAX_KNOWN} seqs below the newest are dropped, and read from the log when their turn
     * comes.
     */
    private final ConcurrentSkipListMap<Long, StoredEvent> known = new ConcurrentSkipListMap<>();
    static final int MAX_KNOWN = 10_000;
    /** When the oldest commit of this node that no pass has read yet was made (nanoTime), or NONE. */
    private final AtomicLong unreadSince = new AtomicLong(NONE);
    private static final long NONE = Long.MIN_VALUE;
    private volatile boolean running;
    private Thread thread;

    LogProjector(Database database) {
        this.database = database;
    }

    /** Adds a projection; only before {@link #start()}, so that it sees every pass. */
    public void add(LogProjection projection) {
        Objects.requireNonNull(projection, "projection");
        if (thread != null) {
            throw new IllegalStateException("projections must be added before the projector starts");
        }
        projections.add(projection);
    }

    /** Called with each pass's events after it commits, on the thread that ran it; must be quick and not throw. */
    public void afterProjected(Consumer<List<StoredEvent>> listener) {
        afterProjected.add(Objects.requireNonNull(listener, "listener"));
    }

    public synchronized void start() {
        if (thread == null) {
            running = true;
            thread = Thread.ofPlatform().name("postcard-projector").daemon(true).start(this::run);
        }
    }

    /** This node committed these results of an append: a pass soon. */
    void committed(List<AppendResult> results) {
        if (!projections.isEmpty()) {
            long newest = Long.MIN_VALUE;
            for (AppendResult result : results) {
                if (!result.duplicate()) {
                    known.put(result.stored().seq(), result.stored());
                    newest = Math.max(newest, result.stored().seq());
                }
            }
            // Bounded by the span of seqs, not by counting: size() walks the whole map, on every append.
            Map.Entry<Long, StoredEvent> oldest;
            while (newest != Long.MIN_VALUE && (oldest = known.firstEntry()) != null
                    && oldest.getKey() <= newest - MAX_KNOWN) {
                known.remove(oldest.getKey());
            }
        }
        wake();
    }

    private void wake() {
        unreadSince.compareAndSet(NONE, System.nanoTime());
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    /**
     * Projects everything committed before this call, on the caller's thread if the projector is behind; gives
     * up after 10 s (a transaction held open for that long keeps PostgreSQL's horizon back), and then the caller
     * reads derived state that lags.
     */
    public void catchUp() {
        if (projections.isEmpty()) {
            return;
        }
        long target = database.read("read the log head", c -> LogCommits.head(c, database.dialect()));
        long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        while (database.read("read the log position", c -> LogCommits.position(c, NAME)) < target) {
            if (pass() == 0) {
                if (System.nanoTime() - deadline > 0) {
                    LOG.log(System.Logger.Level.WARNING, "derived state did not catch up with the log within "
                            + CATCH_UP_LIMIT.toSeconds() + " s; a transaction may be held open");
                    return;
                }
                sleep(CATCH_UP_WAIT);
            }
        }
    }

    /**
     * How far derived state lags this node's appends: how long ago the oldest commit that no finished pass has
     * read was made; zero when every commit is projected.
     */
    public Duration lag() {
        long since = unreadSince.get();
        return since == NONE ? Duration.ZERO : Duration.ofNanos(Math.max(0, System.nanoTime() - since));
    }

    /** What a pass did: the events it projected, and whether the log holds more it has not (yet) read. */
    private record Pass(List<StoredEvent> events, boolean more) {
    }

    /** One pass: projects up to a chunk of events after the position; returns how many. */
    int pass() {
        return passOnce().events().size();
    }

    private Pass passOnce() {
        passes.lock();
        // Every commit made before the pass reads is read by it, unless more is left (a full chunk, or commits
        // PostgreSQL's horizon holds back); then the mark goes back, for the next pass.
        long since = unreadSince.getAndSet(NONE);
        Pass pass = null;
        try {
            Dialect dialect = database.dialect();
            pass = database.transaction(WriteTurns.Lane.BACKGROUND, Database.Durability.DEFERRED,
                    "project the event log", connection -> {
                        long position = LogCommits.lockPosition(connection, dialect, NAME);
                        LogCommits.Chunk chunk = LogCommits.after(connection, dialect, position, CHUNK, known);
                        if (chunk.position() != position) {
                            if (!chunk.events().isEmpty()) {
                                for (LogProjection projection : projections) {
                                    projection.project(connection, dialect, chunk.events());
                                }
                            }
                            LogCommits.setPosition(connection, NAME, chunk.position());
                            LogCommits.forget(connection, dialect, chunk.position());
                        }
                        return new Pass(chunk.events(), LogCommits.more(connection, dialect, chunk, CHUNK));
                    });
            List<StoredEvent> projected = pass.events();
            projected.forEach(stored -> known.remove(stored.seq()));
            if (dialect == Dialect.SQLITE && !projected.isEmpty()) {
                known.headMap(projected.getLast().seq(), true).clear(); // another node's pass took them
            }
            if (!projected.isEmpty()) {
                afterProjected.forEach(listener -> notify(listener, projected));
            }
            return pass;
        } finally {
            if ((pass == null || pass.more()) && since != NONE) {
                unreadSince.accumulateAndGet(since, (now, older) -> now == NONE ? older : Math.min(now, older));
            }
            passes.unlock();
        }
    }

    private static void notify(Consumer<List<StoredEvent>> listener, List<StoredEvent> projected) {
        try {
            listener.accept(projected);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a listener of projected events failed: " + e);
        }
    }

    private void run() {
        while (running) {
            try {
                Pass pass = passOnce();
                if (running) {
                    if (!pass.more()) {
                        wake.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
                    }
                    if (running && pass.events().isEmpty() && pass.more()) {
                        sleep(HELD_BACK); // an open transaction holds PostgreSQL's horizon back
                    } else if (running && pass.events().size() < CHUNK) {
                        sleep(GATHER);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (PostcardException e) {
                if (running) {
                    LOG.log(System.Logger.Level.WARNING, "projecting the event log failed; trying again in "
                            + RETRY.toSeconds() + " s: " + e.getMessage());
                    sleep(RETRY);
                }
            }
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the thread after its pass under way; what it has not projected yet, the next start projects. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            this.running = false;
            running = thread;
        }
        if (running != null) {
            wake.release(); // not an interrupt: that could break a database call under way
            try {
                running.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
