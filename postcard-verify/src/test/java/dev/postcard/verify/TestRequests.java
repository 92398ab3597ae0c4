package dev.postcard.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Requests and clocks for the tests: a signed webhook as a receiver would see it. */
final class TestRequests {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String OTHER_SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    static final String ID = "evt_01JDQ4Z6M7X9K2P8R5T3V1W0YA";
    static final long NOW = 1_750_000_000L;
    static final byte[] BODY = "{\"type\":\"email.opened\",\"data\":{\"email_id\":\"em_1\"}}"
            .getBytes(StandardCharsets.UTF_8);

    private TestRequests() {
    }

    static Clock clockAt(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    static SignatureHeaders signed(String secret, long timestamp, byte[] body) {
        return WebhookSigner.of(secret).sign(ID, Instant.ofEpochSecond(timestamp), body);
    }

    /** The three Standard Webhooks headers, in a mutable map a test can then spoil. */
    static Map<String, List<String>> headers(SignatureHeaders signed) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put(SignatureHeaders.ID, List.of(signed.id()));
        headers.put(SignatureHeaders.TIMESTAMP, List.of(Long.toString(signed.timestamp())));
        headers.put(SignatureHeaders.SIGNATURE, List.of(signed.webhookSignature()));
        return headers;
    }

    static Map<String, List<String>> headers(String id, String timestamp, String signature) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put(SignatureHeaders.ID, List.of(id));
        headers.put(SignatureHeaders.TIMESTAMP, List.of(timestamp));
        headers.put(SignatureHeaders.SIGNATURE, List.of(signature));
        return headers;
    }

    static WebhookVerifier verifierAt(long epochSecond, String... secrets) {
        return WebhookVerifier.of(List.of(secrets)).withClock(clockAt(epochSecond));
    }
}
