package dev.postcard.cli;

import static dev.postcard.cli.CliServers.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.storage.Dialect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code postcard suppressions import|export}: a CSV streamed in and written out, on each database. */
class SuppressionsImportExportTest {
    private static final CliServers SERVERS = new CliServers();

    @TempDir
    Path dir;

    @AfterAll
    static void stop() {
        SERVERS.close();
    }

    private static Cli.Run cli(Dialect db, String tenant, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", SERVERS.url(db), "--api-key", ADMIN, "--tenant", tenant));
        return Cli.run(all.toArray(String[]::new));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anImportedListIsExportedAgain(Dialect db) throws Exception {
        String tenant = SERVERS.tenant(db);
        StringBuilder csv = new StringBuilder("address,reason,note,expires_at\n");
        for (int i = 0; i < 1200; i++) {
            csv.append("user").append(i).append("@example.com,complaint,line ").append(i).append(",\n");
        }
        csv.append("not an address,manual,,\n");
        Path file = Files.writeString(dir.resolve("in.csv"), csv, StandardCharsets.UTF_8);

        Cli.Run imported = cli(db, tenant, "suppressions", "import", file.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).containsPattern("(?m)^imported +1200$").containsPattern("(?m)^rejected_total +1$")
                .containsPattern("(?m)^1202 +.*address");
        assertThat(imported.err()).as("no progress bar when stderr is not a terminal").isEmpty();
        JsonNode again = cli(db, tenant, "suppressions", "import", file.toString(), "--json").json();
        assertThat(again.path("imported").asInt()).isZero();
        assertThat(again.path("updated").asInt()).isEqualTo(1200);

        Cli.Run exported = cli(db, tenant, "suppressions", "export");
        assertThat(exported.exit()).as(exported.err()).isZero();
        List<String> lines = exported.out().lines().toList();
        assertThat(lines.getFirst()).startsWith("address,reason");
        assertThat(lines).hasSize(1201).contains("user1199@example.com,complaint,2030-06-15T12:34:56.789Z,,,line 1199");

        Path out = dir.resolve("out.csv");
        Cli.Run written = cli(db, tenant, "suppressions", "export", "--output", out.toString());
        assertThat(written.exit()).as(written.err()).isZero();
        assertThat(written.out()).isEmpty();
        assertThat(Files.readString(out)).isEqualTo(exported.out());

        Cli.Run missing = cli(db, tenant, "suppressions", "import", dir.resolve("nope.csv").toString());
        assertThat(missing.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(missing.err().strip()).isEqualTo("postcard: cannot read " + dir.resolve("nope.csv") + ": no such file");
        assertThat(cli(db, tenant, "suppressions", "import").exit()).isEqualTo(ExitCodes.USAGE);
        Cli.Run refused = Cli.run("suppressions", "export", "--server", SERVERS.url(db), "--api-key", "pck_wrong_0000000000");
        assertThat(refused.exit()).isEqualTo(ExitCodes.REFUSED_AUTH);
    }
}
