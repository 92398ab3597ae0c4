package dev.postcard.providers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.IdPrefix;
import dev.postcard.event.StorableText;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Builds the event envelope of a provider event and validates it by the same rules as {@code POST /v1/events}:
 * a provider cannot store what an app could not.
 */
public final class EventAssembler {
    private EventAssembler() {
    }

    /**
     * The event, with an id derived from the provider's own event id, so a provider's retry is the same event.
     *
     * @param emailId    the message the event belongs to, when known
     * @param receivedAt the event's time when the provider gave none
     * @throws dev.postcard.InvalidInputException naming the field the event breaks
     */
    public static Event assemble(String provider, ProviderEvent event, Optional<String> emailId, boolean keepRaw,
                                 Instant receivedAt) {
        Instant at = event.occurredAt().orElse(receivedAt);
        // Without a provider time the id cannot borrow one that changes between retries.
        Instant idTime = event.occurredAt().orElse(Instant.EPOCH);
        String seed = provider + "\n" + event.providerEventId() + "\n" + event.type().wireName() + "\n"
                + event.recipient().orElse("");
        ObjectNode data = EventCodec.MAPPER.createObjectNode();
        emailId.ifPresent(id -> data.put("email_id", id));
        event.recipient().ifPresent(to -> data.put("to", to));
        if (!event.tags().isEmpty()) {
            ArrayNode tags = data.putArray("tags");
            event.tags().forEach(tags::add);
        }
        if (!event.metadata().isEmpty()) {
            data.set("metadata", event.metadata());
        }
        data.put("provider", provider);
        event.providerMessageId().ifPresent(id -> data.put("provider_message_id", id));
        data.setAll(event.fields());
        // Raw JSON the log cannot keep (a NUL, an infinite number) is left out rather than failing the event.
        if (keepRaw && event.raw().isObject() && StorableText.isStorable(event.raw())) {
            data.set("raw", event.raw());
        }
        return EventCodec.fromParts(IdPrefix.EVENT.derivedId(idTime, seed), event.type(),
                at.truncatedTo(ChronoUnit.MILLIS), data);
    }
}
