package dev.postcard.secrets;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** How the stored secrets are held, table by table: how many are plain, how many under each key id. */
public record SecretCensus(List<Count> counts) {
    public static final String UNKNOWN_FORM = "unknown-form";

    /**
     * {@code secrets} values of {@code table} stored under {@code keyId}; an empty key id is plain text, and
     * {@link #UNKNOWN_FORM} stands for encrypted values in a form this release does not read.
     */
    public record Count(String table, Optional<String> keyId, long secrets) {
        public Count {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(keyId, "keyId");
        }
    }

    public SecretCensus {
        counts = List.copyOf(counts);
    }

    public long plain() {
        return counts.stream().filter(c -> c.keyId().isEmpty()).mapToLong(Count::secrets).sum();
    }

    public long sealed() {
        return counts.stream().filter(c -> c.keyId().isPresent()).mapToLong(Count::secrets).sum();
    }

    /** Every key id some value is stored under, sorted. */
    public Set<String> keyIds() {
        Set<String> ids = new TreeSet<>();
        counts.forEach(c -> c.keyId().ifPresent(ids::add));
        return ids;
    }
}
