package dev.postcard.providers.mailgun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.EventCodec;
import dev.postcard.providers.Provider;
import dev.postcard.providers.ProviderContext;
import dev.postcard.providers.ProviderJson;
import dev.postcard.providers.ProviderParser;
import dev.postcard.providers.RequestVerifier;
import dev.postcard.providers.SettingsFields;
import dev.postcard.providers.Source;
import dev.postcard.providers.WebhookRejectedException;
import dev.postcard.providers.WebhookRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mailgun's JSON webhooks: {@code {"signature": {"timestamp", "token", "signature"}, "event-data": {...}}}. The
 * signature is the lower-case hex HMAC-SHA256, keyed with the domain's HTTP webhook signing key
 * ({@code signing_key}), of {@code timestamp + token}. It covers neither the body nor the URL, so each token is
 * accepted once per source: a replay cache remembers the tokens of requests whose events were stored.
 */
public final class MailgunProvider implements Provider {
    public static final String NAME = "mailgun";
    private static final Set<String> FIELDS = Set.of("signing_key");
    private static final int MIN_KEY = 8;
    /** Tokens are remembered at least this long, whatever the tolerance. */
    static final Duration MIN_REPLAY_WINDOW = Duration.ofMinutes(10);
    /** The most tokens one source remembers; the oldest are forgotten first. */
    static final int REPLAY_CACHE_SIZE = 100_000;

    private final MailgunParser parser = new MailgunParser();

    public MailgunProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode settings(ObjectNode given) {
        SettingsFields.onlyKnown(given, FIELDS, NAME);
        String key = SettingsFields.requiredText(given, "signing_key", 256).strip();
        if (key.length() < MIN_KEY) {
            throw new InvalidInputException("signing_key", "signing_key must be at least " + MIN_KEY + " characters");
        }
        ObjectNode out = EventCodec.MAPPER.createObjectNode();
        out.put("signing_key", key);
        return out;
    }

    @Override
    public ObjectNode publicSettings(ObjectNode stored) {
        ObjectNode out = EventCodec.MAPPER.createObjectNode();
        out.put("signing_key_set", stored.hasNonNull("signing_key"));
        return out;
    }

    @Override
    public RequestVerifier verifier(Source source, ProviderContext context) {
        return new Verifier(source, source.settings().path("signing_key").asText(), context.clock());
    }

    @Override
    public ProviderParser parser(Source source) {
        return parser;
    }

    /** Lower-case hex HMAC-SHA256 of {@code timestamp + token} with {@code key}. */
    public static String sign(String key, String timestamp, String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + token).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** The signature block of a Mailgun body. */
    record SignatureBlock(String timestamp, String token, String signature) {
        static Optional<SignatureBlock> of(WebhookRequest request) {
            JsonNode body;
            try {
                body = ProviderJson.readBody(request);
            } catch (InvalidInputException e) {
                return Optional.empty();
            }
            JsonNode s = body.path("signature");
            if (!s.isObject()) {
                return Optional.empty();
            }
            return Optional.of(new SignatureBlock(ProviderJson.text(s, "/timestamp").orElse(""),
                    ProviderJson.text(s, "/token").orElse(""), ProviderJson.text(s, "/signature").orElse("")));
        }
    }

    static final class Verifier implements RequestVerifier {
        private final Source source;
        private final String keyText;
        private final Clock clock;
        private final Duration window;
        private final Map<String, Instant> seen = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > REPLAY_CACHE_SIZE;
            }
        };

        Verifier(Source source, String key, Clock clock) {
            this.source = source;
            this.keyText = key;
            this.clock = clock;
            this.window = source.tolerance().compareTo(MIN_REPLAY_WINDOW) > 0 ? source.tolerance() : MIN_REPLAY_WINDOW;
        }

        @Override
        public void verify(WebhookRequest request, Instant now) {
            SignatureBlock block = SignatureBlock.of(request).orElseThrow(() -> new WebhookRejectedException(
                    "the body has no Mailgun signature block {timestamp, token, signature}"));
            if (block.timestamp().isEmpty() || block.token().isEmpty() || block.signature().isEmpty()) {
                throw new WebhookRejectedException("signature.timestamp, signature.token and signature.signature are required");
            }
            if (block.token().length() > 512 || block.timestamp().length() > 64) {
                throw new WebhookRejectedException("the Mailgun signature block is too long");
            }
            byte[] expected = sign(keyText, block.timestamp(), block.token()).getBytes(StandardCharsets.US_ASCII);
            byte[] given = block.signature().strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(expected, given)) {
                throw new WebhookRejectedException("the Mailgun signature does not match the source's signing key");
            }
            Instant signedAt;
            try {
                BigDecimal seconds = new BigDecimal(block.timestamp().strip());
                signedAt = Instant.ofEpochMilli(seconds.movePointRight(3).longValueExact());
            } catch (NumberFormatException | ArithmeticException | DateTimeException e) {
                throw new WebhookRejectedException("signature.timestamp is not unix seconds");
            }
            source.checkTimestamp(signedAt, now);
            synchronized (seen) {
                Instant until = seen.get(block.token());
                if (until != null && until.isAfter(now)) {
                    throw new WebhookRejectedException("signature.token was already used: a replayed request");
                }
            }
        }

        /** Records the token once the request's events are stored, so a request that failed can come again. */
        @Override
        public void accepted(WebhookRequest request) {
            SignatureBlock.of(request).filter(b -> !b.token().isEmpty()).ifPresent(b -> {
                Instant now = clock.instant();
                synchronized (seen) {
                    // Insertion order is expiry order (one window per source): forget from the oldest on.
                    for (var it = seen.values().iterator(); it.hasNext(); ) {
                        if (it.next().isAfter(now)) {
                            break;
                        }
                        it.remove();
                    }
                    seen.remove(b.token());
                    seen.put(b.token(), now.plus(window));
                }
            });
        }

        int remembered() {
            synchronized (seen) {
                return seen.size();
            }
        }
    }
}
