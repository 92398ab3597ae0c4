package dev.postcard.stats;

import java.time.Instant;
import java.util.Optional;

/** One row of a stats answer: its group's value (empty for the overall group), its bucket start when bucketed. */
public record StatsRow(Dimension dimension, Optional<String> group, Optional<Instant> bucket, StatsCounts counts) {
}
