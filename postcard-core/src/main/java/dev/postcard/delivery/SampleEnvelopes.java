package dev.postcard.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.ComplaintType;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.event.IdPrefix;
import java.time.Instant;

/**
 * Realistic envelopes for {@code POST /v1/webhooks/{id}/test}: the contract's fields for the type, a fresh
 * {@code evt_} id, and a top-level {@code "test": true} so receivers can tell them from real events. Never stored.
 */
final class SampleEnvelopes {
    private SampleEnvelopes() {
    }

    static Event sample(EventType type, Webhook webhook, Instant now) {
        ObjectNode data = EventCodec.MAPPER.createObjectNode();
        String at = EventCodec.formatInstant(now);
        if (type.isEmailEvent()) {
            data.put("email_id", IdPrefix.MESSAGE.newId());
            data.put("to", "user@example.com");
            data.put("from", "app@example.org");
            data.put("subject", "Postcard test event");
            data.putArray("tags").add("test");
            data.putObject("metadata");
            data.put("provider", "postcard");
            type.timestampField().ifPresent(field -> data.put(field, at));
        }
        switch (type) {
            case EMAIL_SENT -> data.put("template_id", "tpl_test");
            case EMAIL_DELIVERED -> data.put("smtp_response", "250 2.0.0 OK");
            case EMAIL_DELIVERY_DELAYED -> {
                data.put("reason", "mailbox temporarily unavailable");
                data.put("smtp_response", "451 4.2.0 Try again later");
            }
            case EMAIL_BOUNCED -> {
                data.put("bounce_type", "hard");
                data.put("bounce_reason", "user_unknown");
                data.put("status_code", "5.1.1");
                data.put("smtp_response", "550 5.1.1 The email account does not exist");
                data.put("reason", "User not found");
            }
            case EMAIL_COMPLAINED -> {
                data.put("complaint_type", ComplaintType.ABUSE.wireName());
                data.put("feedback_id", "test-feedback");
            }
            case EMAIL_OPENED -> hit(data);
            case EMAIL_CLICKED -> {
                data.put("url", "https://example.org/welcome");
                hit(data);
            }
            case EMAIL_UNSUBSCRIBED -> data.put("method", "link");
            case EMAIL_DROPPED -> data.put("reason", "suppressed");
            case EMAIL_FAILED -> {
                data.put("reason", "provider");
                data.put("error", "test failure");
            }
            case EMAIL_CANCELED -> {
                // A scheduled send canceled before its time: the message fields only.
            }
            case TEMPLATE_CREATED, TEMPLATE_UPDATED, TEMPLATE_DELETED -> {
                data.put("template_id", IdPrefix.TEMPLATE.newId());
                data.put("name", "Welcome");
                data.put("version", 1);
            }
            case ENDPOINT_DISABLED -> {
                data.put("webhook_id", webhook.id());
                data.put("url", webhook.url());
                data.put("reason", "the endpoint answered 410 Gone");
            }
            case SUPPRESSION_CREATED, SUPPRESSION_DELETED -> {
                data.put("address", "user@example.com");
                data.put("reason", "hard_bounce");
            }
            case API_KEY_CREATED, API_KEY_REVOKED -> {
                data.put("key_id", IdPrefix.API_KEY.newId());
                data.put("name", "test key");
            }
            case ALERT_TRIGGERED -> {
                data.put("kind", "bounce_rate");
                data.put("rate", 0.08);
                data.put("threshold", 0.05);
                data.put("window_seconds", 3600);
                data.put("sent", 250);
                data.put("delivered", 228);
                data.put("bounced", 20);
                data.put("since", EventCodec.formatInstant(now));
            }
        }
        return new Event(IdPrefix.EVENT.newId(), type, now, data);
    }

    /** The envelope bytes: the stored form plus {@code "test": true}. */
    static byte[] envelope(Event event) {
        ObjectNode node = EventCodec.toNode(event);
        node.put("test", true);
        return EventCodec.writeJson(node).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void hit(ObjectNode data) {
        data.put("ip_address", "203.0.113.7");
        data.put("user_agent", "Mozilla/5.0 (Postcard test)");
        ObjectNode location = data.putObject("location");
        location.put("country", "US");
        location.put("city", "Springfield");
        data.put("machine", false);
    }
}
