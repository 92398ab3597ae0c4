package dev.postcard.tracking;

import dev.postcard.InvalidInputException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * The set of link-signing keys: every key still verifies, only the current one signs. Links live in
 * mailboxes for years, so rotating means adding a key and making it current while the old ones stay
 * until their links no longer matter.
 *
 * <p>Persisted as one setting string, keys in order then the current id:
 * <pre>{@code 1:<secret>,2:<secret>;current=2}</pre>
 * where {@code <secret>} is the 32-byte secret in URL-safe base64 without padding (so the value survives
 * environment variables and shell quoting). {@code ;current=N} may be omitted: the last key is current.
 * Whitespace around the separators is ignored.
 */
final class SigningKeys {
    private static final String FIELD = "signing_keys";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SequencedMap<Integer, SigningKey> keys;
    private final SigningKey current;

    private SigningKeys(SequencedMap<Integer, SigningKey> keys, int currentId) {
        if (keys.isEmpty()) {
            throw new InvalidInputException(FIELD, "at least one signing key is required");
        }
        SigningKey currentKey = keys.get(currentId);
        if (currentKey == null) {
            throw new InvalidInputException(FIELD, "the current key id " + currentId + " is not in the key set");
        }
        this.keys = Collections.unmodifiableSequencedMap(keys);
        this.current = currentKey;
    }

    /** A key set of the given keys (ids must be distinct), signing with {@code currentId}. */
    public static SigningKeys of(List<SigningKey> keys, int currentId) {
        SequencedMap<Integer, SigningKey> byId = new LinkedHashMap<>();
        for (SigningKey key : keys) {
            if (byId.putIfAbsent(key.id(), key) != null) {
                throw new InvalidInputException(FIELD, "key id " + key.id() + " appears twice");
            }
        }
        return new SigningKeys(byId, currentId);
    }

    /** A new installation's key set: one generated key, id 1. */
    public static SigningKeys generate() {
        return of(List.of(SigningKey.generate(1)), 1);
    }

    /** Parses the setting format described on the class. */
    public static SigningKeys parse(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            throw new InvalidInputException(FIELD, "the signing key setting is empty");
        }
        String[] sections = encoded.split(";", -1);
        List<SigningKey> parsed = new ArrayList<>();
        for (String entry : sections[0].split(",", -1)) {
            parsed.add(parseKey(entry.strip()));
        }
        Integer currentId = null;
        for (int i = 1; i < sections.length; i++) {
            String option = sections[i].strip();
            if (!option.startsWith("current=")) {
                throw new InvalidInputException(FIELD, "unknown option '" + option + "', expected current=<id>");
            }
            currentId = parseId(option.substring("current=".length()).strip());
        }
        return of(parsed, currentId != null ? currentId : parsed.getLast().id());
    }

    private static SigningKey parseKey(String entry) {
        int colon = entry.indexOf(':');
        if (colon <= 0) {
            throw new InvalidInputException(FIELD, "a key must be written <id>:<base64url secret>");
        }
        int id = parseId(entry.substring(0, colon).strip());
        byte[] secret;
        try {
            secret = Base64.getUrlDecoder().decode(entry.substring(colon + 1).strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(FIELD, "the secret of key " + id + " is not URL-safe base64");
        }
        return new SigningKey(id, secret);
    }

    private static int parseId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(FIELD, "'" + text + "' is not a key id");
        }
    }

    /** The setting string; {@code parse(encode())} gives an equal key set. */
    public String encode() {
        StringBuilder out = new StringBuilder();
        for (SigningKey key : keys.values()) {
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(key.id()).append(':').append(ENCODER.encodeToString(key.secret()));
        }
        return out.append(";current=").append(current.id()).toString();
    }

    /**
     * Adds a freshly generated key and makes it current. Its id is the one after the highest id in use,
     * wrapping within 0..255 and skipping ids still present.
     */
    public SigningKeys rotate() {
        if (keys.size() >= 256) {
            throw new InvalidInputException(FIELD, "all 256 key ids are in use; remove an old key first");
        }
        int id = keys.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        do {
            id = (id + 1) & 0xFF;
        } while (keys.containsKey(id));
        SequencedMap<Integer, SigningKey> next = new LinkedHashMap<>(keys);
        next.put(id, SigningKey.generate(id));
        return new SigningKeys(next, id);
    }

    /** Retires a key: links it signed stop verifying. The current key cannot be removed. */
    public SigningKeys without(int id) {
        if (id == current.id()) {
            throw new InvalidInputException(FIELD, "key " + id + " is the current key and cannot be removed");
        }
        SequencedMap<Integer, SigningKey> next = new LinkedHashMap<>(keys);
        next.remove(id);
        return new SigningKeys(next, current.id());
    }

    public SigningKey current() {
        return current;
    }

    public Optional<SigningKey> find(int id) {
        return Optional.ofNullable(keys.get(id));
    }

    /** All keys in their persisted order. */
    public List<SigningKey> all() {
        return List.copyOf(keys.values());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SigningKeys set && set.keys.equals(keys) && set.current.equals(current)
                && List.copyOf(set.keys.keySet()).equals(List.copyOf(keys.keySet()));
    }

    @Override
    public int hashCode() {
        return keys.hashCode() * 31 + current.id();
    }

    @Override
    public String toString() {
        return "SigningKeys[ids=" + keys.keySet() + ", current=" + current.id() + "]";
    }
}
