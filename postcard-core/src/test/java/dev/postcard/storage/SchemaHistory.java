package dev.postcard.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** What Flyway's history table of a test database says. */
final class SchemaHistory {
    private SchemaHistory() {
    }

    /** The versions applied by running their scripts, in the order they ran. */
    static List<Integer> appliedVersions(DataSource dataSource) throws SQLException {
        return versions(dataSource, "type = 'SQL' AND success");
    }

    /** The version recorded as the baseline (a database of a release before Flyway), if any. */
    static List<Integer> baseline(DataSource dataSource) throws SQLException {
        return versions(dataSource, "type = 'BASELINE'");
    }

    private static List<Integer> versions(DataSource dataSource, String condition) throws SQLException {
        List<Integer> versions = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version FROM " + Migrations.HISTORY
                     + " WHERE " + condition + " ORDER BY installed_rank")) {
            while (rows.next()) {
                versions.add(Integer.parseInt(rows.getString(1)));
            }
        }
        return versions;
    }
}
