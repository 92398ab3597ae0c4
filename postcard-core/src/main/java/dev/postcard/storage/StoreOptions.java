package dev.postcard.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link JdbcStore} connects and writes. {@code user} and {@code password} complement credentials given in
 * the JDBC URL; {@code postgresWriterThreads} is ignored for SQLite, which allows one writer at a time anyway.
 *
 * @param maxEventsPerTransaction group commit closes a transaction once it holds this many events (one
 *                                caller's batch is never split, so a larger batch goes alone)
 * @param appendSteps             work committed with every appended event (see {@link AppendStep})
 */
public record StoreOptions(
        Optional<String> user,
        Optional<String> password,
        int maxPoolSize,
        int postgresWriterThreads,
        int maxEventsPerTransaction,
        Duration connectionTimeout,
        List<AppendStep> appendSteps,
        Clock clock) {

    public StoreOptions {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        Objects.requireNonNull(clock, "clock");
        if (maxPoolSize < 2) {
            throw new IllegalArgumentException("maxPoolSize cannot be less than 2 (one writer, one reader)");
        }
        if (postgresWriterThreads < 1 || postgresWriterThreads >= maxPoolSize) {
            throw new IllegalArgumentException("postgresWriterThreads must be 1.." + (maxPoolSize - 1)
                    + " so that reads keep a connection");
        }
        if (maxEventsPerTransaction < 1) {
            throw new IllegalArgumentException("maxEventsPerTransaction cannot be less than 1");
        }
        if (connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("connectionTimeout cannot be less than 250 ms");
        }
        appendSteps = List.copyOf(appendSteps);
    }

    public static StoreOptions defaults() {
        return new StoreOptions(Optional.empty(), Optional.empty(), 10, 2, 2_000, Duration.ofSeconds(10), List.of(),
                Clock.systemUTC());
    }

    public StoreOptions withCredentials(String user, String password) {
        return new StoreOptions(Optional.of(user), Optional.ofNullable(password), maxPoolSize, postgresWriterThreads,
                maxEventsPerTransaction, connectionTimeout, appendSteps, clock);
    }

    public StoreOptions withMaxPoolSize(int size) {
        return new StoreOptions(user, password, size, postgresWriterThreads, maxEventsPerTransaction,
                connectionTimeout, appendSteps, clock);
    }

    public StoreOptions withPostgresWriterThreads(int threads) {
        return new StoreOptions(user, password, maxPoolSize, threads, maxEventsPerTransaction, connectionTimeout,
                appendSteps, clock);
    }

    public StoreOptions withMaxEventsPerTransaction(int events) {
        return new StoreOptions(user, password, maxPoolSize, postgresWriterThreads, events, connectionTimeout,
                appendSteps, clock);
    }

    public StoreOptions withConnectionTimeout(Duration timeout) {
        return new StoreOptions(user, password, maxPoolSize, postgresWriterThreads, maxEventsPerTransaction, timeout,
                appendSteps, clock);
    }

    /** These options with {@code step} added after the steps already listed. */
    public StoreOptions withAppendStep(AppendStep step) {
        List<AppendStep> steps = new ArrayList<>(appendSteps);
        steps.add(Objects.requireNonNull(step, "step"));
        return new StoreOptions(user, password, maxPoolSize, postgresWriterThreads, maxEventsPerTransaction,
                connectionTimeout, steps, clock);
    }

    public StoreOptions withClock(Clock newClock) {
        return new StoreOptions(user, password, maxPoolSize, postgresWriterThreads, maxEventsPerTransaction,
                connectionTimeout, appendSteps, newClock);
    }

    /** Never shows the password: options end up in logs. */
    @Override
    public String toString() {
        return "StoreOptions[user=" + user.orElse("(from URL)")
                + ", password=" + (password.isPresent() ? "***" : "(from URL)")
                + ", maxPoolSize=" + maxPoolSize
                + ", postgresWriterThreads=" + postgresWriterThreads
                + ", maxEventsPerTransaction=" + maxEventsPerTransaction
                + ", connectionTimeout=" + connectionTimeout
                + ", appendSteps=" + appendSteps.size()
                + ", clock=" + clock + "]";
    }
}
