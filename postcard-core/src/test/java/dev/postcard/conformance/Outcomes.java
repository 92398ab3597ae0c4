package dev.postcard.conformance;

import dev.postcard.providers.ParsedItem;
import dev.postcard.providers.ProviderEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Names parse results in the README's vocabulary: {@code sent}, {@code delivered}, {@code deferred},
 * {@code bounced:hard}, {@code bounced:soft}, {@code complained}, {@code opened}, {@code opened(machine)},
 * {@code clicked}, {@code unsubscribed}, {@code resubscribed}, {@code dropped}, {@code rejected},
 * {@code failed}, {@code ignored}; a batch item that could not be parsed is {@code unparsed}.
 */
public final class Outcomes {
    private Outcomes() {
    }

    public static List<String> of(List<ParsedItem> items) {
        List<String> out = new ArrayList<>();
        for (ParsedItem item : items) {
            switch (item) {
                case ParsedItem.Events events -> events.events().forEach(e -> out.add(of(e)));
                case ParsedItem.Ignored ignored -> out.add(ignored.reason().startsWith("resubscribed")
                        ? "resubscribed" : "ignored");
                case ParsedItem.ConfirmSubscription confirm -> out.add("ignored");
                case ParsedItem.Failed failed -> out.add("unparsed");
            }
        }
        return out;
    }

    public static String of(ProviderEvent event) {
        return switch (event.type()) {
            case EMAIL_SENT -> "sent";
            case EMAIL_DELIVERED -> "delivered";
            case EMAIL_DELIVERY_DELAYED -> "deferred";
            case EMAIL_BOUNCED -> "bounced:" + event.fields().path("bounce_type").asText("?");
            case EMAIL_COMPLAINED -> "complained";
            case EMAIL_OPENED -> event.fields().path("machine").asBoolean(false) ? "opened(machine)" : "opened";
            case EMAIL_CLICKED -> "clicked";
            case EMAIL_UNSUBSCRIBED -> "unsubscribed";
            case EMAIL_DROPPED -> "dropped";
            case EMAIL_FAILED -> "rejected".equals(event.fields().path("reason").asText()) ? "rejected" : "failed";
            default -> event.type().wireName();
        };
    }
}
