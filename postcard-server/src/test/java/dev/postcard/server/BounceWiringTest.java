package dev.postcard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.PostcardException;
import dev.postcard.bounces.BounceClassifier;
import dev.postcard.bounces.Classification;
import dev.postcard.bounces.MessageKind;
import dev.postcard.bounces.Reason;
import dev.postcard.bounces.RecipientReport;
import dev.postcard.event.BounceReason;
import dev.postcard.event.BounceType;
import dev.postcard.event.EventQuery;
import dev.postcard.testing.MovableClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server starts the bounce SMTP listener with the engine when POSTCARD_SMTP_PORT is set, and stops it. */
class BounceWiringTest {
    private static final BounceClassifier FAKE = raw -> new Classification(MessageKind.BOUNCE,
            List.of(new RecipientReport("gone@example.net", "failed", Optional.of("5.1.1"), Optional.of("550"),
                    "550 5.1.1 user unknown", Optional.of(new Reason("userunknown", BounceReason.USER_UNKNOWN, BounceType.HARD)))),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String say(BufferedReader in, OutputStream out, String line) throws Exception {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String reply;
        do {
            reply = in.readLine();
        } while (reply != null && reply.length() > 3 && reply.charAt(3) == '-');
        return reply;
    }

    @Test
    void bounceMailSentToTheListenerBecomesEvents(@TempDir Path dataDir) throws Exception {
        int port = freePort();
        ServerConfig config = new ServerConfig.Builder(dataDir).port(0).clock(MovableClock.atStart())
                .smtpPort(port)
                .bounceDomains(List.of("bounces.example.com")).build();
        try (PostcardServer server = PostcardServer.start(config, FAKE)) {
            assertThat(server.bounceSmtpPort()).contains(port);
            try (Socket socket = new Socket("127.0.0.1", port)) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = socket.getOutputStream();
                assertThat(in.readLine()).startsWith("220");
                assertThat(say(in, out, "EHLO mx.example.net")).startsWith("250");
                assertThat(say(in, out, "MAIL FROM:<>")).startsWith("250");
                assertThat(say(in, out, "RCPT TO:<bounce@bounces.example.com>")).startsWith("250");
                assertThat(say(in, out, "DATA")).startsWith("354");
                assertThat(say(in, out, "Message-ID: <w-1@mx.example.net>\r\n\r\nreturned\r\n.")).startsWith("250");
            }
            assertThat(server.postcard().store().listEvents("default", EventQuery.all(10)).items())
                    .filteredOn(e -> e.event().type().isEmailEvent()) // not the suppression it caused
                    .extracting(e -> e.event().type().wireName()).containsExactly("email.bounced");
        }
        // Stopped with the server.
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void withoutBounceSettingsNothingListens(@TempDir Path dataDir) throws Exception {
        try (PostcardServer server = PostcardServer.start(
                new ServerConfig.Builder(dataDir).port(0).clock(MovableClock.atStart()).build(), FAKE)) {
            assertThat(server.bounceSmtpPort()).isEmpty();
        }
    }

    @Test
    void aTakenSmtpPortStopsTheStart(@TempDir Path dataDir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            ServerConfig config = new ServerConfig.Builder(dataDir).port(0).clock(MovableClock.atStart())
                    .smtpPort(taken.getLocalPort())
                    .bounceDomains(List.of("bounces.example.com")).build();
            assertThatThrownBy(() -> PostcardServer.start(config, FAKE))
                    .isInstanceOf(PostcardException.class).hasMessageContaining("bounce mail");
        }
        // Everything the failed start opened was closed: the same data directory starts again.
        try (PostcardServer server = PostcardServer.start(
                new ServerConfig.Builder(dataDir).port(0).clock(MovableClock.atStart()).build())) {
            assertThat(server.port()).isPositive();
        }
    }
}
