/*
 * What PostgreSQL's backends are doing, sampled: every INTERVAL ms for SECONDS, one query of pg_stat_activity
 * (the other backends of the database) and of pg_locks (lock requests not granted). Shows where lock contention
 * sits: how many backends are active on average, how many of them wait for a lock, and on which statements.
 *
 *   java -cp 'postcard-server/target/libs/*' bench/PgActivity.java JDBC_URL SECONDS [INTERVAL_MS]
 *
 * Prints:
 *   ACTIVITY samples=N active_avg=X lock_wait_avg=X lock_wait_share=X ungranted_locks_avg=X
 *   WAIT <type>:<event> avg=X           backends in each wait (active ones), average over the samples
 *   LOCKWAIT avg=X query=<first 60 characters>   statements that waited for a lock, by text
 *   STATEMENT total_ms=X calls=N mean_ms=X rows=N query=<first 80 characters>   the 12 statements that took the
 *       most time over the sampled period, from pg_stat_statements when the server preloads it
 *       (-Dpg.shared_preload_libraries=pg_stat_statements), which is reset when sampling starts; time includes
 *       waiting for locks and for the disk
 */

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public final class PgActivity {
    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[1]);
        long interval = args.length > 2 ? Long.parseLong(args[2]) : 100;
        Map<String, Long> waits = new HashMap<>();
        Map<String, Long> lockQueries = new HashMap<>();
        long samples = 0, active = 0, lockWaits = 0, ungranted = 0;
        List<String> statementLines = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(args[0]); Statement s = c.createStatement()) {
            boolean statements = statementsReset(s);
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                long next = System.nanoTime() + interval * 1_000_000L;
                try (ResultSet r = s.executeQuery("SELECT COALESCE(wait_event_type, 'CPU'), COALESCE(wait_event, '-'),"
                        + " left(regexp_replace(query, '\\s+', ' ', 'g'), 60) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'")) {
                    while (r.next()) {
                        active++;
                        waits.merge(r.getString(1) + ":" + r.getString(2), 1L, Long::sum);
                        if ("Lock".equals(r.getString(1))) {
                            lockWaits++;
                            lockQueries.merge(r.getString(3), 1L, Long::sum);
                        }
                    }
                }
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted")) {
                    r.next();
                    ungranted += r.getLong(1);
                }
                samples++;
                long sleep = (next - System.nanoTime()) / 1_000_000;
                if (sleep > 0) Thread.sleep(sleep);
            }
            if (statements) {
                try (ResultSet r = s.executeQuery("SELECT total_exec_time, calls, mean_exec_time, rows,"
                        + " left(regexp_replace(query, '\\s+', ' ', 'g'), 80) FROM pg_stat_statements"
                        + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                        + " ORDER BY total_exec_time DESC LIMIT 12")) {
                    while (r.next()) {
                        statementLines.add(String.format("STATEMENT total_ms=%.0f calls=%d mean_ms=%.3f rows=%d query=%s",
                                r.getDouble(1), r.getLong(2), r.getDouble(3), r.getLong(4), r.getString(5)));
                    }
                }
            }
        }
        double n = Math.max(1, samples);
        System.out.printf("ACTIVITY samples=%d active_avg=%.2f lock_wait_avg=%.2f lock_wait_share=%.3f"
                + " ungranted_locks_avg=%.2f%n", samples, active / n, lockWaits / n,
                active == 0 ? 0.0 : (double) lockWaits / active, ungranted / n);
        waits.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> System.out.printf("WAIT %s avg=%.2f%n", e.getKey(), e.getValue() / n));
        lockQueries.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> System.out.printf("LOCKWAIT avg=%.2f query=%s%n", e.getValue() / n, e.getKey()));
        statementLines.forEach(System.out::println);
    }

    /** True when pg_stat_statements is there (preloaded), after forgetting what it gathered before. */
    private static boolean statementsReset(Statement s) {
        try {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
