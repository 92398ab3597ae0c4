package dev.postcard.providers;

import java.time.Instant;

/**
 * Checks that a request comes from the provider a source trusts: a signature over the raw body, shared
 * credentials, a timestamp inside the tolerance. Built once per source from its settings; may keep state
 * (replay caches), so it must be safe for concurrent use.
 */
@FunctionalInterface
public interface RequestVerifier {

    /** @throws WebhookRejectedException when the request is not authentic */
    void verify(WebhookRequest request, Instant now);

    /** Called after the events of a verified request are durable (replay caches record it only then). */
    default void accepted(WebhookRequest request) {
    }

    RequestVerifier NONE = (request, now) -> { };
}
