package dev.postcard.suppression;

import java.util.List;

/**
 * What a CSV import did: entries created, active entries updated, and the rejected lines (the first
 * {@link #MAX_LISTED} listed, {@code rejectedTotal} counting all).
 */
public record ImportResult(long imported, long updated, List<Rejection> rejected, long rejectedTotal) {
    public static final int MAX_LISTED = 100;

    public ImportResult {
        rejected = List.copyOf(rejected);
    }

    /** A line the import refused, numbered from 1 like an editor numbers it. */
    public record Rejection(long line, String error) {
    }
}
