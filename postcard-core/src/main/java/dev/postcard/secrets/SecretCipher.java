package dev.postcard.secrets;

import dev.postcard.PostcardException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals secrets at rest with AES-256-GCM (the JDK's) under the current operator key, and opens them under any key
 * held. Each value gets a fresh random 96-bit nonce; the format version and the key id are stored with it and,
 * with the {@link SecretSlot}, authenticated as associated data. Without a current key, secrets are written as
 * plain text and plain ones are read as they are, so an installation without a key works as before.
 */
public final class SecretCipher {
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final SecretCipher WITHOUT_KEYS = new SecretCipher(SecretsKeys.none());

    private final SecretsKeys keys;

    public SecretCipher(SecretsKeys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The embedded default: no key, plain text. */
    public static SecretCipher withoutKeys() {
        return WITHOUT_KEYS;
    }

    public SecretsKeys keys() {
        return keys;
    }

    /** {@code plain} sealed for {@code slot} under the current key; as it is when there is no current key. */
    public StoredSecret seal(String plain, SecretSlot slot) {
        Objects.requireNonNull(plain, "plain");
        Optional<SecretsKey> current = keys.current();
        if (current.isEmpty()) {
            return new StoredSecret(plain);
        }
        String header = StoredSecret.VERSION_1 + current.get().id() + ":";
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed;
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, current.get().aes(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(slot.associatedData(header));
            sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new PostcardException("AES-256-GCM is not available in this JVM: " + e.getClass().getSimpleName());
        }
        byte[] payload = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        return new StoredSecret(header + ENCODER.encodeToString(payload));
    }

    /**
     * What {@code stored}, read from {@code slot}, stands for: a plain value as it is, a sealed one opened.
     *
     * @throws UnreadableSecretException when its key is not held, or it does not open under it (altered, or
     *                                   copied from another slot)
     */
    public String open(StoredSecret stored, SecretSlot slot) {
        if (!stored.sealed()) {
            return stored.text();
        }
        if (!stored.text().startsWith(StoredSecret.VERSION_1)) {
            throw new UnreadableSecretException(slot.describe() + " is encrypted in a form this release does not"
                    + " know (a newer release wrote it?)");
        }
        String keyId = stored.keyId().orElseThrow(() -> malformed(slot));
        SecretsKey key = keys.find(keyId).orElseThrow(() -> UnreadableSecretException.keyNotHeld(slot, keyId, keys));
        String header = StoredSecret.VERSION_1 + keyId + ":";
        byte[] payload;
        try {
            payload = DECODER.decode(stored.text().substring(header.length()));
        } catch (IllegalArgumentException e) {
            throw malformed(slot);
        }
        if (payload.length < NONCE_BYTES + TAG_BITS / 8) {
            throw malformed(slot);
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key.aes(), new GCMParameterSpec(TAG_BITS, payload, 0, NONCE_BYTES));
            cipher.updateAAD(slot.associatedData(header));
            byte[] plain = cipher.doFinal(payload, NONCE_BYTES, payload.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new UnreadableSecretException(slot.describe() + " does not decrypt under key " + keyId
                    + ": it was altered, or copied from another row");
        } catch (GeneralSecurityException e) {
            throw new PostcardException("AES-256-GCM is not available in this JVM: " + e.getClass().getSimpleName());
        }
    }

    /** Whether {@code stored} is as this cipher would write it now: under the current key, or plain without one. */
    public boolean isCurrent(StoredSecret stored) {
        return keys.current().map(key -> stored.keyId().equals(Optional.of(key.id()))).orElse(!stored.sealed());
    }

    /**
     * {@code stored} as this cipher would write it now: itself when {@link #isCurrent}, otherwise opened and sealed
     * again (under the current key).
     *
     * @throws UnreadableSecretException as {@link #open}
     */
    public StoredSecret reseal(StoredSecret stored, SecretSlot slot) {
        return isCurrent(stored) ? stored : seal(open(stored, slot), slot);
    }

    private static UnreadableSecretException malformed(SecretSlot slot) {
        return new UnreadableSecretException(slot.describe() + " is not a well-formed encrypted value");
    }

    @Override
    public String toString() {
        return "SecretCipher[" + keys + "]";
    }
}
