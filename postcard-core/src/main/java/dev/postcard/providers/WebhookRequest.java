package dev.postcard.providers;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One provider webhook request as it arrived: the raw body (signatures are checked on these exact bytes, before
 * any parsing), the headers by lower-case name and the query parameters.
 */
public record WebhookRequest(Map<String, List<String>> headers, byte[] body, Map<String, List<String>> query) {

    public WebhookRequest {
        TreeMap<String, List<String>> lower = new TreeMap<>();
        headers.forEach((name, values) -> lower.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values),
                (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
        headers = java.util.Collections.unmodifiableMap(lower);
        query = Map.copyOf(query);
        body = body.clone();
    }

    public static WebhookRequest of(Map<String, String> headers, byte[] body) {
        TreeMap<String, List<String>> multi = new TreeMap<>();
        headers.forEach((k, v) -> multi.put(k, List.of(v)));
        return new WebhookRequest(multi, body, Map.of());
    }

    /** The first value of the header, whatever the case of its name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** The body as UTF-8 text (for parsers; signatures use {@link #body()}). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body without a copy, for verifiers and parsers inside this package family that do not keep it. */
    public byte[] bodyBytes() {
        return body;
    }
}
