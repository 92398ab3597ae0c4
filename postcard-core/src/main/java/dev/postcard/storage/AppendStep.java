package dev.postcard.storage;

import dev.postcard.event.StoredEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Work that must commit in the same transaction as an appended event (outbox rows, suppression verdicts);
 * derived state that may follow a moment later is a {@link LogProjection} instead. Called once
 * for every newly stored event, never for duplicates; an exception rolls the whole batch back.
 */
@FunctionalInterface
public interface AppendStep {
    void apply(Connection connection, Dialect dialect, StoredEvent stored) throws SQLException;

    /**
     * Called once per transaction with its new events in log order; a step that can fold the work of many
     * events into fewer statements (counters) overrides this.
     */
    default void applyAll(Connection connection, Dialect dialect, List<StoredEvent> fresh) throws SQLException {
        for (StoredEvent stored : fresh) {
            apply(connection, dialect, stored);
        }
    }
}
