package dev.postcard.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.postcard.PostcardException;
import dev.postcard.StorageUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The connection pool of one store and the two ways to use it: a single auto-committed statement or a
 * transaction. Turns SQL failures into {@link PostcardException}s whose messages never carry a password.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final Set<String> secrets;
    /** SQLite only: one writer at a time, so turns are handed out here rather than fought for in SQLite. */
    private final WriteTurns turns = new WriteTurns();

    private Database(HikariDataSource dataSource, Dialect dialect, Set<String> secrets) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.secrets = secrets;
    }

    /** When a commit returns, how far its writes have gone. */
    public enum Durability {
        /** On disk: survives a power cut. Everything a caller was told is stored. */
        SYNCED,
        /**
         * In the database's log but maybe not yet on disk: survives the process (Postcard's or PostgreSQL's server
         * process) being killed, and reaches the disk with the next synced commit; a power cut can lose it. Only
         * for bookkeeping whose loss costs one more attempt and nothing else: a delivery's lease, an attempt's
         * record (the delivery then goes out again, which at-least-once delivery allows). Saves a disk flush in
         * the delivery worker's transactions, which are most of the write transactions while a backlog drains.
         */
        DEFERRED
    }

    /** Work done with a connection; may throw the driver's own exception. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Opens a pool on {@code databaseUrl}: a JDBC URL, or PostgreSQL's {@code postgres://} form
     * ({@link DatabaseUrl}). Credentials in the options win over those in the URL.
     */
    static Database open(String databaseUrl, StoreOptions options) {
        DatabaseUrl url = DatabaseUrl.parse(databaseUrl);
        String jdbcUrl = url.jdbcUrl();
        Optional<String> user = options.user().or(url::user);
        Optional<String> password = options.password().or(url::password);
        Dialect dialect = Dialect.of(jdbcUrl);
        Set<String> secrets = JdbcUrls.secrets(jdbcUrl, password);
        HikariConfig config = new HikariConfig();
        config.setPoolName("postcard-" + dialect.name().toLowerCase(Locale.ROOT));
        config.setJdbcUrl(jdbcUrl);
        user.ifPresent(config::setUsername);
        password.ifPresent(config::setPassword);
        config.setMaximumPoolSize(options.maxPoolSize());
        config.setMinimumIdle(Math.min(2, options.maxPoolSize()));
        config.setConnectionTimeout(options.connectionTimeout().toMillis());
        switch (dialect) {
            case SQLITE -> configureSqlite(config, jdbcUrl);
            case POSTGRES -> config.setDriverClassName("org.postgresql.Driver");
        }
        try {
            return new Database(new HikariDataSource(config), dialect, secrets);
        } catch (RuntimeException e) {
            String message = "cannot connect to " + JdbcUrls.redact(jdbcUrl) + ": "
                    + JdbcUrls.scrub(rootMessage(e), secrets);
            // The driver's own exception is kept only when no message in its chain shows a secret.
            return throwWithSafeCause(message, e, secrets);
        }
    }

    private static void configureSqlite(HikariConfig config, String jdbcUrl) {
        Path file = JdbcUrls.sqliteFile(jdbcUrl).orElseThrow(() -> new IllegalArgumentException(
                "SQLite needs a database file (every pooled connection would see its own in-memory database): "
                        + JdbcUrls.redact(jdbcUrl)));
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new PostcardException("cannot create the directory of " + file + ": " + e.getMessage(), e);
        }
        config.setDriverClassName("org.sqlite.JDBC");
        // Opening applies journal_mode=WAL, which waits for no lock: while another node migrates the same file the
        // first connection can meet SQLITE_BUSY. The pool keeps trying for as long as a statement would wait.
        config.setInitializationFailTimeout(10_000);
        // sqlite-jdbc applies these pragmas to every connection it opens.
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "FULL");
        config.addDataSourceProperty("busy_timeout", "10000");
        config.addDataSourceProperty("foreign_keys", "true");
        config.addDataSourceProperty("cache_size", "-65536");
        // BEGIN IMMEDIATE takes the write lock up front (waiting up to busy_timeout); a deferred transaction
        // that reads first could fail at once with SQLITE_BUSY when it later tries to write.
        config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
    }

    public Dialect dialect() {
        return dialect;
    }

    HikariDataSource dataSource() {
        return dataSource;
    }

    /**
     * The connection pool now, for metrics.
     *
     * @param active  connections lent out
     * @param idle    connections waiting in the pool
     * @param max     the most the pool opens
     * @param waiting threads waiting for a connection
     */
    public record PoolState(int active, int idle, int max, int waiting) {
        static final PoolState CLOSED = new PoolState(0, 0, 0, 0);
    }

    /** The pool's counts; all zero once it is closed. */
    public PoolState pool() {
        var bean = dataSource.getHikariPoolMXBean();
        if (bean == null || dataSource.isClosed()) {
            return PoolState.CLOSED;
        }
        return new PoolState(bean.getActiveConnections(), bean.getIdleConnections(), dataSource.getMaximumPoolSize(),
                bean.getThreadsAwaitingConnection());
    }

    /** Runs {@code work} on an auto-commit connection. */
    public <T> T read(String operation, SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    /** Runs {@code work} in one transaction, committed on return and rolled back on any exception. */
    public <T> T transaction(String operation, SqlWork<T> work) {
        return transaction(WriteTurns.Lane.FOREGROUND, operation, work);
    }

    /** A transaction in the given lane (see {@link WriteTurns}): background work yields to requests. */
    public <T> T transaction(WriteTurns.Lane lane, String operation, SqlWork<T> work) {
        try {
            return inTransaction(lane, work);
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    /** Like {@link #transaction} but hands the driver's exception back, for callers that retry on it. */
    public <T> T inTransaction(SqlWork<T> work) throws SQLException {
        return inTransaction(WriteTurns.Lane.FOREGROUND, work);
    }

    public <T> T inTransaction(WriteTurns.Lane lane, SqlWork<T> work) throws SQLException {
        return inTransaction(lane, Durability.SYNCED, work);
    }

    /** {@link #transaction(WriteTurns.Lane, String, SqlWork)} whose commit is only as durable as {@code durability}. */
    public <T> T transaction(WriteTurns.Lane lane, Durability durability, String operation, SqlWork<T> work) {
        try {
            return inTransaction(lane, durability, work);
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    public <T> T inTransaction(WriteTurns.Lane lane, Durability durability, SqlWork<T> work) throws SQLException {
        if (dialect != Dialect.SQLITE) {
            return inTransactionNow(durability, work);
        }
        try {
            turns.acquire(lane);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to write", "57014", e);
        }
        try {
            return inTransactionNow(durability, work);
        } finally {
            turns.release();
        }
    }

    private <T> T inTransactionNow(Durability durability, SqlWork<T> work) throws SQLException {
        // The pool restores auto-commit when the connection comes back, even after a failure.
        try (Connection connection = dataSource.getConnection()) {
            boolean deferredSqlite = durability == Durability.DEFERRED && dialect == Dialect.SQLITE;
            if (deferredSqlite) {
                // A connection setting, outside any transaction: WAL mode then writes the commit to the log
                // without flushing it. Set back below before the connection is handed to anyone else.
                execute(connection, "PRAGMA synchronous = NORMAL");
            }
            try {
                connection.setAutoCommit(false);
                if (durability == Durability.DEFERRED && dialect == Dialect.POSTGRES) {
                    execute(connection, "SET LOCAL synchronous_commit = off"); // this transaction only
                }
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            } finally {
                if (deferredSqlite) {
                    restoreSynced(connection);
                }
            }
        }
    }

    /** Back to synced commits, or out of the pool: no later caller may commit unsynced without asking. */
    private void restoreSynced(Connection connection) {
        try {
            connection.setAutoCommit(true);
            execute(connection, "PRAGMA synchronous = FULL");
        } catch (SQLException e) {
            dataSource.evictConnection(connection);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * Rolls back after {@code failure}. A connection whose rollback fails leaves the pool: its transaction state is
     * unknown. SQLite ends a transaction by itself on some errors (disk full, I/O), and sqlite-jdbc then neither
     * ends it nor begins the next (nor when {@code BEGIN} itself failed), so the connection, reused, would run the
     * next caller's statements each committed on its own and fail that caller's commit.
     */
    private void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
            dataSource.evictConnection(connection);
        }
    }

    public PostcardException failure(String operation, SQLException e) {
        String state = e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")";
        String message = operation + " failed" + state + ": " + JdbcUrls.scrub(e.getMessage(), secrets);
        return isUnavailable(e) ? new StorageUnavailableException(message, e) : new PostcardException(message, e);
    }

    /**
     * Whether the database could not be reached or could not take the work now, as opposed to refusing it: the
     * pool's timeout, SQLState class 08 (connection exception), PostgreSQL's 53 (insufficient resources: disk
     * full, too many connections) and 57P01-57P03 (shutting down, cannot connect now), SQLite's busy, locked,
     * full and I/O errors. Such a failure stored nothing and can be tried again.
     */
    static boolean isUnavailable(Throwable e) {
        return anyInChain(e, sql -> {
            if (sql instanceof SQLTransientConnectionException || sql instanceof SQLNonTransientConnectionException) {
                return true;
            }
            String state = sql.getSQLState() == null ? "" : sql.getSQLState();
            if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")) {
                return true;
            }
            String text = String.valueOf(sql.getMessage());
            return text.startsWith("[SQLITE_BUSY]") || text.startsWith("[SQLITE_LOCKED]")
                    || text.startsWith("[SQLITE_FULL]") || text.startsWith("[SQLITE_IOERR");
        });
    }

    /** Whether {@code e} or any of its causes is an {@link SQLException} that {@code test} accepts. */
    static boolean anyInChain(Throwable e, Predicate<SQLException> test) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && test.test(sql)) {
                return true;
            }
        }
        return false;
    }

    String scrub(String text) {
        return JdbcUrls.scrub(text, secrets);
    }

    private static Database throwWithSafeCause(String message, Throwable cause, Set<String> secrets) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String text = String.valueOf(t.getMessage());
            if (!JdbcUrls.scrub(text, secrets).equals(text)) {
                throw new PostcardException(message);
            }
        }
        throw new PostcardException(message, cause);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
