package dev.postcard.templates;

/** What an update does to one part of a template (subject, html, text): keeps it, removes it or replaces it. */
public sealed interface PartChange {
    /** The part stays as the current version has it. */
    record Keep() implements PartChange {
    }

    /** The new version has no such part. */
    record Remove() implements PartChange {
    }

    record Replace(String source) implements PartChange {
        public Replace {
            java.util.Objects.requireNonNull(source, "source");
        }
    }

    PartChange KEEP = new Keep();
    PartChange REMOVE = new Remove();

    static PartChange replace(String source) {
        return new Replace(source);
    }
}
