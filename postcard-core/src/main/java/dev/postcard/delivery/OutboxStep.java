package dev.postcard.delivery;

import dev.postcard.event.StoredEvent;
import dev.postcard.storage.AppendStep;
import dev.postcard.storage.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The transactional outbox: in the transaction that stores an event, one pending delivery, due at once, for
 * every enabled webhook of the event's tenant that subscribes to its type. Event and deliveries commit or
 * roll back together, so no event is stored without its deliveries.
 */
final class OutboxStep implements AppendStep {
    private final EnabledWebhooks webhooks;
    private final Clock clock;

    OutboxStep(EnabledWebhooks webhooks, Clock clock) {
        this.webhooks = webhooks;
        this.clock = clock;
    }

    @Override
    public void apply(Connection connection, Dialect dialect, StoredEvent stored) throws SQLException {
        List<DeliveryRows.Owed> owed = new ArrayList<>();
        for (Webhook webhook : webhooks.of(connection, stored.tenantId())) {
            if (webhook.subscribesTo(stored.event().type())) {
                owed.add(new DeliveryRows.Owed(stored.tenantId(), webhook.id(), stored.event().id(), stored.seq(), 0));
            }
        }
        DeliveryRows.insertPending(connection, owed, clock.millis());
    }
}
