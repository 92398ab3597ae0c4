package dev.postcard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Accepted means stored, and a message is handed to the relay once: a server with sends queued (the relay is
 * down) is killed with SIGKILL; the restarted server sends each recipient's copy exactly once when the relay is
 * back, and the same {@code Idempotency-Key} answers the first send again instead of sending anew.
 */
class SendKillTest {
    private static final List<String> RECIPIENTS = List.of("ada@example.com", "bob@example.org", "cy@example.net");
    private static final String SEND = "{\"from\": \"Shop <news@shop.example>\", \"to\": [\"ada@example.com\", "
            + "\"bob@example.org\", \"cy@example.net\"], \"subject\": \"Après la panne\", "
            + "\"html\": \"<p>Hello <a href=\\\"https://shop.example/\\\">shop</a></p>\"}";

    private final HttpClient client = HttpClient.newHttpClient();

    @EachDatabase
    void queuedSendsSurviveAKillAndAreSentOnceAfterTheRestart(TestDatabase db) throws Exception {
        int relayPort;
        try (ServerSocket reserve = new ServerSocket(0)) {
            relayPort = reserve.getLocalPort(); // closed again: the relay is down for now
        }
        Path dataDir = Files.createTempDirectory("postcard-send-crash");
        // A short relay timeout keeps the lease short: a copy claimed by the killed server is claimed again once
        // its lease (the transport's longest hand-over, a margin, the batch's wait) runs out.
        String[] settings = {"--smtp-url", "smtp://127.0.0.1:" + relayPort + "?starttls=optional&timeout=1s",
            "--send-retry-schedule", "1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s"};
        HttpResponse<String> accepted;
        try (ServerProcess first = ServerProcess.start(db.url(), dataDir, settings)) {
            accepted = send(first);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            first.kill();
        }

        GreenMail relay = new GreenMail(new ServerSetup(relayPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        relay.start();
        try (ServerProcess second = ServerProcess.start(db.url(), dataDir, settings)) {
            assertThat(relay.waitForIncomingEmail(60_000, RECIPIENTS.size()))
                    .as("every queued copy after the restart").isTrue();
            HttpResponse<String> again = send(second);
            assertThat(again.statusCode()).isEqualTo(202);
            assertThat(again.body()).as("the first answer again").isEqualTo(accepted.body());
            Thread.sleep(3_000); // a copy sent twice, or the repeated request sent anew, would arrive by now
            List<String> delivered = new ArrayList<>();
            for (MimeMessage message : relay.getReceivedMessages()) {
                delivered.add(message.getRecipients(Message.RecipientType.TO).length + " "
                        + String.join(",", message.getHeader("X-Postcard-Email-Id")));
            }
            assertThat(relay.getReceivedMessages()).as("one copy per recipient, each once: " + delivered)
                    .hasSize(RECIPIENTS.size());
            assertThat(delivered.stream().map(d -> d.substring(d.indexOf(' ') + 1)).distinct()).hasSize(RECIPIENTS.size());
        } finally {
            relay.stop();
        }
    }

    private HttpResponse<String> send(ServerProcess server) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.url("/v1/emails")))
                .header("Authorization", "Bearer " + ServerProcess.ADMIN_KEY)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "crash-test-1")
                .POST(HttpRequest.BodyPublishers.ofString(SEND)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
