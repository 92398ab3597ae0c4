package dev.postcard.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A provider for the intake tests: token or basic auth, and a body that is an array of
 * {@code {"id", "event": "delivered"|"bounce"|"ping", "to", "msg", "ts", "meta"}}.
 */
final class TestMailProvider extends SharedSecretProvider {
    static final String NAME = "testmail";

    TestMailProvider() {
        super(NAME, TestMailProvider::parse);
    }

    private static List<ParsedItem> parse(WebhookRequest request) {
        JsonNode body = ProviderJson.readBody(request);
        if (!body.isArray()) {
            throw new InvalidInputException("body", "the body must be an array");
        }
        List<ParsedItem> items = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            JsonNode item = body.get(i);
            Optional<String> event = ProviderJson.text(item, "/event");
            if (event.isEmpty()) {
                items.add(new ParsedItem.Failed(i, "event", "event is required"));
                continue;
            }
            if (event.get().equals("ping")) {
                items.add(new ParsedItem.Ignored(i, "ping"));
                continue;
            }
            EventType type = event.get().equals("bounce") ? EventType.EMAIL_BOUNCED : EventType.EMAIL_DELIVERED;
            ObjectNode metadata = ProviderJson.metadata(item.get("meta"));
            ProviderEvent.Builder b = ProviderEvent.builder(type)
                    .providerEventId(ProviderJson.text(item, "/id").orElse(null))
                    .recipient(ProviderJson.text(item, "/to").orElse(null))
                    .providerMessageId(ProviderJson.text(item, "/msg").orElse(null))
                    .emailId(ProviderJson.emailIdFrom(metadata).orElse(null))
                    .metadata(metadata)
                    .raw(item);
            ProviderJson.epochSeconds(item, "/ts").ifPresent(b::occurredAt);
            if (type == EventType.EMAIL_BOUNCED) {
                b.field("bounce_type", "hard").field("bounce_reason", "user_unknown");
            }
            items.add(ParsedItem.Events.of(i, b.build()));
        }
        return items;
    }
}
