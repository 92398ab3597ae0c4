package dev.postcard.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Queries an SQLite file that lies in another process's mount namespace: run there with {@code nsenter}, in a JVM
 * of its own. The file cannot be opened through {@code /proc/<pid>/root}: SQLite resolves the symbolic links of a
 * database's path, and that one leads back to this namespace's root.
 */
final class SqliteQueries {
    private SqliteQueries() {
    }

    /** The first column of the first row of each query, run in the mount namespace of process {@code pid}. */
    static List<String> inNamespaceOf(long pid, String file, String... queries) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("nsenter", "--target", Long.toString(pid), "--mount", "--",
                ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), SqliteQueries.class.getName(), file));
        command.addAll(List.of(queries));
        Path errors = Files.createTempFile("postcard-sqlite-queries", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("the queries failed:\n" + output + Files.readString(errors));
            }
            return output.lines().toList();
        } finally {
            Files.delete(errors);
        }
    }

    /** Arguments: the database file, then the queries; prints one line per query. */
    public static void main(String[] args) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
             Statement sql = db.createStatement()) {
            for (int i = 1; i < args.length; i++) {
                try (ResultSet rows = sql.executeQuery(args[i])) {
                    System.out.println(rows.next() ? rows.getString(1) : "");
                }
            }
        }
    }
}
