package dev.postcard.suppression;

import dev.postcard.event.Event;
import dev.postcard.event.StoredEvent;
import dev.postcard.storage.AppendStep;
import dev.postcard.storage.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The suppression policy, in the transaction that stores each event: a hard bounce, a complaint or an
 * unsubscribe suppresses the recipient at once; soft (and undetermined) bounces count a streak that a delivery
 * resets, and the streak reaching the limit suppresses. Streaks follow the order events are recorded in.
 * An address with an active entry is left as it is, so it is never suppressed (or announced) twice.
 */
final class SuppressionStep implements AppendStep {
    private final int softBounceLimit;
    private final Clock clock;

    SuppressionStep(int softBounceLimit, Clock clock) {
        this.softBounceLimit = softBounceLimit;
        this.clock = clock;
    }

    @Override
    public void apply(Connection connection, Dialect dialect, StoredEvent stored) throws SQLException {
        Event event = stored.event();
        Optional<String> recipient = event.recipient().map(to -> to.toLowerCase(Locale.ROOT));
        if (recipient.isEmpty()) {
            return;
        }
        String tenantId = stored.tenantId();
        String address = recipient.get();
        switch (event.type()) {
            case EMAIL_BOUNCED -> {
                if (event.text("bounce_type").filter("hard"::equals).isPresent()) {
                    suppress(connection, stored, address, SuppressionReason.HARD_BOUNCE);
                } else if (SuppressionRows.countSoftBounce(connection, tenantId, address) >= softBounceLimit) {
                    SuppressionRows.resetStreak(connection, tenantId, address);
                    suppress(connection, stored, address, SuppressionReason.SOFT_BOUNCES);
                }
            }
            case EMAIL_COMPLAINED -> suppress(connection, stored, address, SuppressionReason.COMPLAINT);
            case EMAIL_UNSUBSCRIBED -> suppress(connection, stored, address, SuppressionReason.UNSUBSCRIBE);
            case EMAIL_DELIVERED -> SuppressionRows.resetStreak(connection, tenantId, address);
            default -> {
            }
        }
    }

    private void suppress(Connection connection, StoredEvent stored, String address, SuppressionReason reason)
            throws SQLException {
        Instant now = clock.instant();
        SuppressionRows.insertUnlessActive(connection, new Suppression(stored.tenantId(), address, reason,
                Optional.empty(), Optional.of(stored.event().id()), now, Optional.empty()), now.toEpochMilli());
    }
}
