package dev.postcard.providers;

import java.net.URI;
import java.util.List;

/** What one item of a provider's body turned out to be; {@code index} is its position in the body. */
public sealed interface ParsedItem {

    int index();

    /** One or more events (one per recipient when the provider reports several in one item). */
    record Events(int index, List<ProviderEvent> events) implements ParsedItem {
        public Events {
            events = List.copyOf(events);
        }

        public static Events of(int index, ProviderEvent event) {
            return new Events(index, List.of(event));
        }
    }

    /** Not about a message (pings, account notices, control messages): acknowledged and not stored. */
    record Ignored(int index, String reason) implements ParsedItem {
    }

    /** This item could not be understood; {@code field} names where, as a dotted path inside the item. */
    record Failed(int index, String field, String error) implements ParsedItem {
    }

    /**
     * An Amazon SNS SubscriptionConfirmation, already verified: Postcard confirms by a GET of
     * {@code subscribeUrl} when the source allows it.
     */
    record ConfirmSubscription(int index, String topicArn, URI subscribeUrl) implements ParsedItem {
    }
}
