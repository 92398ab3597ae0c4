package dev.postcard.providers;

import java.util.List;

/**
 * What became of one provider webhook request.
 *
 * @param items      how many items the provider sent
 * @param stored     events newly stored
 * @param duplicates events already stored (a provider's retry)
 * @param ignored    items that are not about a message (pings, account notices, confirmations)
 * @param failed     items that could not be used, with why; the others were stored
 */
public record IntakeResult(int items, int stored, int duplicates, int ignored, List<ItemFailure> failed) {
    public IntakeResult {
        failed = List.copyOf(failed);
    }

    /** One unusable item: its position in the provider's body and the field that broke it. */
    public record ItemFailure(int index, String field, String error) {
    }
}
