package dev.postcard.secrets;

import dev.postcard.PostcardException;

/**
 * A stored secret that the keys held cannot open: the key is missing or another one, or the value was altered or
 * copied from another row. The message names the setting to fix and the row, never a secret or a key.
 */
public final class UnreadableSecretException extends PostcardException {
    public UnreadableSecretException(String message) {
        super(message);
    }

    static UnreadableSecretException keyNotHeld(SecretSlot slot, String keyId, SecretsKeys keys) {
        return new UnreadableSecretException(slot.describe() + " is encrypted under key " + keyId + ", which "
                + missing(keys));
    }

    /** What is wrong with the keys given, when a value sealed under a key they do not hold is found. */
    static String missing(SecretsKeys keys) {
        return keys.isEmpty() ? "is not given: set " + SecretsKeys.CURRENT_SETTING + " to it"
                : "is neither " + SecretsKeys.CURRENT_SETTING + " nor one of " + SecretsKeys.PREVIOUS_SETTING
                        + ": give it as one of them";
    }
}
