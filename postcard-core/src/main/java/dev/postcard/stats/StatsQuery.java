package dev.postcard.stats;

import dev.postcard.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stats question: the hours whose start lies in [{@code from} rounded down to the hour, {@code to}), in
 * buckets of {@code interval} (one bucket for the whole period when empty), grouped by {@code groupBy}
 * ({@link Dimension#ALL}: one overall group).
 */
public record StatsQuery(Instant from, Instant to, Optional<Interval> interval, Dimension groupBy) {
    public static final Duration DEFAULT_PERIOD = Duration.ofDays(30);
    /** More buckets than a chart can show; also bounds the work of one query. */
    public static final long MAX_BUCKETS = 10_000;
    private static final long HOUR = Duration.ofHours(1).toMillis();

    public StatsQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(groupBy, "groupBy");
        if (from.isAfter(to)) {
            throw new InvalidInputException("from", "from must not be after to");
        }
        interval.ifPresent(i -> {
            long buckets = (to.toEpochMilli() - Math.floorDiv(from.toEpochMilli(), i.millis()) * i.millis())
                    / i.millis() + 1;
            if (buckets > MAX_BUCKETS) {
                throw new InvalidInputException("interval", "from..to spans " + buckets + " " + i.wireName()
                        + "s; at most " + MAX_BUCKETS + " buckets per query (use a wider interval or a shorter period)");
            }
        });
    }

    /** The first hour bucket included. */
    public long firstHour() {
        return Math.floorDiv(from.toEpochMilli(), HOUR) * HOUR;
    }

    /** Hour buckets start before this. */
    public long endMillis() {
        return to.toEpochMilli();
    }
}
