package dev.postcard.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** The signature headers of a request, read from whatever the receiver's HTTP library offers. */
final class RequestHeaders {
    private final Function<String, List<String>> values;

    private RequestHeaders(Function<String, List<String>> values) {
        this.values = values;
    }

    /** Header names are matched ignoring case; a name may appear under several spellings and with several values. */
    static RequestHeaders of(Map<String, ? extends List<String>> map) {
        return new RequestHeaders(name -> {
            List<String> found = new ArrayList<>(1);
            // HttpURLConnection's map has a null key (the status line); some maps have null values. Skip both.
            map.forEach((key, list) -> {
                if (key != null && list != null && key.equalsIgnoreCase(name)) {
                    list.stream().filter(Objects::nonNull).forEach(found::add);
                }
            });
            return found;
        });
    }

    static RequestHeaders of(Function<String, Optional<String>> lookup) {
        return new RequestHeaders(name -> {
            Optional<String> value = lookup.apply(name);
            return value == null ? List.of() : value.stream().toList();
        });
    }

    /**
     * The value of a header that must appear once. Two {@code webhook-id} or {@code webhook-timestamp} lines
     * cannot both be right, and choosing one would let whoever added the other choose which is checked.
     */
    String single(String name) {
        List<String> found = values.apply(name);
        if (found.isEmpty()) {
            throw new MissingHeaderException(name);
        }
        if (found.size() > 1) {
            throw new MalformedHeaderException(name, "appears " + found.size() + " times, expected once");
        }
        return nonEmpty(name, found.getFirst());
    }

    /**
     * The values of a header that may be split over several lines, joined with a space: {@code
     * webhook-signature} is a space-separated list, so its lines together are one longer list.
     */
    String joined(String name) {
        List<String> found = values.apply(name);
        if (found.isEmpty()) {
            throw new MissingHeaderException(name);
        }
        return nonEmpty(name, String.join(" ", found));
    }

    private static String nonEmpty(String name, String value) {
        String stripped = value.strip();
        if (stripped.isEmpty()) {
            throw new MalformedHeaderException(name, "empty");
        }
        return stripped;
    }
}
