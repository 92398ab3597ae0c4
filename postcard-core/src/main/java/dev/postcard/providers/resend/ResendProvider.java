package dev.postcard.providers.resend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.EventCodec;
import dev.postcard.providers.Provider;
import dev.postcard.providers.ProviderContext;
import dev.postcard.providers.ProviderParser;
import dev.postcard.providers.RequestVerifier;
import dev.postcard.providers.SettingsFields;
import dev.postcard.providers.Source;
import java.util.Base64;
import java.util.Set;

/**
 * Resend webhooks: signed by Svix ({@code svix-id}, {@code svix-timestamp}, {@code svix-signature}), one JSON
 * event {@code {type, created_at, data}} per request.
 *
 * <p>Settings: {@code secret}, the endpoint's signing secret as Resend shows it ({@code whsec_} followed by
 * base64 of the key).
 */
public final class ResendProvider implements Provider {
    public static final String NAME = "resend";
    static final String SECRET_PREFIX = "whsec_";
    static final int MIN_KEY_BYTES = 16;
    private static final int MAX_SECRET = 256;

    private final ResendParser parser = new ResendParser();

    public ResendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode settings(ObjectNode given) {
        SettingsFields.onlyKnown(given, Set.of("secret"), NAME);
        String secret = SettingsFields.requiredText(given, "secret", MAX_SECRET).strip();
        decodeSecret(secret);
        ObjectNode out = EventCodec.MAPPER.createObjectNode();
        out.put("secret", secret);
        return out;
    }

    @Override
    public ObjectNode publicSettings(ObjectNode stored) {
        ObjectNode out = EventCodec.MAPPER.createObjectNode();
        out.put("secret_set", stored.hasNonNull("secret"));
        return out;
    }

    @Override
    public RequestVerifier verifier(Source source, ProviderContext context) {
        return new SvixVerifier(decodeSecret(source.settings().path("secret").asText("")), source);
    }

    @Override
    public ProviderParser parser(Source source) {
        return parser;
    }

    /**
     * The HMAC key of a {@code whsec_} secret. Messages never quote the secret.
     *
     * @throws InvalidInputException on field {@code secret} when it is not {@code whsec_} + base64 of at least
     *                               16 bytes
     */
    static byte[] decodeSecret(String secret) {
        if (!secret.startsWith(SECRET_PREFIX)) {
            throw new InvalidInputException("secret", "secret must be the signing secret Resend shows, starting with "
                    + SECRET_PREFIX);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("secret", "secret must be " + SECRET_PREFIX
                    + " followed by base64; what follows the prefix does not decode (check for a truncated copy)");
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new InvalidInputException("secret", "secret must hold a key of at least " + MIN_KEY_BYTES
                    + " bytes; it decodes to " + key.length);
        }
        return key;
    }
}
