package dev.postcard.providers.custom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.providers.EventAssembler;
import dev.postcard.providers.ParsedItem;
import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.Source;
import dev.postcard.providers.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Shared helpers of the custom provider tests. */
final class CustomTesting {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private CustomTesting() {
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) EventCodec.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static WebhookRequest body(String text) {
        return WebhookRequest.of(Map.of("Content-Type", "application/json"), text.getBytes(StandardCharsets.UTF_8));
    }

    static Source source(String id, ObjectNode settings, Duration tolerance) {
        return new Source(id, "default", CustomProvider.NAME, settings, tolerance, true, NOW);
    }

    /** Every event of the items, assembled and validated as Postcard stores it (with and without raw). */
    static List<Event> assembleAll(String provider, List<ParsedItem> items) {
        return items.stream()
                .filter(i -> i instanceof ParsedItem.Events)
                .flatMap(i -> ((ParsedItem.Events) i).events().stream())
                .map(e -> assemble(provider, e))
                .toList();
    }

    static Event assemble(String provider, ProviderEvent e) {
        EventAssembler.assemble(provider, e, e.emailId(), false, NOW, CLOCK);
        Event event = EventAssembler.assemble(provider, e, e.emailId(), true, NOW, CLOCK);
        assertThat(event.type()).isEqualTo(e.type());
        return event;
    }

    static ProviderEvent only(ParsedItem item) {
        assertThat(item).isInstanceOf(ParsedItem.Events.class);
        List<ProviderEvent> events = ((ParsedItem.Events) item).events();
        assertThat(events).hasSize(1);
        return events.getFirst();
    }

    static JsonNode data(Event event) {
        return event.data();
    }
}
