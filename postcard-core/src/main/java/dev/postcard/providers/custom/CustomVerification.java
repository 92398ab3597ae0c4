package dev.postcard.providers.custom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.EventCodec;
import dev.postcard.providers.RequestVerifier;
import dev.postcard.providers.SettingsFields;
import dev.postcard.providers.SharedSecret;
import dev.postcard.providers.Source;
import dev.postcard.providers.WebhookRejectedException;
import dev.postcard.providers.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a source that is not a built-in provider proves its requests: the {@code verification} object of a
 * {@code custom} source or of a parser registered in Java. Exactly one method:
 * <ul>
 *   <li>{@code {"hmac": {"header", "secret", "algorithm", "encoding", "prefix", "timestamp_header"}}}: an HMAC
 *   over the raw body (or over {@code timestamp + "." + body} when {@code timestamp_header} names a header holding
 *   unix seconds, which must then be inside the source's tolerance), compared in constant time;</li>
 *   <li>{@code {"basic_auth": {"username", "password"}}} or {@code {"token": "..."}}: shared credentials, checked
 *   by {@link SharedSecret}.</li>
 * </ul>
 */
final class CustomVerification {
    static final Set<String> METHODS = Set.of("hmac", "basic_auth", "token");
    private static final Set<String> HMAC_FIELDS =
            Set.of("header", "secret", "algorithm", "encoding", "prefix", "timestamp_header");
    private static final Map<String, String> ALGORITHMS =
            Map.of("sha256", "HmacSHA256", "sha1", "HmacSHA1", "sha512", "HmacSHA512");
    private static final Set<String> ENCODINGS = Set.of("hex", "base64");
    /** An HTTP header name (RFC 9110 token). */
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");
    private static final Pattern UNIX_SECONDS = Pattern.compile("\\d{1,12}");
    static final int MIN_HMAC_SECRET = 16;
    private static final int MAX_SECRET = 1024;

    private CustomVerification() {
    }

    /**
     * Checks the {@code verification} object of {@code given} (the source's settings) and returns it normalised,
     * as it is stored under {@code verification}.
     *
     * @throws InvalidInputException naming the field ({@code verification.hmac.secret}, ...)
     */
    public static ObjectNode settings(ObjectNode given) {
        JsonNode verification = given.get("verification");
        if (verification == null || verification.isNull()) {
            throw new InvalidInputException("verification", "verification is required: one of "
                    + METHODS.stream().sorted().toList());
        }
        if (!verification.isObject()) {
            throw new InvalidInputException("verification", "verification must be an object with one of "
                    + METHODS.stream().sorted().toList());
        }
        ObjectNode v = (ObjectNode) verification;
        prefixedCheck("verification.", () -> SettingsFields.onlyKnown(v, METHODS, "verification"));
        List<String> present = new ArrayList<>();
        v.properties().forEach(e -> {
            if (!e.getValue().isNull()) {
                present.add(e.getKey());
            }
        });
        if (present.size() != 1) {
            throw new InvalidInputException("verification", "verification needs exactly one method of "
                    + METHODS.stream().sorted().toList() + (present.isEmpty() ? "" : ", not " + present.stream().sorted().toList()));
        }
        if (present.getFirst().equals("hmac")) {
            ObjectNode out = EventCodec.MAPPER.createObjectNode();
            out.set("hmac", hmacSettings(v.get("hmac")));
            return out;
        }
        ObjectNode only = EventCodec.MAPPER.createObjectNode();
        only.set(present.getFirst(), v.get(present.getFirst()));
        try {
            return SharedSecret.settings(only);
        } catch (InvalidInputException e) {
            // SharedSecret names the fields inside basic_auth by their own name; name them in full.
            String field = Set.of("username", "password").contains(e.field()) ? "basic_auth." + e.field() : e.field();
            throw new InvalidInputException("verification." + field, "verification." + field + ": " + e.getMessage());
        }
    }

    private static ObjectNode hmacSettings(JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidInputException("verification.hmac", "verification.hmac must be an object {header, secret}");
        }
        ObjectNode h = (ObjectNode) node;
        return prefixed("verification.hmac.", () -> {
            SettingsFields.onlyKnown(h, HMAC_FIELDS, "hmac");
            String header = SettingsFields.requiredText(h, "header", 100);
            if (!HEADER.matcher(header).matches()) {
                throw new InvalidInputException("header", "header must be an HTTP header name such as X-Signature");
            }
            String secret = SettingsFields.requiredText(h, "secret", MAX_SECRET);
            if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_HMAC_SECRET) {
                throw new InvalidInputException("secret", "secret must be at least " + MIN_HMAC_SECRET + " bytes");
            }
            String algorithm = SettingsFields.optionalText(h, "algorithm", 16).orElse("sha256").toLowerCase(Locale.ROOT);
            if (!ALGORITHMS.containsKey(algorithm)) {
                throw new InvalidInputException("algorithm", "algorithm must be one of sha256, sha1, sha512");
            }
            String encoding = SettingsFields.optionalText(h, "encoding", 16).orElse("hex").toLowerCase(Locale.ROOT);
            if (!ENCODINGS.contains(encoding)) {
                throw new InvalidInputException("encoding", "encoding must be hex or base64");
            }
            Optional<String> prefix = SettingsFields.optionalText(h, "prefix", 64);
            Optional<String> timestampHeader = SettingsFields.optionalText(h, "timestamp_header", 100);
            if (timestampHeader.isPresent() && !HEADER.matcher(timestampHeader.get()).matches()) {
                throw new InvalidInputException("timestamp_header", "timestamp_header must be an HTTP header name");
            }
            ObjectNode out = EventCodec.MAPPER.createObjectNode();
            out.put("header", header).put("secret", secret).put("algorithm", algorithm).put("encoding", encoding);
            prefix.ifPresent(p -> out.put("prefix", p));
            timestampHeader.ifPresent(t -> out.put("timestamp_header", t));
            return out;
        });
    }

    /** The stored {@code verification} as {@code GET /v1/sources} shows it: the method, never a secret. */
    public static ObjectNode publicSettings(ObjectNode storedVerification) {
        ObjectNode out = EventCodec.MAPPER.createObjectNode();
        JsonNode hmac = storedVerification.get("hmac");
        if (hmac != null && hmac.isObject()) {
            out.put("method", "hmac");
            ObjectNode h = out.putObject("hmac");
            for (String field : List.of("header", "algorithm", "encoding", "prefix", "timestamp_header")) {
                if (hmac.hasNonNull(field)) {
                    h.put(field, hmac.get(field).asText());
                }
            }
            h.put("secret_set", hmac.hasNonNull("secret"));
            return out;
        }
        out.put("method", storedVerification.has("basic_auth") ? "basic_auth" : "token");
        out.setAll(SharedSecret.publicSettings(storedVerification));
        return out;
    }

    /** The verifier of a source whose stored settings hold {@code verification}. */
    public static RequestVerifier verifier(Source source) {
        JsonNode verification = source.settings().get("verification");
        if (verification == null || !verification.isObject()) {
            throw new IllegalStateException("source " + source.id() + " has no verification settings");
        }
        JsonNode hmac = verification.get("hmac");
        if (hmac != null && hmac.isObject()) {
            return new HmacVerifier(source, hmac);
        }
        return SharedSecret.verifier((ObjectNode) verification);
    }

    /** An HMAC over the raw body, in the header the source names. */
    private static final class HmacVerifier implements RequestVerifier {
        private final Source source;
        private final String header;
        private final String macAlgorithm;
        private final SecretKeySpec key;
        private final boolean hex;
        private final String prefix;
        private final String timestampHeader;

        HmacVerifier(Source source, JsonNode settings) {
            this.source = source;
            this.header = settings.path("header").asText();
            this.macAlgorithm = ALGORITHMS.getOrDefault(settings.path("algorithm").asText("sha256"), "HmacSHA256");
            this.key = new SecretKeySpec(settings.path("secret").asText().getBytes(StandardCharsets.UTF_8), macAlgorithm);
            this.hex = !"base64".equals(settings.path("encoding").asText("hex"));
            this.prefix = settings.hasNonNull("prefix") ? settings.get("prefix").asText() : null;
            this.timestampHeader = settings.hasNonNull("timestamp_header") ? settings.get("timestamp_header").asText() : null;
        }

        @Override
        public void verify(WebhookRequest request, Instant now) {
            String given = request.header(header).map(String::trim).filter(s -> !s.isEmpty())
                    .orElseThrow(() -> new WebhookRejectedException("the " + header + " header is required"));
            if (prefix != null && given.regionMatches(true, 0, prefix, 0, prefix.length())) {
                given = given.substring(prefix.length()).trim();
            }
            byte[] signature = decode(given);
            String timestamp = null;
            if (timestampHeader != null) {
                timestamp = request.header(timestampHeader).map(String::trim).filter(s -> !s.isEmpty())
                        .orElseThrow(() -> new WebhookRejectedException("the " + timestampHeader + " header is required"));
                if (!UNIX_SECONDS.matcher(timestamp).matches()) {
                    throw new WebhookRejectedException("the " + timestampHeader + " header must be unix seconds");
                }
            }
            Mac mac = newMac();
            if (timestamp != null) {
                mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
                mac.update((byte) '.');
            }
            byte[] expected = mac.doFinal(request.bodyBytes());
            if (!MessageDigest.isEqual(expected, signature)) {
                throw new WebhookRejectedException("the " + header + " signature does not match the body");
            }
            if (timestamp != null) {
                source.checkTimestamp(Instant.ofEpochSecond(Long.parseLong(timestamp)), now);
            }
        }

        private byte[] decode(String given) {
            try {
                if (hex) {
                    return HexFormat.of().parseHex(given.toLowerCase(Locale.ROOT));
                }
                return given.indexOf('-') >= 0 || given.indexOf('_') >= 0
                        ? Base64.getUrlDecoder().decode(given) : Base64.getDecoder().decode(given);
            } catch (IllegalArgumentException e) {
                throw new WebhookRejectedException("the " + header + " header is not a " + (hex ? "hex" : "base64")
                        + " signature");
            }
        }

        private Mac newMac() {
            try {
                Mac mac = Mac.getInstance(macAlgorithm);
                mac.init(key);
                return mac;
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException("cannot compute " + macAlgorithm, e);
            }
        }
    }

    /** Runs {@code check} and puts {@code prefix} before the field of any error it throws. */
    private static <T> T prefixed(String prefix, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (InvalidInputException e) {
            String field = e.field().isEmpty() ? prefix.substring(0, prefix.length() - 1) : prefix + e.field();
            String message = e.getMessage();
            if (!e.field().isEmpty() && message != null && message.startsWith(e.field())) {
                message = prefix + message;
            }
            throw new InvalidInputException(field, message);
        }
    }

    private static void prefixedCheck(String prefix, Runnable check) {
        prefixed(prefix, () -> {
            check.run();
            return null;
        });
    }
}
