package dev.postcard.secrets;

/**
 * What {@code postcard secrets rotate} did.
 *
 * @param resealed  secrets written again under the current key (plain ones encrypted, others re-encrypted)
 * @param unchanged secrets that were under the current key already
 * @param changed   secrets a server changed while they were read (they are as that server wrote them; running
 *                  the rotation again covers them)
 */
public record Rotation(long resealed, long unchanged, long changed) {
    Rotation plus(Rotation other) {
        return new Rotation(resealed + other.resealed, unchanged + other.unchanged, changed + other.changed);
    }
}
