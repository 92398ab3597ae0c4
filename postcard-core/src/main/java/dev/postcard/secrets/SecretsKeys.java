package dev.postcard.secrets;

import dev.postcard.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator keys a node holds: the current one ({@code POSTCARD_SECRETS_KEY}) seals every secret written, and it
 * and the previous ones ({@code POSTCARD_SECRETS_PREVIOUS_KEYS}) open what is stored. None at all is the embedded
 * default: secrets are then stored as plain text, as before there were keys.
 */
public final class SecretsKeys {
    public static final String CURRENT_SETTING = "POSTCARD_SECRETS_KEY";
    public static final String PREVIOUS_SETTING = "POSTCARD_SECRETS_PREVIOUS_KEYS";
    private static final SecretsKeys NONE = new SecretsKeys(Optional.empty(), List.of());

    private final Optional<SecretsKey> current;
    private final Map<String, SecretsKey> byId = new LinkedHashMap<>();

    private SecretsKeys(Optional<SecretsKey> current, List<SecretsKey> previous) {
        this.current = current;
        current.ifPresent(key -> byId.put(key.id(), key));
        previous.forEach(key -> byId.putIfAbsent(key.id(), key));
    }

    /** No key: secrets are written as plain text, and encrypted ones cannot be read. */
    public static SecretsKeys none() {
        return NONE;
    }

    /** {@code current} seals; it and {@code previous} open. A previous key equal to the current one is ignored. */
    public static SecretsKeys of(SecretsKey current, List<SecretsKey> previous) {
        return new SecretsKeys(Optional.of(Objects.requireNonNull(current, "current")), List.copyOf(previous));
    }

    public static SecretsKeys of(SecretsKey current) {
        return of(current, List.of());
    }

    /**
     * The settings as the operator wrote them: the current key, and the previous ones separated by commas. Previous
     * keys alone are refused: what would be written then, plain text beside encrypted values?
     *
     * @throws InvalidInputException naming the setting that is wrong, never repeating a key
     */
    public static SecretsKeys parse(Optional<String> current, Optional<String> previous) {
        List<SecretsKey> previousKeys = new ArrayList<>();
        for (String key : previous.orElse("").split(",")) {
            if (!key.isBlank()) {
                previousKeys.add(SecretsKey.parse(PREVIOUS_SETTING, key));
            }
        }
        Optional<String> given = current.filter(key -> !key.isBlank());
        if (given.isEmpty()) {
            if (!previousKeys.isEmpty()) {
                throw new InvalidInputException(PREVIOUS_SETTING, PREVIOUS_SETTING + " is set without "
                        + CURRENT_SETTING + ": previous keys only open secrets, the current key encrypts them");
            }
            return NONE;
        }
        return of(SecretsKey.parse(CURRENT_SETTING, given.get()), previousKeys);
    }

    /** The key that seals what is written; empty: secrets are written as plain text. */
    public Optional<SecretsKey> current() {
        return current;
    }

    /** The key of this id, current or previous. */
    public Optional<SecretsKey> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    /** Ids only. */
    @Override
    public String toString() {
        return "SecretsKeys[current=" + current.map(SecretsKey::id).orElse("none") + ", held=" + byId.keySet() + "]";
    }
}
