package dev.postcard.storage;

import dev.postcard.InvalidInputException;
import dev.postcard.Page;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Opaque page cursors: base64url of {@code <list>:<position...>}. The list name stops a cursor of one list
 * from being replayed on another; anything that does not decode is the caller's mistake, not ours.
 */
public final class Cursors {
    static final String EVENTS = "events";

    private Cursors() {
    }

    public static String encode(String list, Object... position) {
        StringBuilder text = new StringBuilder(list);
        for (Object part : position) {
            text.append(':').append(part);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code parts} position values of a cursor of {@code list}; the last one may contain colons. */
    public static List<String> decode(String list, String cursor, int parts) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
        if (text.chars().anyMatch(c -> c < 0x20 || c == 0xFFFD)) {
            throw malformed(); // no cursor we write holds control characters or undecodable bytes
        }
        String[] fields = text.split(":", parts + 1);
        if (fields.length != parts + 1 || !fields[0].equals(list)) {
            throw malformed();
        }
        return List.of(fields).subList(1, fields.length);
    }

    static long number(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw malformed();
        }
    }

    /**
     * Binds the {@code (created_at, id)} position of a keyset cursor, when there is one, from parameter
     * {@code index} on (the SQL has {@code created_at <op> ? OR (created_at = ? AND id <op> ?)} there);
     * returns the next parameter index.
     */
    public static int bindCreatedAtAndId(PreparedStatement statement, int index, Optional<List<String>> after)
            throws SQLException {
        if (after.isEmpty()) {
            return index;
        }
        long createdAt = number(after.get().get(0));
        statement.setLong(index++, createdAt);
        statement.setLong(index++, createdAt);
        statement.setString(index++, after.get().get(1));
        return index;
    }

    /** The page of {@code rows} (fetched with {@code limit + 1}) and the cursor after its last row, if more follow. */
    public static <T> Page<T> createdAtAndIdPage(String list, List<T> rows, int limit, Function<T, Instant> createdAt,
                                          Function<T, String> id) {
        if (rows.size() <= limit) {
            return new Page<>(rows, Optional.empty());
        }
        List<T> page = rows.subList(0, limit);
        T last = page.getLast();
        return new Page<>(page, Optional.of(encode(list, createdAt.apply(last).toEpochMilli(), id.apply(last))));
    }

    private static InvalidInputException malformed() {
        return new InvalidInputException("cursor", "cursor is not one this list returned");
    }
}
