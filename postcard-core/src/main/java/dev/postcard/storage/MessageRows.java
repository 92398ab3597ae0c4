package dev.postcard.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.PostcardException;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The SQL of the {@code messages} table: one row per message, kept current by its events. */
final class MessageRows {
    private static final String COLUMNS = "id, tenant_id, recipient, sender, subject, tags, metadata, provider, "
            + "provider_message_id, status, status_rank, opens, human_opens, clicks, human_clicks, delivered_at, "
            + "first_opened_at, created_at, updated_at";

    private static final String INSERT = "INSERT INTO messages (" + COLUMNS + ") VALUES "
            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";

    /**
     * Scoped by tenant as well as id, so an event of one tenant that names another tenant's message changes
     * nothing. A status moves only to an equal or higher rank: late events never move a message back.
     */
    private static final String APPLY_EVENT = "UPDATE messages SET"
            + " status = CASE WHEN ? >= status_rank THEN ? ELSE status END,"
            + " status_rank = CASE WHEN ? >= status_rank THEN ? ELSE status_rank END,"
            + " recipient = COALESCE(recipient, ?), sender = COALESCE(sender, ?), subject = COALESCE(subject, ?),"
            + " provider = COALESCE(provider, ?), provider_message_id = COALESCE(provider_message_id, ?),"
            + " opens = opens + ?, human_opens = human_opens + ?, clicks = clicks + ?, human_clicks = human_clicks + ?,"
            + " delivered_at = CASE WHEN delivered_at IS NULL OR ? < delivered_at THEN ? ELSE delivered_at END,"
            + " first_opened_at = CASE WHEN first_opened_at IS NULL OR ? < first_opened_at THEN ? ELSE first_opened_at END,"
            + " updated_at = ? WHERE id = ? AND tenant_id = ?";

    private MessageRows() {
    }

    /** Inserts the message unless its id exists (in any tenant); true when inserted. */
    static boolean insert(Connection connection, Message message) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            bind(insert, message);
            return insert.executeUpdate() == 1;
        }
    }

    /**
     * Creates the message of every newly stored {@code email.*} event that names one, then applies each event
     * to it. Messages are touched in id order so that concurrent writers lock rows in the same order.
     */
    static void applyEvents(Connection connection, List<StoredEvent> fresh, long now) throws SQLException {
        List<StoredEvent> aboutMessages = new ArrayList<>(fresh.stream()
                .filter(s -> s.event().type().isEmailEvent() && s.event().emailId().isPresent())
                .toList());
        if (aboutMessages.isEmpty()) {
            return;
        }
        aboutMessages.sort(Comparator.comparing(s -> s.event().emailId().orElseThrow())); // stable: keeps log order
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            Set<String> created = new HashSet<>();
            for (StoredEvent stored : aboutMessages) {
                if (created.add(stored.event().emailId().orElseThrow())) {
                    bind(insert, fromEvent(stored, now));
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
        try (PreparedStatement update = connection.prepareStatement(APPLY_EVENT)) {
            for (StoredEvent stored : aboutMessages) {
                bindUpdate(update, stored, now);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    static Optional<Message> find(Connection connection, String emailId, Optional<String> tenantId)
            throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM messages WHERE id = ?" + (tenantId.isPresent() ? " AND tenant_id = ?" : "");
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, emailId);
            if (tenantId.isPresent()) {
                select.setString(2, tenantId.get());
            }
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    private static Message fromEvent(StoredEvent stored, long now) {
        Event event = stored.event();
        ObjectNode data = event.data();
        JsonNode metadata = data.get("metadata");
        return new Message(event.emailId().orElseThrow(), stored.tenantId(),
                event.recipient().map(a -> a.toLowerCase(Locale.ROOT)), event.text("from"), event.text("subject"),
                tags(data.get("tags")),
                metadata != null && metadata.isObject() ? (ObjectNode) metadata : EventCodec.MAPPER.createObjectNode(),
                event.text("provider"), event.text("provider_message_id"), MessageStatus.CREATED,
                Message.Counters.ZERO, Message.Milestones.NONE, event.createdAt(), Instant.ofEpochMilli(now));
    }

    private static void bind(PreparedStatement insert, Message message) throws SQLException {
        insert.setString(1, message.id());
        insert.setString(2, message.tenantId());
        EventRows.setText(insert, 3, message.to());
        EventRows.setText(insert, 4, message.from());
        EventRows.setText(insert, 5, message.subject());
        insert.setString(6, EventCodec.writeJson(message.tags()));
        insert.setString(7, EventCodec.writeJson(message.metadata()));
        EventRows.setText(insert, 8, message.provider());
        EventRows.setText(insert, 9, message.providerMessageId());
        insert.setString(10, message.status().wireName());
        insert.setInt(11, message.status().rank());
        insert.setLong(12, message.counters().opens());
        insert.setLong(13, message.counters().humanOpens());
        insert.setLong(14, message.counters().clicks());
        insert.setLong(15, message.counters().humanClicks());
        setInstant(insert, 16, message.milestones().deliveredAt());
        setInstant(insert, 17, message.milestones().firstOpenedAt());
        insert.setLong(18, message.createdAt().toEpochMilli());
        insert.setLong(19, message.updatedAt().toEpochMilli());
    }

    private static void bindUpdate(PreparedStatement update, StoredEvent stored, long now) throws SQLException {
        Event event = stored.event();
        Optional<MessageStatus> status = MessageStatus.after(event.type());
        int rank = status.map(MessageStatus::rank).orElse(-1); // -1: below every rank, so the status stays
        String statusName = status.map(MessageStatus::wireName).orElse(MessageStatus.CREATED.wireName());
        boolean human = !event.flag("machine");
        int opens = event.type() == EventType.EMAIL_OPENED ? 1 : 0;
        int clicks = event.type() == EventType.EMAIL_CLICKED ? 1 : 0;
        update.setInt(1, rank);
        update.setString(2, statusName);
        update.setInt(3, rank);
        update.setInt(4, rank);
        EventRows.setText(update, 5, event.recipient().map(a -> a.toLowerCase(Locale.ROOT)));
        EventRows.setText(update, 6, event.text("from"));
        EventRows.setText(update, 7, event.text("subject"));
        EventRows.setText(update, 8, event.text("provider"));
        EventRows.setText(update, 9, event.text("provider_message_id"));
        update.setInt(10, opens);
        update.setInt(11, human ? opens : 0);
        update.setInt(12, clicks);
        update.setInt(13, human ? clicks : 0);
        // NULL never compares below a stored time, so events of other types leave the milestones alone.
        Long at = event.createdAt().toEpochMilli();
        setMillis(update, 14, event.type() == EventType.EMAIL_DELIVERED ? at : null);
        setMillis(update, 15, event.type() == EventType.EMAIL_DELIVERED ? at : null);
        setMillis(update, 16, opens == 1 ? at : null);
        setMillis(update, 17, opens == 1 ? at : null);
        update.setLong(18, now);
        update.setString(19, event.emailId().orElseThrow());
        update.setString(20, stored.tenantId());
    }

    private static Message read(ResultSet row) throws SQLException {
        return new Message(row.getString("id"), row.getString("tenant_id"),
                Optional.ofNullable(row.getString("recipient")), Optional.ofNullable(row.getString("sender")),
                Optional.ofNullable(row.getString("subject")), tags(parse(row.getString("tags"))),
                metadata(parse(row.getString("metadata"))), Optional.ofNullable(row.getString("provider")),
                Optional.ofNullable(row.getString("provider_message_id")),
                MessageStatus.fromWireName(row.getString("status")),
                new Message.Counters(row.getLong("opens"), row.getLong("human_opens"), row.getLong("clicks"),
                        row.getLong("human_clicks")),
                new Message.Milestones(instant(row, "delivered_at"), instant(row, "first_opened_at")),
                Instant.ofEpochMilli(row.getLong("created_at")),
                Instant.ofEpochMilli(row.getLong("updated_at")));
    }

    private static Optional<Instant> instant(ResultSet row, String column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    private static void setInstant(PreparedStatement statement, int index, Optional<Instant> value) throws SQLException {
        setMillis(statement, index, value.map(Instant::toEpochMilli).orElse(null));
    }

    private static void setMillis(PreparedStatement statement, int index, Long millis) throws SQLException {
        if (millis == null) {
            statement.setNull(index, java.sql.Types.BIGINT);
        } else {
            statement.setLong(index, millis);
        }
    }

    private static List<String> tags(JsonNode node) {
        List<String> tags = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(tag -> {
                if (tag.isTextual()) {
                    tags.add(tag.asText());
                }
            });
        }
        return tags;
    }

    private static ObjectNode metadata(JsonNode node) {
        return node != null && node.isObject() ? (ObjectNode) node : EventCodec.MAPPER.createObjectNode();
    }

    private static JsonNode parse(String json) {
        try {
            return EventCodec.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PostcardException("stored message JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
