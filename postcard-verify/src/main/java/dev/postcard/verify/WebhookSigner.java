package dev.postcard.verify;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Makes the signature headers of a webhook attempt: what Postcard sends, and what a test of a receiver can
 * send to it. Immutable and thread-safe.
 *
 * <pre>{@code
 * WebhookSigner signer = WebhookSigner.of(List.of(currentSecret, previousSecret));
 * SignatureHeaders headers = signer.sign(event.id(), Instant.now(), body);
 * headers.asMap().forEach(request::header);
 * }</pre>
 *
 * <p>While a secret is being rotated, give both secrets, the new one first: {@code webhook-signature} then
 * carries one entry per secret, so receivers holding either one accept the request. {@code
 * X-Postcard-Signature} has room for a single value and is made with the first secret.
 */
public final class WebhookSigner {
    private final List<SigningKey> keys;

    private WebhookSigner(List<SigningKey> keys) {
        this.keys = keys;
    }

    /**
     * A signer for one secret: {@code whsec_} followed by base64 of the key, or any other text, whose UTF-8
     * bytes are then the key.
     *
     * @throws InvalidSecretException if the secret is empty or its base64 part does not decode
     */
    public static WebhookSigner of(String secret) {
        return of(List.of(Objects.requireNonNull(secret, "secret")));
    }

    /**
     * A signer that signs with every secret, current first.
     *
     * @throws InvalidSecretException if the list is empty or any secret is unusable
     */
    public static WebhookSigner of(List<String> secrets) {
        return new WebhookSigner(SigningKey.parseAll(secrets));
    }

    /**
     * Signs one attempt.
     *
     * @param id        the event id, the same on every retry; it must not contain whitespace or control
     *                  characters, which would break the header
     * @param timestamp the time of this attempt; sent as whole unix seconds, fractions are dropped
     * @param body      the exact bytes that will be sent as the request body
     */
    public SignatureHeaders sign(String id, Instant timestamp, byte[] body) {
        checkId(id);
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(body, "body");
        long seconds = timestamp.getEpochSecond();
        if (seconds < 0) {
            throw new IllegalArgumentException("timestamp must not be before 1970: " + timestamp);
        }
        StringJoiner signatures = new StringJoiner(" ");
        for (SigningKey key : keys) {
            signatures.add("v1," + Base64.getEncoder().encodeToString(WebhookMac.standard(key, id, seconds, body)));
        }
        String simple = HexFormat.of().formatHex(WebhookMac.simple(keys.getFirst(), body));
        return new SignatureHeaders(id, seconds, signatures.toString(), simple);
    }

    private static void checkId(String id) {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("id must not be empty");
        }
        // A '.' may appear: the signed content joins id, timestamp and body with '.', but the timestamp is all
        // digits, so reading part of the id as the timestamp would leave a body that starts with digits and a
        // '.', never a JSON object. Event ids sent to POST /v1/events may hold dots.
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("id must not contain whitespace or control characters: " + id);
            }
        }
    }

    @Override
    public String toString() {
        return "WebhookSigner[" + keys.size() + (keys.size() == 1 ? " secret]" : " secrets]");
    }
}
