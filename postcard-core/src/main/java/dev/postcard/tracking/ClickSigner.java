package dev.postcard.tracking;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies tracking links, so the click route is never an open redirect and an unsubscribe link
 * cannot be made for someone else's message.
 *
 * <p>A signature is URL-safe base64 (no padding, 23 characters) of 17 bytes: the id of the key that signed,
 * then the first 16 bytes of HMAC-SHA256(secret, message). 128 bits of MAC is far beyond what an online
 * guesser can reach and keeps links short. The message is a version tag, then purpose, email id and URL, each
 * preceded by its length, so no two different (purpose, id, url) triples can produce the same bytes — a click
 * signature is never a valid unsubscribe signature and {@code ("ab","c")} never collides with {@code ("a","bc")}.
 *
 * <p>Any key of the set verifies, so links signed before a rotation keep working. Verification never throws:
 * whatever arrives in a query string is either a valid signature or {@code false}.
 */
final class ClickSigner {
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] VERSION_TAG = "postcard-link-v1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAC_LENGTH = 16;
    private static final int SIGNATURE_BYTES = 1 + MAC_LENGTH;
    private static final int SIGNATURE_CHARS = (SIGNATURE_BYTES * 8 + 5) / 6;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SigningKeys keys;

    public ClickSigner(SigningKeys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    public SigningKeys keys() {
        return keys;
    }

    public String signClick(String emailId, String url) {
        return sign(Purpose.CLICK, Objects.requireNonNull(emailId, "emailId"), Objects.requireNonNull(url, "url"));
    }

    public String signUnsubscribe(String emailId) {
        return sign(Purpose.UNSUBSCRIBE, Objects.requireNonNull(emailId, "emailId"), "");
    }

    public boolean verifyClick(String emailId, String url, String signature) {
        return emailId != null && url != null && verify(Purpose.CLICK, emailId, url, signature);
    }

    public boolean verifyUnsubscribe(String emailId, String signature) {
        return emailId != null && verify(Purpose.UNSUBSCRIBE, emailId, "", signature);
    }

    private String sign(Purpose purpose, String emailId, String url) {
        SigningKey key = keys.current();
        byte[] out = new byte[SIGNATURE_BYTES];
        out[0] = (byte) key.id();
        System.arraycopy(mac(key, purpose, emailId, url), 0, out, 1, MAC_LENGTH);
        return ENCODER.encodeToString(out);
    }

    private boolean verify(Purpose purpose, String emailId, String url, String signature) {
        if (signature == null || signature.length() != SIGNATURE_CHARS) {
            return false;
        }
        byte[] decoded;
        try {
            decoded = DECODER.decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        // The last character carries 2 unused bits that the decoder ignores; insisting on the canonical
        // spelling keeps exactly one valid signature per link.
        if (decoded.length != SIGNATURE_BYTES || !ENCODER.encodeToString(decoded).equals(signature)) {
            return false;
        }
        Optional<SigningKey> key = keys.find(decoded[0] & 0xFF);
        if (key.isEmpty()) {
            return false;
        }
        byte[] expected = mac(key.get(), purpose, emailId, url);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(decoded, 1, SIGNATURE_BYTES));
    }

    private static byte[] mac(SigningKey key, Purpose purpose, String emailId, String url) {
        ByteArrayOutputStream message = new ByteArrayOutputStream(64 + url.length());
        message.writeBytes(VERSION_TAG);
        writeField(message, purpose.tag);
        writeField(message, emailId.getBytes(StandardCharsets.UTF_8));
        writeField(message, url.getBytes(StandardCharsets.UTF_8));
        try {
            // Mac instances are not thread-safe and cheap to make; one per call avoids sharing state.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.secret(), ALGORITHM));
            return Arrays.copyOf(mac.doFinal(message.toByteArray()), MAC_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    private static void writeField(ByteArrayOutputStream out, byte[] field) {
        int length = field.length;
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        out.writeBytes(field);
    }

    private enum Purpose {
        CLICK("click"),
        UNSUBSCRIBE("unsubscribe");

        private final byte[] tag;

        Purpose(String tag) {
            this.tag = tag.getBytes(StandardCharsets.US_ASCII);
        }
    }
}
