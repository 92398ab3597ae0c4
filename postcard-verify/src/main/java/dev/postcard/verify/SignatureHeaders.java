package dev.postcard.verify;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The signature headers of one webhook attempt, as {@link WebhookSigner} makes them, and the names of those
 * headers. HTTP header names are case-insensitive; these are the spellings Postcard sends.
 *
 * @param id                the {@code webhook-id} value: the event id, the same on every retry
 * @param timestamp         the {@code webhook-timestamp} value: unix seconds of this attempt
 * @param webhookSignature  the {@code webhook-signature} value: one {@code v1,<base64>} entry per secret,
 *                          space-separated
 * @param postcardSignature the {@code X-Postcard-Signature} value: lowercase hex HMAC of the body under the
 *                          first (current) secret
 */
public record SignatureHeaders(String id, long timestamp, String webhookSignature, String postcardSignature) {
    /** The event id, the same on every retry; use it to drop duplicates. */
    public static final String ID = "webhook-id";
    /** Unix seconds of this attempt. */
    public static final String TIMESTAMP = "webhook-timestamp";
    /** Space-separated {@code v1,<base64 HMAC-SHA256>} entries, several while a secret is being rotated. */
    public static final String SIGNATURE = "webhook-signature";
    /** Hex HMAC-SHA256 of the body alone, for receivers written the simple way. */
    public static final String POSTCARD_SIGNATURE = "X-Postcard-Signature";

    /** Every value is required; {@link WebhookSigner} makes them, a test may make its own. */
    public SignatureHeaders {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(webhookSignature, "webhookSignature");
        Objects.requireNonNull(postcardSignature, "postcardSignature");
    }

    /** The four headers by name, in the order above, ready to be set on a request. */
    public Map<String, String> asMap() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID, id);
        headers.put(TIMESTAMP, Long.toString(timestamp));
        headers.put(SIGNATURE, webhookSignature);
        headers.put(POSTCARD_SIGNATURE, postcardSignature);
        return Collections.unmodifiableMap(headers);
    }
}
