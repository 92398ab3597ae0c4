package dev.postcard.storage;

import dev.postcard.event.StoredEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Derived state that follows the event log instead of joining the append transaction (counters, aggregates).
 * The {@link LogProjector} hands every stored event to {@link #project} exactly once: a chunk of events and the
 * projector's position commit in one transaction, so a crash replays the chunk from the last position and
 * counts nothing twice. On PostgreSQL the events of a chunk come in commit order, which may differ from seq
 * order; a projection must not depend on seq order across transactions.
 */
@FunctionalInterface
public interface LogProjection {
    /** Applies the events (new ones only, never a duplicate) in the projector's transaction; throwing rolls it back. */
    void project(Connection connection, Dialect dialect, List<StoredEvent> events) throws SQLException;
}
