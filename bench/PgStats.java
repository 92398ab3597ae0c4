/*
 * Counters of a PostgreSQL server that show how well group commit works: committed transactions of the
 * database and WAL flushes (pg_stat_wal.wal_sync, PostgreSQL 14+). Read before and after a run, their
 * differences give events per transaction and per fsync.
 *
 *   java -cp 'postcard-server/target/libs/*' bench/PgStats.java JDBC_URL
 *
 * Prints one line: xact_commit=N xact_rollback=N deadlocks=N conflicts=N wal_records=N wal_bytes=N wal_write=N
 * wal_sync=N
 */

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

public final class PgStats {
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0]); Statement s = c.createStatement()) {
            StringBuilder out = new StringBuilder();
            try (ResultSet r = s.executeQuery("SELECT xact_commit, xact_rollback, deadlocks, conflicts"
                    + " FROM pg_stat_database WHERE datname = current_database()")) {
                r.next();
                out.append("xact_commit=").append(r.getLong(1)).append(" xact_rollback=").append(r.getLong(2))
                        .append(" deadlocks=").append(r.getLong(3)).append(" conflicts=").append(r.getLong(4));
            }
            try (ResultSet r = s.executeQuery("SELECT wal_records, wal_bytes, wal_write, wal_sync FROM pg_stat_wal")) {
                r.next();
                out.append(" wal_records=").append(r.getLong(1)).append(" wal_bytes=").append(r.getLong(2))
                        .append(" wal_write=").append(r.getLong(3)).append(" wal_sync=").append(r.getLong(4));
            }
            System.out.println(out);
        }
    }
}
