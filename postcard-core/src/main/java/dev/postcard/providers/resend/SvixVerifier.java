package dev.postcard.providers.resend;

import dev.postcard.providers.RequestVerifier;
import dev.postcard.providers.Source;
import dev.postcard.providers.WebhookRejectedException;
import dev.postcard.providers.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Svix signature check (Standard Webhooks v1): HMAC-SHA256 under the decoded key over
 * {@code id + "." + timestamp + "." + rawBody}, sent base64 as one or more space-separated {@code v1,<sig>}
 * entries of {@code svix-signature}; any entry may match, entries of other versions are skipped. The unbranded
 * {@code webhook-*} header names are accepted as well. The timestamp must lie within the source's tolerance.
 *
 * <p>Not {@code dev.postcard.verify.WebhookVerifier}: that one reads the {@code webhook-*} names only and
 * applies its own clock and tolerance, where a source's tolerance (zero = no check) must apply here.
 */
final class SvixVerifier implements RequestVerifier {
    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern SECONDS = Pattern.compile("\\d{1,12}");
    private static final int MAX_ENTRIES = 32;
    private static final int MAX_ID = 256;

    private final SecretKeySpec key;
    private final Source source;

    SvixVerifier(byte[] key, Source source) {
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.source = source;
    }

    @Override
    public void verify(WebhookRequest request, Instant now) {
        String id = header(request, "id");
        String timestampText = header(request, "timestamp").strip();
        String signatures = header(request, "signature");
        if (id.length() > MAX_ID) {
            throw new WebhookRejectedException("header svix-id is longer than " + MAX_ID + " characters");
        }
        if (!SECONDS.matcher(timestampText).matches()) {
            throw new WebhookRejectedException("header svix-timestamp must be unix seconds");
        }
        long timestamp = Long.parseLong(timestampText);
        source.checkTimestamp(Instant.ofEpochSecond(timestamp), now);

        byte[] expected = sign(id, timestamp, request.bodyBytes());
        int v1 = 0;
        String[] entries = SPACES.split(signatures.strip());
        for (int i = 0; i < entries.length && i < MAX_ENTRIES; i++) {
            String entry = entries[i];
            if (!entry.startsWith("v1,")) {
                continue;
            }
            v1++;
            byte[] candidate;
            try {
                candidate = Base64.getDecoder().decode(entry.substring(3));
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            if (MessageDigest.isEqual(expected, candidate)) {
                return;
            }
        }
        throw new WebhookRejectedException(v1 == 0
                ? "header svix-signature has no v1 signature"
                : "no v1 signature in header svix-signature matches this id, timestamp and body under the source's secret");
    }

    /** {@code base64(HMAC-SHA256(key, id.timestamp.body))}, without the {@code v1,} prefix. */
    byte[] sign(String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    private static String header(WebhookRequest request, String suffix) {
        Optional<String> value = request.header("svix-" + suffix).or(() -> request.header("webhook-" + suffix));
        if (value.isEmpty() || value.get().isBlank()) {
            throw new WebhookRejectedException("header svix-" + suffix + " is required");
        }
        return value.get();
    }
}
