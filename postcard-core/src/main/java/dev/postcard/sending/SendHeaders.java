package dev.postcard.sending;

import dev.postcard.UnprocessableException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The rules for a sender's own headers: well-formed, one line each, and none Postcard writes itself. */
final class SendHeaders {
    /** Headers Postcard sets on every copy (or from a field of the send): a sender's own would contradict them. */
    private static final Set<String> RESERVED = Set.of("from", "to", "cc", "bcc", "reply-to", "subject",
            "message-id", "date", "mime-version", "sender", "return-path");
    private static final int MAX_HEADERS = 50;
    private static final int MAX_VALUE = 998;

    private SendHeaders() {
    }

    static void check(Map<String, String> headers) {
        if (headers.size() > MAX_HEADERS) {
            throw new UnprocessableException("headers", "at most " + MAX_HEADERS + " headers");
        }
        headers.forEach((name, value) -> {
            String field = "headers." + name;
            if (name.isEmpty() || name.length() > 76 || !name.chars().allMatch(c -> c >= 33 && c <= 126 && c != ':')) {
                throw new UnprocessableException(field, "a header name is 1 to 76 printable ASCII characters without ':'");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (RESERVED.contains(lower) || lower.startsWith("content-") || lower.startsWith("list-unsubscribe")
                    || lower.startsWith("x-postcard-")) {
                throw new UnprocessableException(field, "'" + name + "' is set by Postcard; use the send's own fields");
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf(0) >= 0) {
                throw new UnprocessableException(field, "a header value must not hold line breaks");
            }
            if (value.length() > MAX_VALUE) {
                throw new UnprocessableException(field, "a header value is at most " + MAX_VALUE + " characters");
            }
        });
    }
}
