package dev.postcard.event;

/** The outcome of appending one event: the stored event (the earlier one for a duplicate id). */
public record AppendResult(StoredEvent stored, boolean duplicate) {
}
