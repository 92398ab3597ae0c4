package dev.postcard.tracking;

import dev.postcard.InvalidInputException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * One HMAC key for tracking links. The id travels in every signature (one byte), so it is limited to 0..255;
 * the secret is 32 random bytes, the HMAC-SHA256 block-safe size that needs no stretching.
 */
record SigningKey(int id, byte[] secret) {
    public static final int SECRET_LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    public SigningKey {
        if (id < 0 || id > 255) {
            throw new InvalidInputException("signing_keys", "key id must be between 0 and 255, got " + id);
        }
        if (secret == null || secret.length != SECRET_LENGTH) {
            throw new InvalidInputException("signing_keys",
                    "key " + id + " must have a " + SECRET_LENGTH + "-byte secret");
        }
        secret = secret.clone(); // the caller's array must not be able to change a live key
    }

    /** A fresh key with a secret from {@link SecureRandom}. */
    public static SigningKey generate(int id) {
        byte[] secret = new byte[SECRET_LENGTH];
        RANDOM.nextBytes(secret);
        return new SigningKey(id, secret);
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SigningKey key && key.id == id && MessageDigest.isEqual(key.secret, secret);
    }

    @Override
    public int hashCode() {
        return 31 * id + Arrays.hashCode(secret);
    }

    /** Never prints the secret: keys end up in logs through exception messages and debug output. */
    @Override
    public String toString() {
        return "SigningKey[id=" + id + ", secret=<redacted>]";
    }
}
