package dev.postcard.storage;

import java.sql.Connection;
import java.sql.SQLException;

/** For upgrade tests of any package: a database left at an older schema version, with rows put in it by SQL. */
public final class OldSchemas {
    /** SQL run in the old schema. */
    public interface Rows {
        void insert(Connection connection) throws SQLException;
    }

    private OldSchemas() {
    }

    /** Migrates the database at {@code jdbcUrl} up to {@code version} only, then runs {@code rows} in one transaction. */
    public static void at(String jdbcUrl, int version, Rows rows) {
        try (Database old = Database.open(jdbcUrl, StoreOptions.defaults())) {
            Migrations.apply(old, version);
            old.transaction("rows of an older schema", connection -> {
                rows.insert(connection);
                return null;
            });
        }
    }
}
