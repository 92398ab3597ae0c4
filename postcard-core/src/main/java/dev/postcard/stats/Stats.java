package dev.postcard.stats;

import java.util.List;
import java.util.Optional;

/**
 * Delivery and engagement stats and per-link clicks. Each read counts every event recorded before it (the
 * aggregates follow the log; a read first lets them catch up).
 */
public interface Stats {
    /** The counts of the query's period, grouped and bucketed as it asks. */
    List<StatsRow> query(String tenantId, StatsQuery query);

    /** The links clicked in one message, most human clicks first. */
    List<LinkClicks> linksOfEmail(String tenantId, String emailId, int limit);

    /**
     * The links clicked in the period (the hours whose start lies in [from rounded down to the hour, to)) in
     * messages with {@code tag}, or in every message; most human clicks first.
     */
    List<LinkClicks> linksOfTag(String tenantId, Optional<String> tag, StatsQuery period, int limit);
}
