package dev.postcard.secrets;

import dev.postcard.InvalidInputException;
import dev.postcard.PostcardException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One operator key ({@code POSTCARD_SECRETS_KEY}): 32 random bytes for AES-256. Its id is derived from it (the
 * first six bytes of an HMAC-SHA256 under the key), so the id stored beside each value names the key that sealed
 * it without anything else to configure, and says nothing about the key itself. Never shown: {@link #toString}
 * gives the id only.
 */
public final class SecretsKey {
    public static final int BYTES = 32;
    private static final byte[] ID_LABEL = "postcard secrets key id".getBytes(StandardCharsets.US_ASCII);
    private static final int ID_BYTES = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;
    private final String id;

    private SecretsKey(byte[] bytes) {
        this.key = new SecretKeySpec(bytes, "AES");
        this.id = HexFormat.of().formatHex(Arrays.copyOf(hmac(bytes), ID_BYTES));
        Arrays.fill(bytes, (byte) 0);
    }

    /** A new random key. */
    public static SecretsKey generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return new SecretsKey(bytes);
    }

    /**
     * A key written in base64 (standard or URL-safe, padding optional), as {@code openssl rand -base64 32} prints
     * it. The error names {@code setting} and never repeats the value.
     */
    public static SecretsKey parse(String setting, String base64) {
        String text = base64 == null ? "" : base64.strip();
        byte[] bytes;
        try {
            bytes = (text.indexOf('-') >= 0 || text.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder())
                    .decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(setting, setting + " is not base64; make a key with"
                    + " 'openssl rand -base64 32' or 'postcard secrets generate-key'");
        }
        if (bytes.length != BYTES) {
            throw new InvalidInputException(setting, setting + " must be " + BYTES + " random bytes in base64; it"
                    + " decodes to " + bytes.length + " (make one with 'openssl rand -base64 32')");
        }
        return new SecretsKey(bytes);
    }

    /** Derived from the key: the same key always has the same id, another key (all but surely) another. */
    public String id() {
        return id;
    }

    /** The key in standard base64, for {@code postcard secrets generate-key} to print once. */
    public String encoded() {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    SecretKey aes() {
        return key;
    }

    private static byte[] hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(ID_LABEL);
        } catch (GeneralSecurityException e) {
            throw new PostcardException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SecretsKey that
                && MessageDigest.isEqual(key.getEncoded(), that.key.getEncoded());
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "SecretsKey[id=" + id + "]";
    }
}
