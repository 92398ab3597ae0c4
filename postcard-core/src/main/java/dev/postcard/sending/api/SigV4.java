package dev.postcard.sending.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for one request, with the JDK's HMAC-SHA256 and SHA-256: the SES transport needs this
 * one signature, and the AWS SDK would bring a large dependency tree for it.
 *
 * <p>Follows AWS's "Create a signed AWS API request": the canonical request (method, URI-encoded path, sorted
 * query, lower-cased sorted headers with trimmed values, the signed header names, the payload's SHA-256), the
 * string to sign over the credential scope {@code date/region/service/aws4_request}, and the signing key derived
 * from the secret by four chained HMACs. Checked against AWS's published test suite ({@code SigV4Test}).
 */
final class SigV4 {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String DATE_HEADER = "x-amz-date";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final String accessKeyId;
    private final String secretAccessKey;
    private final String region;
    private final String service;

    /** What was signed and the headers that carry the signature. */
    record Signed(String canonicalRequest, String stringToSign, String signature, String amzDate, String authorization) {
    }

    SigV4(String accessKeyId, String secretAccessKey, String region, String service) {
        this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
        this.secretAccessKey = Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        this.region = Objects.requireNonNull(region, "region");
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * Signs a request made at {@code at}. {@code path} is the decoded path ({@code /v2/email/outbound-emails});
     * {@code query} the decoded parameters; {@code headers} must hold {@code host}; {@code x-amz-date} is added
     * and signed. The caller sends {@code x-amz-date} and {@code Authorization} from the result.
     */
    Signed sign(String method, String path, List<Map.Entry<String, String>> query, List<Map.Entry<String, String>> headers,
            byte[] payload, Instant at) {
        String amzDate = AMZ_DATE.format(at);
        String date = amzDate.substring(0, 8);
        TreeMap<String, List<String>> canonicalHeaders = new TreeMap<>();
        for (Map.Entry<String, String> h : headers) {
            canonicalHeaders.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(h.getValue().strip().replaceAll(" +", " "));
        }
        canonicalHeaders.put(DATE_HEADER, List.of(amzDate));
        if (!canonicalHeaders.containsKey("host")) {
            throw new IllegalArgumentException("a signed request needs its host header");
        }
        StringBuilder headerBlock = new StringBuilder();
        canonicalHeaders.forEach((name, values) -> headerBlock.append(name).append(':')
                .append(String.join(",", values)).append('\n'));
        String signedHeaders = String.join(";", canonicalHeaders.keySet());

        String canonicalRequest = method + "\n"
                + canonicalPath(path) + "\n"
                + canonicalQuery(query) + "\n"
                + headerBlock + "\n"
                + signedHeaders + "\n"
                + hex(sha256(payload));
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String signature = hex(hmac(key, stringToSign));
        String authorization = ALGORITHM + " Credential=" + accessKeyId + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature;
        return new Signed(canonicalRequest, stringToSign, signature, amzDate, authorization);
    }

    static String canonicalPath(String path) {
        if (path.isEmpty() || path.equals("/")) {
            return "/";
        }
        StringBuilder out = new StringBuilder();
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(encode(segments[i]));
        }
        return out.toString();
    }

    static String canonicalQuery(List<Map.Entry<String, String>> query) {
        return query.stream()
                .map(p -> Map.entry(encode(p.getKey()), encode(p.getValue())))
                .sorted(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()))
                .map(p -> p.getKey() + "=" + p.getValue())
                .reduce((a, b) -> a + "&" + b)
                .orElse("");
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters, upper-case hex, as AWS wants. */
    static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    @Override
    public String toString() {
        return "SigV4[" + region + "/" + service + "]";
    }
}
