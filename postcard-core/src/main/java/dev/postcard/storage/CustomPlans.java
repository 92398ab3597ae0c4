package dev.postcard.storage;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.postgresql.PGStatement;

/**
 * Has PostgreSQL plan a statement with its values every time it runs. The driver prepares a statement on the server
 * after a few runs, and the server may then keep one generic plan for the connection's life, made from the
 * statistics of that moment: a join planned while its tables were nearly empty (a young database, before autovacuum
 * analysed them) stayed a scan of the whole table as it grew, and took a millisecond a row instead of a few
 * microseconds (the send queue's row reads, measured in BENCHMARKS.md "Sending"). Planning anew costs a little on
 * every run; use it where a wrong plan costs much more. SQLite plans every statement itself and is left as it is.
 */
public final class CustomPlans {
    private CustomPlans() {
    }

    public static PreparedStatement planEachTime(PreparedStatement statement) throws SQLException {
        if (statement.isWrapperFor(PGStatement.class)) {
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        }
        return statement;
    }
}
