package dev.postcard.delivery;

import dev.postcard.InvalidInputException;
import dev.postcard.secrets.SecretSlot;
import dev.postcard.secrets.StoredSecret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Webhook signing secrets (DESIGN §6): generated as {@code whsec_} + base64 of 24 random bytes; a secret a
 * user brings is either that form (its key is the decoded bytes) or plain text (its key is the UTF-8 bytes).
 * Either way the key must carry at least 128 bits, so a short password cannot stand in for a key.
 *
 * <p>At rest they lie in {@code webhooks.secret} and, during a rotation, {@code webhooks.previous_secret}, sealed
 * under the operator key when there is one (see {@link dev.postcard.secrets.SecretCipher}).
 */
final class WebhookSecrets {
    public static final String PREFIX = "whsec_";
    static final String CURRENT_COLUMN = "webhooks.secret";
    static final String PREVIOUS_COLUMN = "webhooks.previous_secret";
    static final int GENERATED_BYTES = 24;
    static final int MIN_KEY_BYTES = 16;
    static final int MAX_LENGTH = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSecrets() {
    }

    public static String generate() {
        byte[] key = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Checks a secret a user gave; the error names the field {@code secret} and never repeats the value. */
    public static String validate(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new InvalidInputException("secret", "secret must not be empty");
        }
        if (secret.length() > MAX_LENGTH || secret.chars().anyMatch(c -> c < 0x21 || c > 0x7E)) {
            throw new InvalidInputException("secret",
                    "secret must be at most " + MAX_LENGTH + " printable ASCII characters without spaces");
        }
        if (secret.startsWith(StoredSecret.SEALED_PREFIX)) {
            throw new InvalidInputException("secret", "secret must not begin with " + StoredSecret.SEALED_PREFIX
                    + ", the mark of an encrypted value");
        }
        if (keyBytes(secret).length < MIN_KEY_BYTES) {
            throw new InvalidInputException("secret", "secret is too short: its key must be at least "
                    + MIN_KEY_BYTES + " bytes (whsec_ + base64 of 16+ bytes, or 16+ plain characters)");
        }
        return secret;
    }

    /** The HMAC key a secret stands for. */
    static byte[] keyBytes(String secret) {
        if (secret.startsWith(PREFIX)) {
            try {
                return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("secret", "a whsec_ secret must continue with base64");
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Where the webhook's current secret is stored. */
    static SecretSlot currentSlot(String tenantId, String webhookId) {
        return new SecretSlot(CURRENT_COLUMN, tenantId, webhookId);
    }

    /** Where the secret that still signs during a rotation is stored. */
    static SecretSlot previousSlot(String tenantId, String webhookId) {
        return new SecretSlot(PREVIOUS_COLUMN, tenantId, webhookId);
    }
}
