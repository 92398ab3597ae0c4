package dev.postcard.providers.ses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.EventType;
import dev.postcard.event.UnsubscribeMethod;
import dev.postcard.providers.ParsedItem;
import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.ProviderJson;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * SES event publishing records ({@code eventType}, sent through a configuration set's SNS destination).
 * Bounce, Complaint, Delivery and DeliveryDelay name their recipients; the others are about every address of
 * {@code mail.destination}.
 */
final class SesEventParser {
    private SesEventParser() {
    }

    static ParsedItem parse(int index, String eventType, SesRecord r) {
        List<ProviderEvent> events = switch (eventType) {
            case "Send" -> each(r, EventType.EMAIL_SENT, r.time("/mail/timestamp"), null);
            case "Delivery" -> SesFeedback.delivery(r);
            case "Bounce" -> SesFeedback.bounce(r);
            case "Complaint" -> SesFeedback.complaint(r);
            case "DeliveryDelay" -> SesFeedback.deliveryDelay(r);
            case "Reject" -> each(r, EventType.EMAIL_FAILED, r.mail().timestamp(), b -> b
                    .field("reason", "rejected")
                    .field("error", SesRecord.text(r.json(), "/reject/reason").orElse("rejected by Amazon SES")));
            case "Rendering Failure" -> each(r, EventType.EMAIL_FAILED, r.mail().timestamp(), b -> b
                    .field("reason", "rendering_failure")
                    .field("error", renderingError(r.json())));
            case "Open" -> each(r, EventType.EMAIL_OPENED, r.time("/open/timestamp"), b -> engagement(b, r.json(), "/open"));
            case "Click" -> each(r, EventType.EMAIL_CLICKED, r.time("/click/timestamp"), b -> {
                engagement(b, r.json(), "/click");
                httpUrl(ProviderJson.text(r.json(), "/click/link").orElse(null)).ifPresent(u -> b.field("url", u));
            });
            case "Subscription" -> {
                Optional<String> resubscribed = resubscribed(r.json());
                if (resubscribed.isPresent()) {
                    yield null;
                }
                yield each(r, EventType.EMAIL_UNSUBSCRIBED, r.time("/subscription/timestamp"),
                        b -> b.field("method", UnsubscribeMethod.PROVIDER.wireName()));
            }
            default -> throw new InvalidInputException("eventType", "unknown SES eventType '" + SnsMessage.shorten(eventType) + "'");
        };
        if (events == null) {
            return new ParsedItem.Ignored(index, resubscribed(r.json()).orElseThrow());
        }
        return new ParsedItem.Events(index, events);
    }

    private static List<ProviderEvent> each(SesRecord r, EventType type, Optional<Instant> at,
                                            java.util.function.Consumer<ProviderEvent.Builder> fields) {
        return r.destination().stream().map(to -> {
            ProviderEvent.Builder b = r.event(type, to, at);
            if (fields != null) {
                fields.accept(b);
            }
            return b.build();
        }).toList();
    }

    /** SES does not flag machine opens or clicks: {@code machine} is false. */
    private static void engagement(ProviderEvent.Builder b, JsonNode json, String pointer) {
        b.field("ip_address", SesRecord.text(json, pointer + "/ipAddress").orElse(null))
                .field("user_agent", SesRecord.text(json, pointer + "/userAgent").orElse(null))
                .field("machine", false);
    }

    private static String renderingError(JsonNode json) {
        String message = SesRecord.text(json, "/failure/errorMessage").orElse("rendering failed");
        return SesRecord.text(json, "/failure/templateName").map(t -> "template " + t + ": " + message).orElse(message);
    }

    static Optional<String> httpUrl(String link) {
        if (link == null || link.length() > 4096) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(link.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    ? Optional.of(link.trim()) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * A Subscription event is an unsubscribe when {@code newTopicPreferences.unsubscribeAll} is true or a topic
     * is now OptOut that was not before; otherwise it is a resubscribe or an unchanged preference (the reason).
     */
    static Optional<String> resubscribed(JsonNode json) {
        JsonNode sub = SesFeedback.object(json, "subscription");
        JsonNode now = sub.path("newTopicPreferences");
        JsonNode before = sub.path("oldTopicPreferences");
        if (now.path("unsubscribeAll").asBoolean(false)) {
            return Optional.empty();
        }
        for (JsonNode topic : now.path("topicSubscriptionStatus")) {
            if ("OptOut".equals(topic.path("subscriptionStatus").asText())
                    && !"OptOut".equals(status(before, topic.path("topicName").asText()))) {
                return Optional.empty();
            }
        }
        return Optional.of(before.path("unsubscribeAll").asBoolean(false) || anyOptIn(now, before)
                ? "resubscribed: SES subscription preferences now opt in" : "SES subscription preferences unchanged");
    }

    private static boolean anyOptIn(JsonNode now, JsonNode before) {
        for (JsonNode topic : now.path("topicSubscriptionStatus")) {
            if ("OptIn".equals(topic.path("subscriptionStatus").asText())
                    && !"OptIn".equals(status(before, topic.path("topicName").asText()))) {
                return true;
            }
        }
        return false;
    }

    private static String status(JsonNode prefs, String topicName) {
        for (JsonNode topic : prefs.path("topicSubscriptionStatus")) {
            if (topicName.equals(topic.path("topicName").asText())) {
                return topic.path("subscriptionStatus").asText();
            }
        }
        return "";
    }
}
