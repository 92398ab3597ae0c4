package dev.postcard.stats;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** The width of a stats bucket; days are UTC days, summed from hours. */
public enum Interval {
    HOUR("hour", Duration.ofHours(1)),
    DAY("day", Duration.ofDays(1));

    private final String wireName;
    private final Duration width;

    Interval(String wireName, Duration width) {
        this.wireName = wireName;
        this.width = width;
    }

    public String wireName() {
        return wireName;
    }

    public long millis() {
        return width.toMillis();
    }

    public static Optional<Interval> of(String name) {
        return Arrays.stream(values()).filter(i -> i.wireName.equals(name)).findFirst();
    }
}
