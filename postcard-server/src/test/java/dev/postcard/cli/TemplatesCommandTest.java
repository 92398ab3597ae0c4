package dev.postcard.cli;

import static dev.postcard.cli.CliServers.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.storage.Dialect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code postcard templates ...} against a real server on each database. */
class TemplatesCommandTest {
    private static final CliServers SERVERS = new CliServers();

    @TempDir
    Path dir;

    @AfterAll
    static void stop() {
        SERVERS.close();
    }

    /** {@code args} and the connection options for this database and tenant. */
    private static Cli.Run cli(Dialect db, String tenant, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", SERVERS.url(db), "--api-key", ADMIN, "--tenant", tenant));
        return Cli.run(all.toArray(String[]::new));
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aTemplateIsCreatedFromFilesChangedRenderedAndDeleted(Dialect db) throws IOException {
        String tenant = SERVERS.tenant(db);
        Path html = file("welcome.html", "<p>Hi {{first_name}}</p>\n<p><a href=\"{{unsubscribe_url}}\">out</a></p>\n");
        Path text = file("welcome.txt", "Hi {{first_name}}\n");

        Cli.Run created = cli(db, tenant, "templates", "create", "--name", "Welcome", "--subject",
                "Welcome, {{first_name}}", "--html", html.toString(), "--text", text.toString(), "--json");
        assertThat(created.exit()).as(created.err()).isZero();
        JsonNode template = created.json();
        String id = template.path("id").asText();
        assertThat(id).startsWith("tpl_");
        assertThat(template.path("version").asInt()).isEqualTo(1);
        assertThat(template.path("html").asText()).isEqualTo(Files.readString(html));

        Path newText = file("new.txt", "Hello {{first_name}}\n");
        Cli.Run updated = cli(db, tenant, "templates", "update", id, "--text", newText.toString(), "--remove",
                "subject");
        assertThat(updated.exit()).as(updated.err()).isZero();
        assertThat(updated.out()).containsPattern("(?m)^version +2$").containsPattern("(?m)^subject +-$")
                .contains("text:" + System.lineSeparator() + "Hello {{first_name}}");

        Cli.Run first = cli(db, tenant, "templates", "get", id, "--version", "1");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).containsPattern("(?m)^name +Welcome$").containsPattern("(?m)^version +1$")
                .containsPattern("(?m)^subject +Welcome, \\{\\{first_name}}$").contains("Hi {{first_name}}");

        Cli.Run listed = cli(db, tenant, "templates", "list");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).startsWith("ID").containsPattern("(?m)^" + id + " +Welcome +2 ");

        Cli.Run rendered = cli(db, tenant, "templates", "render", id, "--var", "first_name=Ada <3", "--json");
        assertThat(rendered.exit()).as(rendered.err()).isZero();
        assertThat(rendered.json().path("html").asText())
                .isEqualTo("<p>Hi Ada &lt;3</p>\n<p><a href=\"{{unsubscribe_url}}\">out</a></p>\n");
        assertThat(rendered.json().path("text").asText()).isEqualTo("Hello Ada <3\n");
        Cli.Run renderedFirst = cli(db, tenant, "templates", "render", id, "--version", "1", "--var", "first_name=Bo");
        assertThat(renderedFirst.exit()).as(renderedFirst.err()).isZero();
        assertThat(renderedFirst.out()).containsPattern("(?m)^subject +Welcome, Bo$").contains("Hi Bo");

        Cli.Run deleted = cli(db, tenant, "templates", "delete", id);
        assertThat(deleted.exit()).as(deleted.err()).isZero();
        assertThat(deleted.out()).isEqualTo("deleted " + id + System.lineSeparator());
        Cli.Run gone = cli(db, tenant, "templates", "get", id);
        assertThat(gone.exit()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void whatTheServerRefusesIsOneLineNamingTheField() throws IOException {
        String tenant = SERVERS.tenant(Dialect.SQLITE);
        Path broken = file("broken.html", "<p>{{#open}}</p>");
        Cli.Run invalid = cli(Dialect.SQLITE, tenant, "templates", "create", "--name", "Broken", "--html",
                broken.toString());
        assertThat(invalid.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(invalid.err()).startsWith("postcard: ").contains("html").hasLineCount(1);

        Path html = file("ok.html", "<p>Hi {{first_name}}</p>");
        String id = cli(Dialect.SQLITE, tenant, "templates", "create", "--name", "Ok", "--html", html.toString(),
                "--json").json().path("id").asText();
        Cli.Run missing = cli(Dialect.SQLITE, tenant, "templates", "render", id, "--var", "name=Ada");
        assertThat(missing.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(missing.err()).contains("variables.first_name").hasLineCount(1);
        assertThat(missing.out()).isEmpty();
    }

    @Test
    void aWrongCommandLineIsRefusedBeforeAnythingIsSent() throws IOException {
        String tenant = SERVERS.tenant(Dialect.SQLITE);
        Cli.Run noBody = cli(Dialect.SQLITE, tenant, "templates", "create", "--name", "Empty");
        assertThat(noBody.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noBody.err()).contains("--html");
        Cli.Run noFile = cli(Dialect.SQLITE, tenant, "templates", "create", "--name", "X", "--html",
                dir.resolve("absent.html").toString());
        assertThat(noFile.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noFile.err()).contains("--html").contains("no such file");
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9});
        Cli.Run notUtf8 = cli(Dialect.SQLITE, tenant, "templates", "create", "--name", "X", "--text", latin1.toString());
        assertThat(notUtf8.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(notUtf8.err()).contains("not UTF-8");
        Cli.Run nothing = cli(Dialect.SQLITE, tenant, "templates", "update", "tpl_x");
        assertThat(nothing.exit()).isEqualTo(ExitCodes.USAGE);
        Cli.Run badPart = cli(Dialect.SQLITE, tenant, "templates", "update", "tpl_x", "--remove", "footer");
        assertThat(badPart.exit()).isEqualTo(ExitCodes.USAGE);
        Cli.Run badVar = cli(Dialect.SQLITE, tenant, "templates", "render", "tpl_x", "--var", "no-equals-sign");
        assertThat(badVar.exit()).isEqualTo(ExitCodes.USAGE);

        Cli.Run listed = cli(Dialect.SQLITE, tenant, "templates", "list", "--json");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.json()).as("nothing was created").isEmpty();
    }
}
