package dev.postcard.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.event.IdPrefix;
import java.time.Instant;
import java.util.function.Consumer;

/** Events for storage tests: fresh ids, fixed times unless a test says otherwise. */
public final class TestEvents {
    public static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private TestEvents() {
    }

    public static Event email(EventType type, String emailId) {
        return email(IdPrefix.EVENT.newId(), type, emailId, T0, data -> {
        });
    }

    public static Event email(EventType type, String emailId, Consumer<ObjectNode> fill) {
        return email(IdPrefix.EVENT.newId(), type, emailId, T0, fill);
    }

    public static Event email(String id, EventType type, String emailId, Instant createdAt, Consumer<ObjectNode> fill) {
        ObjectNode data = EventCodec.MAPPER.createObjectNode();
        data.put("email_id", emailId);
        data.put("to", "user@example.com");
        fill.accept(data);
        return new Event(id, type, createdAt, data);
    }

    public static Event opened(String emailId, boolean machine) {
        return email(EventType.EMAIL_OPENED, emailId, data -> data.put("machine", machine));
    }

    public static Event clicked(String emailId, boolean machine) {
        return email(EventType.EMAIL_CLICKED, emailId, data -> data.put("machine", machine)
                .put("url", "https://example.com/x"));
    }

    /** An event with only an id, for tests about the log itself. */
    public static Event withId(String id) {
        return email(id, EventType.EMAIL_DELIVERED, "msg_" + id, T0, data -> {
        });
    }

    public static Event withSubject(String subject) {
        return email(EventType.EMAIL_SENT, IdPrefix.MESSAGE.newId(), data -> data.put("subject", subject));
    }

    public static String newMessageId() {
        return IdPrefix.MESSAGE.newId();
    }
}
