package dev.postcard.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An email provider Postcard takes webhooks from: how a source of it is configured, how its requests are
 * verified and how its bodies are parsed.
 */
public interface Provider {

    /** The name in URLs and in {@code data.provider}: {@code sendgrid}, {@code ses}, ... */
    String name();

    /**
     * Checks the verification settings of a new source and returns them as they are to be stored. The common
     * settings ({@code provider}, {@code tolerance_seconds}, {@code keep_raw}) are already removed.
     *
     * @throws dev.postcard.InvalidInputException naming the field that is missing, unknown or wrong
     */
    ObjectNode settings(ObjectNode given);

    /** The settings as {@code GET /v1/sources} shows them: secrets left out, whether they are set said instead. */
    ObjectNode publicSettings(ObjectNode stored);

    /** The verifier of one source, built once from its stored settings. */
    RequestVerifier verifier(Source source, ProviderContext context);

    /** The parser for this source's requests (most providers use one parser for every source). */
    ProviderParser parser(Source source);

    /**
     * The ids under which Postcard may already know the message the provider calls {@code providerMessageId}
     * (SendGrid's event id extends the id its send API returned).
     */
    default java.util.List<String> messageIdCandidates(String providerMessageId) {
        return java.util.List.of(providerMessageId);
    }

    /** The name events of this source carry in {@code data.provider}; a custom source names itself. */
    default String eventProvider(Source source) {
        return name();
    }
}
