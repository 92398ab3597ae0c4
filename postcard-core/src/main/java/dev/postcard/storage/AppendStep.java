package dev.postcard.storage;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work that must commit in the same transaction as an appended event (outbox rows, counters). Called once
 * for every newly stored event, never for duplicates; an exception rolls the whole batch back.
 */
@FunctionalInterface
public interface AppendStep {
    void apply(Connection connection, Dialect dialect, StoredEvent stored) throws SQLException;
}
