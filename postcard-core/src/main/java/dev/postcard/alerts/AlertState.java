package dev.postcard.alerts;

import java.time.Instant;

/**
 * Where one tenant's alert of one kind stands. The figures (rate, counts, threshold, window) are those of the
 * last change of state: for a triggered alert, the crossing that its {@code alert.triggered} event reports.
 * {@code announced} is false from the crossing until that event ({@code eventId}) is recorded.
 */
public record AlertState(String tenantId, AlertKind kind, boolean triggered, Instant since, double rate,
                         double threshold, long windowSeconds, WindowCounts counts, String eventId,
                         boolean announced) {
}
