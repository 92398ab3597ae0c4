package dev.postcard.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.EventCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Credentials shared with a provider that signs nothing (Postmark, SparkPost, Mailjet, Brevo): HTTP Basic
 * auth ({@code basic_auth} {@code {username, password}}, what providers send for {@code https://user:pass@host}
 * URLs) and/or a {@code token}, given as {@code Authorization: Bearer <token>} or as {@code ?token=} in the URL.
 * When both are configured, either one admits the request. Compared in constant time.
 */
public final class SharedSecret {
    public static final Set<String> FIELDS = Set.of("basic_auth", "token");
    private static final int MIN_SECRET = 8;

    private SharedSecret() {
    }

    /** Checks {@code basic_auth}/{@code token} in {@code given}; at least one is required. */
    public static ObjectNode settings(ObjectNode given) {
        ObjectNode out = EventCodec.MAPPER.createObjectNode();
        JsonNode basic = given.get("basic_auth");
        if (basic != null && !basic.isNull()) {
            if (!basic.isObject()) {
                throw new InvalidInputException("basic_auth", "basic_auth must be an object {username, password}");
            }
            ObjectNode b = (ObjectNode) basic;
            SettingsFields.onlyKnown(b, Set.of("username", "password"), "basic_auth");
            String user = SettingsFields.requiredText(b, "username", 256);
            String password = SettingsFields.requiredText(b, "password", 256);
            if (user.indexOf(':') >= 0) {
                throw new InvalidInputException("basic_auth.username", "basic_auth.username cannot contain ':'");
            }
            if (password.length() < MIN_SECRET) {
                throw new InvalidInputException("basic_auth.password",
                        "basic_auth.password must be at least " + MIN_SECRET + " characters");
            }
            out.putObject("basic_auth").put("username", user).put("password", password);
        }
        Optional<String> token = SettingsFields.optionalText(given, "token", 256);
        if (token.isPresent()) {
            if (token.get().length() < MIN_SECRET) {
                throw new InvalidInputException("token", "token must be at least " + MIN_SECRET + " characters");
            }
            out.put("token", token.get());
        }
        if (out.isEmpty()) {
            throw new InvalidInputException("basic_auth", "basic_auth or token is required");
        }
        return out;
    }

    /** The settings without the password and token: the username, and whether a token is set. */
    public static ObjectNode publicSettings(ObjectNode stored) {
        ObjectNode out = EventCodec.MAPPER.createObjectNode();
        if (stored.has("basic_auth")) {
            out.putObject("basic_auth").put("username", stored.path("basic_auth").path("username").asText());
        }
        out.put("token_set", stored.has("token"));
        return out;
    }

    /** The verifier for stored settings. */
    public static RequestVerifier verifier(ObjectNode stored) {
        byte[] basic = stored.has("basic_auth")
                ? (stored.path("basic_auth").path("username").asText() + ":"
                   + stored.path("basic_auth").path("password").asText()).getBytes(StandardCharsets.UTF_8)
                : null;
        byte[] token = stored.has("token") ? stored.get("token").asText().getBytes(StandardCharsets.UTF_8) : null;
        return (WebhookRequest request, Instant now) -> {
            Optional<String> authorization = request.header("Authorization");
            if (basic != null && authorization.isPresent() && startsWithIgnoreCase(authorization.get(), "Basic ")) {
                byte[] given = decodeBasic(authorization.get().substring(6).trim());
                if (MessageDigest.isEqual(basic, given)) {
                    return;
                }
            }
            if (token != null) {
                Optional<String> given = authorization.filter(a -> startsWithIgnoreCase(a, "Bearer "))
                        .map(a -> a.substring(7).trim())
                        .or(() -> request.queryParam("token"));
                if (given.isPresent() && MessageDigest.isEqual(token, given.get().getBytes(StandardCharsets.UTF_8))) {
                    return;
                }
            }
            throw new WebhookRejectedException(authorization.isEmpty() && request.queryParam("token").isEmpty()
                    ? "credentials are required" : "the credentials do not match the source's");
        };
    }

    private static byte[] decodeBasic(String encoded) {
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
