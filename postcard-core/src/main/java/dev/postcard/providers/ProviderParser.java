package dev.postcard.providers;

import java.util.List;

/**
 * Turns a provider's webhook body into normalised events. Register your own with
 * {@code Postcard.registerParser(name, parser)}. Parsers see a request only after it is verified.
 *
 * <p>Return one {@link ParsedItem} per item the provider sent (one for a single-object body), in order. A
 * batch item that cannot be understood becomes {@link ParsedItem.Failed}; the others still count.
 */
@FunctionalInterface
public interface ProviderParser {

    /** @throws dev.postcard.InvalidInputException when the body as a whole is malformed (answered 400) */
    List<ParsedItem> parse(WebhookRequest request);
}
