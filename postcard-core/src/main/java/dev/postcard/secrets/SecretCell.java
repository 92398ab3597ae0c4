package dev.postcard.secrets;

import java.util.Objects;

/** One stored secret and where it lies. */
public record SecretCell(SecretSlot slot, StoredSecret stored) {
    public SecretCell {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(stored, "stored");
    }
}
