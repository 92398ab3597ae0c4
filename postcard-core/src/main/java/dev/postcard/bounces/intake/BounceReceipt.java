package dev.postcard.bounces.intake;

import dev.postcard.bounces.MessageKind;
import dev.postcard.event.AppendResult;
import java.util.List;
import java.util.Optional;

/**
 * What became of one returned mail; durable when it exists.
 *
 * @param kind         what the classifier made of it
 * @param tenantId     the tenant the events went to: the correlated message's, else {@code default}
 * @param emailId      the correlated message
 * @param correlatedBy how the message was found
 * @param results      one per event, in order; empty when nothing is stored for this kind
 */
public record BounceReceipt(MessageKind kind, String tenantId, Optional<String> emailId,
                            Correlation.By correlatedBy, List<AppendResult> results) {
    public BounceReceipt {
        results = List.copyOf(results);
    }

    /** Events newly stored by this call. */
    public long stored() {
        return results.stream().filter(r -> !r.duplicate()).count();
    }

    /** Events an earlier delivery of the same mail had already stored. */
    public long duplicates() {
        return results.stream().filter(AppendResult::duplicate).count();
    }
}
