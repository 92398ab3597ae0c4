package dev.postcard.verify;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks that a webhook request came from Postcard, unaltered and recently. Immutable and thread-safe: make
 * one at start-up and share it.
 *
 * <p>A receiver on the JDK's own HTTP server:
 *
 * <pre>{@code
 * WebhookVerifier verifier = WebhookVerifier.of(System.getenv("POSTCARD_WEBHOOK_SECRET"));
 *
 * server.createContext("/postcard", exchange -> {
 *     byte[] body = exchange.getRequestBody().readAllBytes();   // the raw bytes, before any JSON parsing
 *     try {
 *         verifier.verify(body, exchange.getRequestHeaders());
 *     } catch (WebhookVerificationException e) {
 *         exchange.sendResponseHeaders(400, -1);                 // e.getMessage() says why; safe to log
 *         exchange.close();
 *         return;
 *     }
 *     // Authentic. webhook-id is the same on every retry: use it to process each event once.
 *     exchange.sendResponseHeaders(204, -1);
 *     exchange.close();
 * });
 * }</pre>
 *
 * <p>With servlets: {@code verifier.verify(body, name -> Optional.ofNullable(request.getHeader(name)))}.
 *
 * <p>A request is accepted when its {@code webhook-timestamp} is within the tolerance (five minutes by default)
 * of this machine's clock, in either direction, and any {@code v1} entry of its {@code webhook-signature}
 * matches any configured secret. Signatures are compared in constant time.
 */
public final class WebhookVerifier {
    /** How far {@code webhook-timestamp} may be from this machine's clock unless set otherwise. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private final List<SigningKey> keys;
    private final Duration tolerance;
    private final Clock clock;

    private WebhookVerifier(List<SigningKey> keys, Duration tolerance, Clock clock) {
        this.keys = keys;
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /**
     * A verifier for one secret, as shown when the webhook endpoint was created: {@code whsec_} followed by
     * base64 of the key, or any other text, whose UTF-8 bytes are then the key.
     *
     * @throws InvalidSecretException if the secret is empty or its base64 part does not decode
     */
    public static WebhookVerifier of(String secret) {
        return of(List.of(Objects.requireNonNull(secret, "secret")));
    }

    /**
     * A verifier that accepts a signature made with any of these secrets; give the old and the new secret
     * while rotating, so no request is refused in between.
     *
     * @throws InvalidSecretException if the list is empty or any secret is unusable
     */
    public static WebhookVerifier of(List<String> secrets) {
        return new WebhookVerifier(SigningKey.parseAll(secrets), DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    /**
     * A copy with another tolerance. Keep it short: it is how long a captured request could be replayed.
     *
     * @param tolerance whole seconds, as {@code webhook-timestamp} is; zero accepts only the current second
     */
    public WebhookVerifier withTolerance(Duration tolerance) {
        Objects.requireNonNull(tolerance, "tolerance");
        if (tolerance.isNegative() || tolerance.getNano() != 0) {
            throw new IllegalArgumentException("tolerance must be zero or more whole seconds: " + tolerance);
        }
        return new WebhookVerifier(keys, tolerance, clock);
    }

    /** A copy that reads the time from this clock; for tests. */
    public WebhookVerifier withClock(Clock clock) {
        return new WebhookVerifier(keys, tolerance, Objects.requireNonNull(clock, "clock"));
    }

    /** The tolerance this verifier applies to {@code webhook-timestamp}. */
    public Duration tolerance() {
        return tolerance;
    }

    /**
     * Verifies a request whose headers are in a map, such as {@code com.sun.net.httpserver.Headers} or {@code
     * java.net.http.HttpHeaders.map()}. Header names are matched ignoring case.
     *
     * @param rawBody the request body exactly as received
     * @throws WebhookVerificationException a subclass saying what failed
     */
    public void verify(byte[] rawBody, Map<String, ? extends List<String>> headers) {
        Objects.requireNonNull(headers, "headers");
        verify(rawBody, RequestHeaders.of(headers));
    }

    /**
     * Verifies a request whose headers are read through a function, such as {@code name ->
     * Optional.ofNullable(servletRequest.getHeader(name))}. The function is given the lowercase names of
     * {@link SignatureHeaders} and must look them up ignoring case, as HTTP libraries do.
     *
     * @param rawBody the request body exactly as received
     * @throws WebhookVerificationException a subclass saying what failed
     */
    public void verify(byte[] rawBody, Function<String, Optional<String>> header) {
        Objects.requireNonNull(header, "header");
        verify(rawBody, RequestHeaders.of(header));
    }

    private void verify(byte[] rawBody, RequestHeaders headers) {
        Objects.requireNonNull(rawBody, "rawBody");
        String id = headers.single(SignatureHeaders.ID);
        long timestamp = WebhookTimestamp.parse(headers.single(SignatureHeaders.TIMESTAMP));
        SignatureEntries signatures = SignatureEntries.parse(headers.joined(SignatureHeaders.SIGNATURE));
        WebhookTimestamp.check(timestamp, clock, tolerance);
        if (signatures.v1().isEmpty()) {
            throw new NoMatchingSignatureException("header " + SignatureHeaders.SIGNATURE + " has no usable v1 "
                    + "entry among its " + signatures.total() + "; this library checks v1 (HMAC-SHA256) only");
        }
        for (SigningKey key : keys) {
            byte[] expected = WebhookMac.standard(key, id, timestamp, rawBody);
            for (byte[] candidate : signatures.v1()) {
                if (MessageDigest.isEqual(expected, candidate)) {
                    return;
                }
            }
        }
        throw new NoMatchingSignatureException("none of the " + signatures.v1().size() + " v1 signatures in header "
                + SignatureHeaders.SIGNATURE + " matches this id, timestamp and body under " + secretsPhrase()
                + "; check the secret, and that the body is verified exactly as received, not re-serialised");
    }

    /**
     * Verifies the {@code X-Postcard-Signature} header: a hex HMAC of the body alone. It carries no timestamp,
     * so a captured request can be replayed at any time; prefer {@link #verify(byte[], Map)} where possible.
     *
     * @param rawBody              the request body exactly as received
     * @param postcardSignatureHex the header's value, or {@code null} when the request had none
     * @throws WebhookVerificationException a subclass saying what failed
     */
    public void verifySimple(byte[] rawBody, String postcardSignatureHex) {
        Objects.requireNonNull(rawBody, "rawBody");
        byte[] given = parseHexSignature(postcardSignatureHex);
        for (SigningKey key : keys) {
            if (MessageDigest.isEqual(WebhookMac.simple(key, rawBody), given)) {
                return;
            }
        }
        throw new NoMatchingSignatureException("header " + SignatureHeaders.POSTCARD_SIGNATURE
                + " does not match this body under " + secretsPhrase()
                + "; check the secret, and that the body is verified exactly as received, not re-serialised");
    }

    private static byte[] parseHexSignature(String header) {
        String name = SignatureHeaders.POSTCARD_SIGNATURE;
        if (header == null) {
            throw new MissingHeaderException(name);
        }
        String value = header.strip();
        if (value.isEmpty()) {
            throw new MalformedHeaderException(name, "empty");
        }
        // 32 bytes of HMAC-SHA256; checked first so the message can say what was wrong without quoting it.
        if (value.length() != 64) {
            throw new MalformedHeaderException(name, "expected 64 hex digits, got " + value.length() + " characters");
        }
        try {
            return HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException e) {
            throw new MalformedHeaderException(name, "expected 64 hex digits, got other characters");
        }
    }

    private String secretsPhrase() {
        return keys.size() == 1 ? "the configured secret" : "any of the " + keys.size() + " configured secrets";
    }

    @Override
    public String toString() {
        return "WebhookVerifier[" + keys.size() + (keys.size() == 1 ? " secret" : " secrets") + ", tolerance "
                + tolerance + "]";
    }
}
