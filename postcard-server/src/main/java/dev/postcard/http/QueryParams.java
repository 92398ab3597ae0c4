package dev.postcard.http;

import dev.postcard.InvalidInputException;
import dev.postcard.event.StorableText;
import io.helidon.webserver.http.ServerRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Typed access to query parameters; a malformed value names its parameter. */
public final class QueryParams {
    public static final int DEFAULT_LIMIT = 50;
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private final ServerRequest req;

    public QueryParams(ServerRequest req) {
        this.req = req;
    }

    public Optional<String> text(String name) {
        Optional<String> value = req.query().first(name).asOptional().map(String::strip).filter(s -> !s.isEmpty());
        value.ifPresent(v -> StorableText.check(name, v));
        return value;
    }

    /** Years 0 to 9999: the range stored times can have (epoch milliseconds, four-digit years). */
    public Optional<Instant> instant(String name) {
        return text(name).map(v -> {
            Instant instant;
            try {
                instant = OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(name, name + " must be an ISO 8601 timestamp, such as 2026-11-22T10:30:05Z");
            }
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                throw new InvalidInputException(name, name + " must be between the years 0000 and 9999");
            }
            return instant;
        });
    }

    public int limit(int max) {
        return text("limit").map(v -> {
            try {
                int n = Integer.parseInt(v);
                if (n >= 1 && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new InvalidInputException("limit", "limit must be a whole number from 1 to " + max);
        }).orElse(Math.min(DEFAULT_LIMIT, max));
    }

    public Optional<String> cursor() {
        return text("cursor");
    }

}
