package dev.postcard.verify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC key behind one secret. {@code whsec_} secrets carry their key in base64; any other secret is the
 * key itself, as UTF-8 bytes (DESIGN §6). Note that other Standard Webhooks libraries base64-decode a secret
 * even without the prefix; for a plain secret they must be given its bytes instead.
 */
final class SigningKey {
    static final String PREFIX = "whsec_";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec spec;

    private SigningKey(byte[] bytes) {
        this.spec = new SecretKeySpec(bytes, ALGORITHM);
    }

    /** Parses every secret, in order; the first bad one fails the lot, so a typo cannot go unnoticed. */
    static List<SigningKey> parseAll(List<String> secrets) {
        Objects.requireNonNull(secrets, "secrets");
        if (secrets.isEmpty()) {
            throw new InvalidSecretException("no secret given; at least one is needed");
        }
        List<SigningKey> keys = new ArrayList<>(secrets.size());
        for (int i = 0; i < secrets.size(); i++) {
            String which = secrets.size() == 1 ? "the secret" : "secret " + (i + 1) + " of " + secrets.size();
            keys.add(parse(Objects.requireNonNull(secrets.get(i), which), which));
        }
        return List.copyOf(keys);
    }

    private static SigningKey parse(String secret, String which) {
        byte[] bytes;
        if (secret.startsWith(PREFIX)) {
            try {
                bytes = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
            } catch (IllegalArgumentException e) {
                // The decoder's message quotes the offending character, which is part of the secret: drop it.
                throw new InvalidSecretException(which + " starts with " + PREFIX
                        + " but what follows is not base64 (look for stray whitespace or a truncated copy)");
            }
        } else {
            bytes = secret.getBytes(StandardCharsets.UTF_8);
        }
        if (bytes.length == 0) {
            throw new InvalidSecretException(which + " is empty");
        }
        return new SigningKey(bytes);
    }

    /** A fresh MAC on this key. Mac instances hold state and are cheap to make, so none is shared. */
    Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(spec);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[redacted]";
    }
}
