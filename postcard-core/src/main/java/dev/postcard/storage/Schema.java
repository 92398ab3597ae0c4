package dev.postcard.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.api.MigrationInfo;

/**
 * The database schema on its own, for operators ({@code postcard migrate}, {@code postcard info}): a store
 * migrates when it opens, so these are for upgrading before a rollout and for looking.
 */
public final class Schema {
    private Schema() {
    }

    /** One migration: applied, pending, or applied by a newer release ({@code state} as Flyway names it). */
    public record Migration(String version, String description, String state, Optional<Instant> installedOn) {
    }

    /** Applies every pending migration; returns the versions applied now. */
    public static List<Integer> migrate(String jdbcUrl, StoreOptions options) {
        try (Database database = Database.open(jdbcUrl, options)) {
            return Migrations.apply(database);
        }
    }

    /** Every migration this release knows, and any the database has that it does not, oldest first. */
    public static List<Migration> info(String jdbcUrl, StoreOptions options) {
        try (Database database = Database.open(jdbcUrl, options)) {
            return Migrations.info(database).stream().map(Schema::migration).toList();
        }
    }

    private static Migration migration(MigrationInfo info) {
        return new Migration(info.getVersion() == null ? "" : info.getVersion().getVersion(), info.getDescription(),
                info.getState().getDisplayName(), Optional.ofNullable(info.getInstalledOn()).map(d -> d.toInstant()));
    }
}
