package dev.postcard.sending;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.Postcard;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.event.StoredEvent;
import dev.postcard.testing.TestDatabase;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Engines, requests and event look-ups the send queue's tests share. */
final class SendFixtures {
    static final String TENANT = "default";

    private SendFixtures() {
    }

    static Postcard engine(TestDatabase db, Clock clock, Transport transport) {
        return Postcard.builder().databaseUrl(db.url()).deliveryWorker(false).sendWorker(false).clock(clock).sendTransport(transport)
                .sendBounceDomain(Optional.of("bounces.example.net")).build();
    }

    static SendRequest request(String json) {
        return SendRequestJson.parse(json(json));
    }

    static JsonNode json(String json) {
        try {
            return EventCodec.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Runs the engine's send worker once on this thread: every copy due now gets its outcome. */
    static int handOver(Postcard postcard) {
        return postcard.sending().worker().runPass();
    }

    static List<StoredEvent> timeline(Postcard postcard, String emailId) {
        return postcard.emails().timeline(TENANT, emailId, 100);
    }

    static List<EventType> types(Postcard postcard, String emailId) {
        return timeline(postcard, emailId).stream().map(e -> e.event().type()).toList();
    }

    static StoredEvent only(Postcard postcard, String emailId, EventType type) {
        List<StoredEvent> found = timeline(postcard, emailId).stream().filter(e -> e.event().type() == type).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type + " of " + emailId + ", found " + found.size());
        }
        return found.getFirst();
    }
}
