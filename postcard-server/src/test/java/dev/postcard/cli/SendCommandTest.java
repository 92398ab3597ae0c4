package dev.postcard.cli;

import static dev.postcard.cli.CliServers.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.postcard.storage.Dialect;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code postcard send} and {@code emails cancel} against a real server on each database whose
 * {@code POSTCARD_SMTP_URL} names a real relay (GreenMail).
 */
class SendCommandTest {
    private static final GreenMail RELAY = startRelay();
    private static final CliServers SERVERS = new CliServers(config -> config.smtpUrl(Optional.of(URI.create(
            "smtp://127.0.0.1:" + RELAY.getSmtp().getPort() + "?starttls=optional"))));

    @TempDir
    Path dir;

    @AfterAll
    static void stop() {
        SERVERS.close();
        RELAY.stop();
    }

    private static GreenMail startRelay() {
        int port;
        try (ServerSocket reserve = new ServerSocket(0)) {
            port = reserve.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        GreenMail relay = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        relay.start();
        return relay;
    }

    private static Cli.Run cli(Dialect db, String tenant, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", SERVERS.url(db), "--api-key", ADMIN, "--tenant", tenant));
        return Cli.run(all.toArray(String[]::new));
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** The messages the relay holds with this subject, waiting up to 20 s for {@code expected} of them. */
    private static List<MimeMessage> received(String subject, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<MimeMessage> found;
        do {
            found = new ArrayList<>();
            for (MimeMessage m : RELAY.getReceivedMessages()) {
                if (subject.equals(m.getSubject())) {
                    found.add(m);
                }
            }
            if (found.size() >= expected) {
                return found;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return found;
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aSendFromFilesReachesTheRelayOncePerRecipientAndItsKeyAnswersTheSameAgain(Dialect db) throws Exception {
        String tenant = SERVERS.tenant(db);
        String subject = "Rapport " + db + " — été";
        Path html = file("mail.html", "<p>Bonjour, <a href=\"https://shop.example/r\">le rapport</a></p>");
        Path report = Files.write(dir.resolve("rapport.csv"), "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        String[] send = {"send", "--from", "Boutique <news@shop.example>", "--to", "ada@example.com,bob@example.org",
            "--subject", subject, "--html", html.toString(), "--attach", report.toString(), "--tag", "reports",
            "--metadata", "run=7", "--idempotency-key", "report-" + db};

        Cli.Run sent = cli(db, tenant, send);
        assertThat(sent.exit()).as(sent.err()).isZero();
        assertThat(sent.out()).startsWith("EMAIL_ID").containsPattern("(?m)^msg_\\S+ +ada@example.com +queued")
                .containsPattern("(?m)^msg_\\S+ +bob@example.org +queued");
        List<MimeMessage> copies = received(subject, 2);
        assertThat(copies).hasSize(2);
        assertThat(GreenMailUtil.getWholeMessage(copies.getFirst())).contains("rapport.csv")
                .contains("/track/click/");

        Cli.Run again = cli(db, tenant, send);
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).as("the first answer again").isEqualTo(sent.out());
        Thread.sleep(500);
        assertThat(received(subject, 0)).as("nothing sent twice").hasSize(2);
    }

    @Test
    void aTemplateIsSentWithItsVariablesAndAScheduledSendIsCanceled() throws Exception {
        String tenant = SERVERS.tenant(Dialect.SQLITE);
        Path html = file("t.html", "<p>Hi {{name}}</p>");
        String template = cli(Dialect.SQLITE, tenant, "templates", "create", "--name", "Hi", "--subject",
                "Hello {{name}}", "--html", html.toString(), "--json").json().path("id").asText();
        Cli.Run sent = cli(Dialect.SQLITE, tenant, "send", "--from", "news@shop.example", "--to", "cy@example.net",
                "--template", template, "--var", "name=Cyrille", "--json");
        assertThat(sent.exit()).as(sent.err()).isZero();
        assertThat(received("Hello Cyrille", 1)).hasSize(1);

        String later = SERVERS.clock(Dialect.SQLITE).instant().plus(Duration.ofDays(1)).toString();
        Cli.Run scheduled = cli(Dialect.SQLITE, tenant, "send", "--from", "news@shop.example", "--to",
                "dee@example.net", "--subject", "Tomorrow", "--html", html.toString(), "--send-at", later, "--json");
        assertThat(scheduled.exit()).as(scheduled.err()).isZero();
        JsonNode copy = scheduled.json().path("data").get(0);
        assertThat(copy.path("status").asText()).isEqualTo("scheduled");
        String id = copy.path("email_id").asText();
        Cli.Run canceled = cli(Dialect.SQLITE, tenant, "emails", "cancel", id);
        assertThat(canceled.exit()).as(canceled.err()).isZero();
        assertThat(canceled.out()).isEqualTo("canceled " + id + System.lineSeparator());
        Cli.Run twice = cli(Dialect.SQLITE, tenant, "emails", "cancel", id);
        assertThat(twice.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(twice.err()).startsWith("postcard: ").hasLineCount(1);
    }

    @Test
    void aWrongCommandLineOrARefusedSendIsOneLine() throws IOException {
        String tenant = SERVERS.tenant(Dialect.SQLITE);
        Path html = file("x.html", "<p>x</p>");
        Cli.Run both = cli(Dialect.SQLITE, tenant, "send", "--from", "a@example.com", "--to", "b@example.com",
                "--template", "tpl_x", "--html", html.toString());
        assertThat(both.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("--template").hasLineCount(1);
        Cli.Run none = cli(Dialect.SQLITE, tenant, "send", "--from", "a@example.com", "--to", "b@example.com",
                "--subject", "x");
        assertThat(none.exit()).isEqualTo(ExitCodes.USAGE);
        Cli.Run missing = cli(Dialect.SQLITE, tenant, "send", "--from", "a@example.com", "--to", "b@example.com",
                "--subject", "x", "--html", dir.resolve("nope.html").toString());
        assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("no such file");
        Cli.Run refused = cli(Dialect.SQLITE, tenant, "send", "--from", "not an address", "--to", "b@example.com",
                "--subject", "x", "--html", html.toString());
        assertThat(refused.exit()).as(refused.out()).isEqualTo(ExitCodes.FAILURE);
        assertThat(refused.err()).startsWith("postcard: ").contains("from").hasLineCount(1);
        assertThat(Arrays.stream(RELAY.getReceivedMessages()).filter(m -> {
            try {
                return "x".equals(m.getSubject());
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        })).isEmpty();
    }
}
