package dev.postcard.suppression;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.Postcard;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventQuery;
import dev.postcard.event.EventType;
import dev.postcard.event.IdPrefix;
import dev.postcard.event.StoredEvent;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Events about one recipient, and the operational events a tenant's log holds. */
final class SuppressionFixtures {
    private SuppressionFixtures() {
    }

    static Event bounce(Clock clock, String to, String bounceType) {
        return event(clock, EventType.EMAIL_BOUNCED, to, bounceType);
    }

    static Event event(Clock clock, EventType type, String to) {
        return event(clock, type, to, null);
    }

    private static Event event(Clock clock, EventType type, String to, String bounceType) {
        ObjectNode data = EventCodec.MAPPER.createObjectNode();
        data.put("to", to);
        if (bounceType != null) {
            data.put("bounce_type", bounceType);
        }
        return EventCodec.fromParts(IdPrefix.EVENT.newId(), type, clock.instant(), data);
    }

    /** The tenant's events of {@code type}, newest first. */
    static List<StoredEvent> events(Postcard postcard, String tenantId, EventType type) {
        return postcard.store().listEvents(tenantId, new EventQuery(Optional.of(type), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 500)).items();
    }
}
