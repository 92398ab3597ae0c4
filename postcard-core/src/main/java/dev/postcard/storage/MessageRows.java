package dev.postcard.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.PostcardException;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.Message;
import dev.postcard.event.MessageStatus;
import dev.postcard.event.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The SQL of the {@code messages} table: one row per message, kept current by its events. */
final class MessageRows {
    private static final String COLUMNS = "id, tenant_id, recipient, sender, subject, tags, metadata, provider, "
            + "provider_message_id, status, status_rank, opens, human_opens, clicks, human_clicks, delivered_at, "
            + "first_opened_at, created_at, updated_at";

    /** Ids are per tenant: another tenant's message of the same id is another message. */
    private static final String INSERT = "INSERT INTO messages (" + COLUMNS + ") VALUES "
            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, id) DO NOTHING";

    /** A status moves only to an equal or higher rank: late events never move a message back. */
    private static final String APPLY_EVENT = "UPDATE messages SET"
            + " status = CASE WHEN ? >= status_rank THEN ? ELSE status END,"
            + " status_rank = CASE WHEN ? >= status_rank THEN ? ELSE status_rank END,"
            + " recipient = COALESCE(recipient, ?), sender = COALESCE(sender, ?), subject = COALESCE(subject, ?),"
            + " provider = COALESCE(provider, ?), provider_message_id = COALESCE(provider_message_id, ?),"
            + " opens = opens + ?, human_opens = human_opens + ?, clicks = clicks + ?, human_clicks = human_clicks + ?,"
            + " delivered_at = CASE WHEN delivered_at IS NULL OR ? < delivered_at THEN ? ELSE delivered_at END,"
            + " first_opened_at = CASE WHEN first_opened_at IS NULL OR ? < first_opened_at THEN ? ELSE first_opened_at END,"
            + " first_human_open_seq = COALESCE(first_human_open_seq, ?),"
            + " first_machine_open_seq = COALESCE(first_machine_open_seq, ?),"
            + " first_human_click_seq = COALESCE(first_human_click_seq, ?),"
            + " first_machine_click_seq = COALESCE(first_machine_click_seq, ?),"
            + " updated_at = ? WHERE id = ? AND tenant_id = ?";

    private MessageRows() {
    }

    /** Inserts the message unless its tenant has one of this id; true when inserted. */
    static boolean insert(Connection connection, Message message) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            bind(insert, message);
            return insert.executeUpdate() == 1;
        }
    }

    /** Inserts each message the tenant does not have yet; returns how many were new. */
    static int insertAll(Connection connection, List<Message> messages) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (Message message : messages) {
                bind(insert, message);
                insert.addBatch();
            }
            int added = 0;
            for (int count : insert.executeBatch()) {
                added += Math.max(count, 0);
            }
            return added;
        }
    }

    /**
     * Creates the message of every newly stored {@code email.*} event that names one, then applies the events
     * to it, folded into one {@link MessageChange} per message. Messages are touched in key order (tenant, id)
     * so that concurrent writers lock rows in the same order.
     */
    static void applyEvents(Connection connection, List<StoredEvent> fresh, long now) throws SQLException {
        List<StoredEvent> aboutMessages = new ArrayList<>(fresh.stream()
                .filter(s -> s.event().type().isEmailEvent() && s.event().emailId().isPresent())
                .toList());
        if (aboutMessages.isEmpty()) {
            return;
        }
        // Stable: keeps log order within a message.
        aboutMessages.sort(Comparator.comparing(StoredEvent::tenantId).thenComparing(s -> s.event().emailId().orElseThrow()));
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            Set<EventKey> created = new HashSet<>();
            for (StoredEvent stored : aboutMessages) {
                if (created.add(new EventKey(stored.tenantId(), stored.event().emailId().orElseThrow()))) {
                    bind(insert, fromEvent(stored, now));
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
        Map<EventKey, MessageChange> changes = new LinkedHashMap<>();
        for (StoredEvent stored : aboutMessages) {
            String emailId = stored.event().emailId().orElseThrow();
            changes.computeIfAbsent(new EventKey(stored.tenantId(), emailId),
                    key -> new MessageChange(key.tenantId(), key.id())).add(stored.seq(), stored.event());
        }
        try (PreparedStatement update = connection.prepareStatement(APPLY_EVENT)) {
            for (MessageChange change : changes.values()) {
                bindUpdate(update, change, now);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** The tenant's messages with these ids; one query per 500 ids. */
    static List<Message> findAll(Connection connection, String tenantId, List<String> emailIds) throws SQLException {
        List<Message> found = new ArrayList<>();
        for (int from = 0; from < emailIds.size(); from += 500) {
            List<String> chunk = emailIds.subList(from, Math.min(from + 500, emailIds.size()));
            String sql = "SELECT " + COLUMNS + " FROM messages WHERE tenant_id = ? AND id IN ("
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setString(1, tenantId);
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(i + 2, chunk.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(read(rows));
                    }
                }
            }
        }
        return found;
    }

    static Optional<Message> find(Connection connection, String tenantId, String emailId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM messages WHERE tenant_id = ? AND id = ?")) {
            select.setString(1, tenantId);
            select.setString(2, emailId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    /**
     * The message an id names when nothing says its tenant: the only tenant's message of that id, else the one
     * made while ids were global (only one can be). Empty when no tenant, or several without that mark, hold it:
     * guessing would hand one tenant's hits or bounces to another.
     */
    static Optional<Message> findWithoutTenant(Connection connection, String emailId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + ", id_was_global"
                + " FROM messages WHERE id = ? ORDER BY id_was_global DESC, tenant_id LIMIT 2")) {
            select.setString(1, emailId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Message first = read(rows);
                boolean wasGlobal = rows.getBoolean("id_was_global");
                return !rows.next() || wasGlobal ? Optional.of(first) : Optional.empty();
            }
        }
    }

    /**
     * The ids of the tenant's messages the provider knows by these ids (provider message id → message id), in
     * one query per 500 ids; when two messages claim one provider id, the oldest wins.
     */
    static Map<String, String> idsByProviderIds(Connection connection, String tenantId, String provider,
                                                List<String> providerMessageIds) throws SQLException {
        Map<String, String> found = new LinkedHashMap<>();
        for (int from = 0; from < providerMessageIds.size(); from += 500) {
            List<String> chunk = providerMessageIds.subList(from, Math.min(from + 500, providerMessageIds.size()));
            String sql = "SELECT provider_message_id, id FROM messages WHERE provider = ? AND provider_message_id IN ("
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"))
                    + ") AND tenant_id = ? ORDER BY created_at DESC, id DESC";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                int p = 1;
                select.setString(p++, provider);
                for (String id : chunk) {
                    select.setString(p++, id);
                }
                select.setString(p, tenantId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
        }
        return found;
    }

    /** The oldest message of any tenant the provider knows by one of these few ids (uses messages_by_provider_id). */
    static Optional<Message> findByProviderIdAnyTenant(Connection connection, String provider, List<String> providerMessageIds)
            throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM messages WHERE provider = ? AND provider_message_id IN ("
                + String.join(", ", java.util.Collections.nCopies(providerMessageIds.size(), "?"))
                + ") ORDER BY created_at, id LIMIT 1";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int p = 1;
            select.setString(p++, provider);
            for (String id : providerMessageIds) {
                select.setString(p++, id);
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
        Columns.setText(insert, 3, message.to());
        Columns.setText(insert, 4, message.from());
        Columns.setText(insert, 5, message.subject());
        insert.setString(6, EventCodec.writeJson(message.tags()));
        insert.setString(7, EventCodec.writeJson(message.metadata()));
        Columns.setText(insert, 8, message.provider());
        Columns.setText(insert, 9, message.providerMessageId());
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

    private static void bindUpdate(PreparedStatement update, MessageChange change, long now) throws SQLException {
        update.setInt(1, change.rank);
        update.setString(2, change.status);
        update.setInt(3, change.rank);
        update.setInt(4, change.rank);
        Columns.setText(update, 5, change.recipient);
        Columns.setText(update, 6, change.sender);
        Columns.setText(update, 7, change.subject);
        Columns.setText(update, 8, change.provider);
        Columns.setText(update, 9, change.providerMessageId);
        update.setLong(10, change.opens);
        update.setLong(11, change.humanOpens);
        update.setLong(12, change.clicks);
        update.setLong(13, change.humanClicks);
        // NULL never compares below a stored time, so a change without one leaves the milestone alone.
        setNullableLong(update, 14, change.deliveredAt);
        setNullableLong(update, 15, change.deliveredAt);
        setNullableLong(update, 16, change.firstOpenedAt);
        setNullableLong(update, 17, change.firstOpenedAt);
        setNullableLong(update, 18, change.firstHumanOpenSeq);
        setNullableLong(update, 19, change.firstMachineOpenSeq);
        setNullableLong(update, 20, change.firstHumanClickSeq);
        setNullableLong(update, 21, change.firstMachineClickSeq);
        update.setLong(22, now);
        update.setString(23, change.emailId);
        update.setString(24, change.tenantId);
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
        setNullableLong(statement, index, value.map(Instant::toEpochMilli).orElse(null));
    }

    private static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, java.sql.Types.BIGINT);
        } else {
            statement.setLong(index, value);
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
