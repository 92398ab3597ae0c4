package dev.postcard.stats;

import java.util.Arrays;
import java.util.Optional;

/** What stats are grouped by: everything together, or each tag, recipient domain or provider. */
public enum Dimension {
    ALL("all"),
    TAG("tag"),
    DOMAIN("domain"),
    PROVIDER("provider");

    private final String wireName;

    Dimension(String wireName) {
        this.wireName = wireName;
    }

    /** As stored and as named in {@code group_by} and in each group row. */
    public String wireName() {
        return wireName;
    }

    /** A {@code group_by} value: {@code tag}, {@code domain} or {@code provider} ({@code all} is the default). */
    public static Optional<Dimension> groupBy(String name) {
        return Arrays.stream(values()).filter(d -> d != ALL && d.wireName.equals(name)).findFirst();
    }
}
