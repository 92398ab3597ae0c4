package dev.postcard.storage;

import dev.postcard.ConflictException;
import dev.postcard.Page;
import dev.postcard.PostcardException;
import dev.postcard.event.AppendResult;
import dev.postcard.event.Event;
import dev.postcard.event.EventQuery;
import dev.postcard.event.LogEntry;
import dev.postcard.event.Message;
import dev.postcard.event.StoredEvent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * The {@link Store} on SQLite or PostgreSQL, chosen by the JDBC URL; the SQL is shared and differs only where
 * {@link Dialect} says. Opening runs the pending migrations; appends go through group commit.
 */
public final class JdbcStore implements Store {
    private static final int PING_TIMEOUT_SECONDS = 2;
    /**
     * Events per transaction of bulk work. SQLite has one writer: a request waits for at most one such chunk, so
     * it is small. PostgreSQL's writers run side by side and a chunk holds up no other one: it is sized for
     * throughput (each transaction costs a WAL flush).
     */
    static final int BULK_CHUNK_SQLITE = 50;
    static final int BULK_CHUNK_POSTGRES = 500;

    private final Database database;
    private final List<AppendStep> appendSteps;
    private final GroupCommitter committer;
    private final LogProjector projector;
    private final StoreOptions options;
    private final AtomicBoolean appended = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private JdbcStore(Database database, StoreOptions options) {
        this.database = database;
        this.options = options;
        this.appendSteps = new CopyOnWriteArrayList<>(options.appendSteps());
        int writers = database.dialect() == Dialect.SQLITE ? 1 : options.postgresWriterThreads();
        this.committer = new GroupCommitter(database,
                new AppendTransaction(database.dialect(), appendSteps, options.clock()),
                writers, options.maxEventsPerTransaction());
        this.projector = new LogProjector(database);
    }

    /**
     * Connects to {@code jdbcUrl} ({@code jdbc:sqlite:/path/file.db}, whose directories are created, or
     * {@code jdbc:postgresql://...}) and migrates the schema. Credentials may be in the URL or the options.
     */
    public static JdbcStore open(String jdbcUrl, StoreOptions options) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(options, "options");
        Database database = Database.open(jdbcUrl, options);
        try {
            Migrations.apply(database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return new JdbcStore(database, options);
    }

    public static JdbcStore open(String jdbcUrl) {
        return open(jdbcUrl, StoreOptions.defaults());
    }

    /** Registers work for the append transaction; only before the first append, so no event misses it. */
    public void addAppendStep(AppendStep step) {
        Objects.requireNonNull(step, "step");
        if (appended.get()) {
            throw new IllegalStateException("append steps must be added before the first append");
        }
        appendSteps.add(step);
    }

    /** The derived state that follows this store's log; add projections to it, then start it. */
    public LogProjector projector() {
        return projector;
    }

    public Dialect dialect() {
        return database.dialect();
    }

    /** The pool, for other parts of Postcard that keep their own tables in this database. */
    public DataSource dataSource() {
        return database.dataSource();
    }

    /** The pool with its transaction helpers, for the features' stores (stats, deliveries, ...) that share it. */
    public Database database() {
        return database;
    }

    /** Append transactions committed so far; fewer than appends when group commit shares them. */
    public long committedAppendTransactions() {
        return committer.committedTransactions();
    }

    int queuedAppendBatches() {
        return committer.queuedBatches();
    }

    @Override
    public List<AppendResult> append(String tenantId, List<Event> events) {
        return append(tenantId, events, false);
    }

    @Override
    public List<AppendResult> appendBulk(String tenantId, List<Event> events) {
        int chunk = database.dialect() == Dialect.SQLITE ? BULK_CHUNK_SQLITE : BULK_CHUNK_POSTGRES;
        List<AppendResult> results = new ArrayList<>(events.size());
        for (int from = 0; from < events.size(); from += chunk) {
            results.addAll(append(tenantId, events.subList(from, Math.min(from + chunk, events.size())), true));
        }
        return results;
    }

    private List<AppendResult> append(String tenantId, List<Event> events, boolean bulk) {
        Objects.requireNonNull(tenantId, "tenantId");
        events.forEach(event -> Objects.requireNonNull(event, "event"));
        if (closed.get()) {
            throw new PostcardException("the store is closed; events cannot be appended");
        }
        appended.set(true);
        if (events.isEmpty()) {
            return List.of();
        }
        List<AppendResult> results = committer.append(tenantId, events, bulk);
        projector.committed(results);
        return results;
    }

    @Override
    public Optional<StoredEvent> findEvent(String tenantId, String eventId) {
        return database.read("find event", c -> EventRows.find(c, tenantId, eventId));
    }

    @Override
    public Page<StoredEvent> listEvents(String tenantId, EventQuery query) {
        return database.read("list events", c -> EventRows.list(c, tenantId, query));
    }

    @Override
    public List<LogEntry> eventsAfter(String tenantId, EventQuery filters, long afterSeq, int limit) {
        Page.requireLimit(limit);
        return database.read("follow events", c -> EventRows.after(c, tenantId, filters, afterSeq, limit));
    }

    @Override
    public List<Long> eventPositions(String tenantId, EventQuery filters, long after, long before) {
        return database.read("find late events", c -> EventRows.positions(c, tenantId, filters, after, before));
    }

    @Override
    public List<LogEntry> eventsAt(String tenantId, List<Long> positions) {
        return positions.isEmpty() ? List.of()
                : database.read("read late events", c -> EventRows.at(c, tenantId, positions));
    }

    @Override
    public Optional<LogEntry> lastEvent(String tenantId) {
        return database.read("find the newest event", c -> EventRows.last(c, tenantId));
    }

    @Override
    public List<StoredEvent> timeline(String tenantId, String emailId, int limit) {
        Page.requireLimit(limit);
        return database.read("read timeline", c -> EventRows.timeline(c, tenantId, emailId, limit));
    }

    @Override
    public void createMessage(Message message) {
        // A write transaction, not an auto-commit statement: on SQLite it then takes its turn at the write lock
        // instead of spinning in SQLite's busy handler against every other writer.
        if (!database.transaction("create message", c -> MessageRows.insert(c, message))) {
            throw new ConflictException("email_id", "an email with id " + message.id() + " already exists");
        }
    }

    @Override
    public void registerMessages(List<Message> messages) {
        if (!messages.isEmpty()) {
            // Unflushed: the copies' outcomes are committed synced after their hand-over, which flushes the log
            // up to them and so this too; a crash before that hands the copies over again, registering them anew.
            database.transaction(WriteTurns.Lane.BACKGROUND, Database.Durability.DEFERRED, "register messages",
                    c -> MessageRows.insertAll(c, messages));
        }
    }

    @Override
    public Optional<Message> findMessage(String tenantId, String emailId) {
        return database.read("find message", c -> MessageRows.find(c, tenantId, emailId));
    }

    @Override
    public Map<String, String> findMessageIdsByProviderIds(String tenantId, String provider,
                                                           Collection<String> providerMessageIds) {
        if (providerMessageIds.isEmpty()) {
            return Map.of();
        }
        List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(providerMessageIds));
        return database.read("find messages by provider id",
                c -> MessageRows.idsByProviderIds(c, tenantId, provider, ids));
    }

    @Override
    public List<Message> findMessages(String tenantId, Collection<String> emailIds) {
        if (emailIds.isEmpty()) {
            return List.of();
        }
        List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(emailIds));
        return database.read("find messages", c -> MessageRows.findAll(c, tenantId, ids));
    }

    @Override
    public Optional<Message> findMessageWithoutTenant(String emailId) {
        return database.read("find message", c -> MessageRows.findWithoutTenant(c, emailId));
    }

    @Override
    public Optional<Message> findMessageByProviderIdAnyTenant(String provider, Collection<String> providerMessageIds) {
        if (providerMessageIds.isEmpty()) {
            return Optional.empty();
        }
        List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(providerMessageIds));
        return database.read("find message by provider id",
                c -> MessageRows.findByProviderIdAnyTenant(c, provider, ids));
    }

    /** Retention: notes where the log stands now (at most once an hour), for {@link #pruneEvents}. */
    public void markLog(Instant now) {
        database.transaction(WriteTurns.Lane.BACKGROUND, "mark the log", connection -> {
            LogRetention.mark(connection, now);
            return null;
        });
    }

    /**
     * Deletes up to {@code max} of the oldest events stored before {@code cutoff} (to the hour, by the marks of
     * {@link #markLog}) that nothing needs any more; returns how many. One short background transaction.
     */
    public int pruneEvents(Instant cutoff, int max) {
        return database.transaction(WriteTurns.Lane.BACKGROUND, "prune old events",
                connection -> LogRetention.prune(connection, database.dialect(), cutoff, max));
    }

    @Override
    public Optional<String> setting(String name) {
        return database.read("read setting", c -> SettingRows.find(c, name));
    }

    @Override
    public String putSettingIfAbsent(String name, String value) {
        Objects.requireNonNull(value, "value");
        return database.read("store setting", c -> {
            SettingRows.insertIfAbsent(c, name, value);
            return SettingRows.find(c, name).orElseThrow(() -> new PostcardException("setting " + name + " vanished"));
        });
    }

    @Override
    public void putSetting(String name, String value) {
        Objects.requireNonNull(value, "value");
        database.read("store setting", c -> {
            SettingRows.put(c, name, value);
            return null;
        });
    }

    /** Bounded by its own timeout: an exhausted pool must not stall a readiness probe. */
    @Override
    public boolean ping() {
        if (closed.get()) {
            return false;
        }
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("postcard-ping").start(() -> answer.complete(selectOne()));
        try {
            return answer.get(PING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private boolean selectOne() {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(PING_TIMEOUT_SECONDS);
            try (ResultSet rows = statement.executeQuery("SELECT 1")) {
                return rows.next() && rows.getInt(1) == 1;
            }
        } catch (Exception e) {
            return false;
        }
    }

    /** Commits what is queued, fails what cannot be, stops the projector, then closes the pool. Safe to call twice. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                committer.close();
                projector.close();
            } finally {
                database.close();
            }
        }
    }
}
