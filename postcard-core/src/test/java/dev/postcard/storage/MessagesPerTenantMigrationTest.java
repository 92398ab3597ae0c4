package dev.postcard.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.event.EventType;
import dev.postcard.event.Message;
import dev.postcard.event.MessageStatus;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/** V8: a database of V7, whose message ids were global, keeps every message and makes ids per tenant. */
class MessagesPerTenantMigrationTest {
    private static final Instant SENT = Instant.parse("2026-11-20T08:00:00Z");

    @EachDatabase
    void messagesOfAV7DatabaseAreKeptAndTheirIdsBecomePerTenant(TestDatabase db) throws Exception {
        try (Connection connection = ReleaseBeforeFlyway.connect(db)) {
            ReleaseBeforeFlyway.migrate(connection, db.dialect(), 7);
            insertV7Message(connection, "msg_kept", "tenant-a", "ann@example.com", 3);
            insertV7Message(connection, "msg_other", "tenant-b", "bob@example.com", 0);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO events (tenant_id, id, type, email_id, recipient, created_at, "
                        + "payload) VALUES ('tenant-a', 'evt_old', 'email.delivered', 'msg_kept', 'ann@example.com', "
                        + SENT.toEpochMilli() + ", '{\"id\":\"evt_old\",\"type\":\"email.delivered\",\"created_at\":"
                        + "\"2026-11-20T08:00:00Z\",\"data\":{\"email_id\":\"msg_kept\"}}')");
            }
        }

        JdbcStore store = db.open();

        assertThat(SchemaHistory.baseline(store.dataSource())).as("what the earlier release applied").containsExactly(7);
        assertThat(SchemaHistory.appliedVersions(store.dataSource())).startsWith(8);
        Message kept = store.findMessage("tenant-a", "msg_kept").orElseThrow();
        assertThat(kept.to()).hasValue("ann@example.com");
        assertThat(kept.tags()).containsExactly("welcome");
        assertThat(kept.status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(kept.counters().opens()).isEqualTo(3);
        assertThat(kept.createdAt()).isEqualTo(SENT);
        assertThat(store.findMessage("tenant-b", "msg_other")).isPresent();
        assertThat(store.timeline("tenant-a", "msg_kept", 10)).hasSize(1);

        // Another tenant may now use the id, and events of each land on its own message.
        store.createMessage(new Message("msg_kept", "tenant-b", java.util.Optional.of("zed@example.com"),
                java.util.Optional.empty(), java.util.Optional.empty(), List.of(),
                dev.postcard.event.EventCodec.MAPPER.createObjectNode(), java.util.Optional.empty(),
                java.util.Optional.empty(), MessageStatus.CREATED, Message.Counters.ZERO, Message.Milestones.NONE,
                SENT, SENT));
        store.append("tenant-a", TestEvents.email("evt_new", EventType.EMAIL_OPENED, "msg_kept", SENT.plusSeconds(60),
                d -> { }));
        assertThat(store.findMessage("tenant-a", "msg_kept").orElseThrow().counters().opens()).isEqualTo(4);
        assertThat(store.findMessage("tenant-b", "msg_kept").orElseThrow().counters().opens()).isZero();

        // An id without its tenant (a link or bounce made before V8) still names the message that had it then.
        assertThat(store.findMessageWithoutTenant("msg_kept").orElseThrow().tenantId()).isEqualTo("tenant-a");
        assertThat(store.findMessageWithoutTenant("msg_other").orElseThrow().tenantId()).isEqualTo("tenant-b");
    }

    private static void insertV7Message(Connection connection, String id, String tenantId, String to, int opens)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO messages (id, tenant_id, recipient, "
                + "tags, status, status_rank, opens, human_opens, delivered_at, created_at, updated_at) "
                + "VALUES (?, ?, ?, '[\"welcome\"]', ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, tenantId);
            insert.setString(3, to);
            insert.setString(4, opens > 0 ? MessageStatus.DELIVERED.wireName() : MessageStatus.CREATED.wireName());
            insert.setInt(5, opens > 0 ? MessageStatus.DELIVERED.rank() : MessageStatus.CREATED.rank());
            insert.setLong(6, opens);
            insert.setLong(7, opens);
            insert.setLong(8, SENT.toEpochMilli());
            insert.setLong(9, SENT.toEpochMilli());
            insert.setLong(10, SENT.toEpochMilli());
            insert.executeUpdate();
        }
    }
}
