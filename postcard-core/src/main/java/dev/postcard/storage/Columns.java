package dev.postcard.storage;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;

/** Binding of the column shapes every table shares, for the SQL of storage and of the features. */
public final class Columns {
    private Columns() {
    }

    /** A text column that may be NULL. */
    public static void setText(PreparedStatement statement, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            statement.setString(index, value.get());
        } else {
            statement.setNull(index, Types.VARCHAR);
        }
    }
}
