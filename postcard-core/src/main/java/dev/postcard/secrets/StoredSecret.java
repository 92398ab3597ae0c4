package dev.postcard.secrets;

import java.util.Objects;
import java.util.Optional;

/**
 * A secret as the database holds it: sealed ({@code pcenc:v1:<key id>:<base64url of nonce, ciphertext and
 * tag>}) or, written before there was a key, the plain value. Only {@link SecretCipher} reads what it stands for;
 * {@link #toString} says which form it is in, never the text.
 */
public record StoredSecret(String text) {
    /** What every sealed value begins with; a plain secret may not (see the callers' validation). */
    public static final String SEALED_PREFIX = "pcenc:";
    static final String VERSION_1 = SEALED_PREFIX + "v1:";

    public StoredSecret {
        Objects.requireNonNull(text, "text");
    }

    public boolean sealed() {
        return text.startsWith(SEALED_PREFIX);
    }

    /** The id of the key that sealed it; empty for a plain value or a form this release does not know. */
    public Optional<String> keyId() {
        if (!text.startsWith(VERSION_1)) {
            return Optional.empty();
        }
        int end = text.indexOf(':', VERSION_1.length());
        return end < 0 ? Optional.empty() : Optional.of(text.substring(VERSION_1.length(), end));
    }

    @Override
    public String toString() {
        return sealed() ? "StoredSecret[sealed under " + keyId().orElse("an unknown form") + "]" : "StoredSecret[plain]";
    }
}
