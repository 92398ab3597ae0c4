package dev.postcard.storage;

import dev.postcard.Page;
import dev.postcard.event.AppendResult;
import dev.postcard.event.Event;
import dev.postcard.event.EventQuery;
import dev.postcard.event.LogEntry;
import dev.postcard.event.Message;
import dev.postcard.event.StoredEvent;
import java.util.List;
import java.util.Optional;

/**
 * Everything Postcard keeps. Implementations: SQLite (embedded default) and PostgreSQL, one JDBC code base.
 * Every method that reads or changes tenant data takes the tenant id and never crosses it.
 */
public interface Store extends AutoCloseable {

    /**
     * Appends events to the log and returns once they are durable. Concurrent callers share one
     * transaction (group commit). An event whose id the tenant already stored is not written again; its
     * result is the stored event with {@code duplicate = true}. The message record of each {@code email.*}
     * event is created or brought up to date in the same transaction, as are the rows of every
     * registered {@link AppendStep}. Results come back in the order of {@code events}.
     */
    List<AppendResult> append(String tenantId, List<Event> events);

    default AppendResult append(String tenantId, Event event) {
        return append(tenantId, List.of(event)).getFirst();
    }

    /**
     * Like {@link #append}, for background work that may be large (announcing an import's suppressions): it
     * commits in chunks, each in a transaction of its own taking turns with the requests' appends, so a request
     * waits for at most one chunk. Each chunk is all or nothing, not the whole list.
     */
    default List<AppendResult> appendBulk(String tenantId, List<Event> events) {
        return append(tenantId, events);
    }

    Optional<StoredEvent> findEvent(String tenantId, String eventId);

    Page<StoredEvent> listEvents(String tenantId, EventQuery query);

    /**
     * Up to {@code limit} of the tenant's events after log position {@code afterSeq} that pass {@code filters}
     * (its cursor and limit aside), in log order: for live streams.
     */
    List<LogEntry> eventsAfter(String tenantId, EventQuery filters, long afterSeq, int limit);

    /**
     * The log positions strictly between {@code after} and {@code before} of the tenant's events that pass
     * {@code filters}, ascending: for a live stream to find events that committed after later ones.
     */
    List<Long> eventPositions(String tenantId, EventQuery filters, long after, long before);

    /** The tenant's events at these log positions, in log order (positions of other tenants are left out). */
    List<LogEntry> eventsAt(String tenantId, List<Long> positions);

    /** The tenant's newest event, its envelope left out: where a reader of new events only starts. */
    Optional<LogEntry> lastEvent(String tenantId);

    /** All events about one message, oldest first. */
    List<StoredEvent> timeline(String tenantId, String emailId, int limit);

    /**
     * Records a message before it is sent (instrumentation). Message ids are per tenant: another tenant's
     * message of the same id is another message. Throws {@link dev.postcard.ConflictException} when the tenant
     * already has a message with this id.
     */
    void createMessage(Message message);

    /**
     * Records messages before they are sent, in one transaction whose commit is not flushed (the next flushed commit
     * makes it durable); a message the tenant already has is left as it is.
     */
    void registerMessages(List<Message> messages);

    Optional<Message> findMessage(String tenantId, String emailId);

    /** The ids of the tenant's messages that the provider knows by these ids: provider message id → message id. */
    java.util.Map<String, String> findMessageIdsByProviderIds(String tenantId, String provider,
                                                              java.util.Collection<String> providerMessageIds);

    /** The tenant's messages with these ids (missing ids are left out). */
    List<Message> findMessages(String tenantId, java.util.Collection<String> emailIds);

    /**
     * The message an id names where nothing says its tenant (bounce mail; tracking links made before ids were
     * per tenant): the one tenant's message of that id, or, when several tenants have one, the message that
     * existed while ids were global. Empty when that leaves none or more than one.
     */
    Optional<Message> findMessageWithoutTenant(String emailId);

    /**
     * The oldest message, in whichever tenant holds it, that the provider knows by one of these ids: for bounce
     * mail, which names the original's Message-ID but not its tenant.
     */
    Optional<Message> findMessageByProviderIdAnyTenant(String provider, java.util.Collection<String> providerMessageIds);

    /** An instance-wide setting (signing keys, first-start markers). */
    Optional<String> setting(String name);

    /** Stores the value unless one exists; returns the value in force, so racing nodes agree. */
    String putSettingIfAbsent(String name, String value);

    /** Stores the value, replacing any. */
    void putSetting(String name, String value);

    /** Whether the database answers now; for {@code /readyz}. */
    boolean ping();

    @Override
    void close();
}
