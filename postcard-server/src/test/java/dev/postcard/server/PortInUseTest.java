package dev.postcard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.PostcardException;
import dev.postcard.testing.MovableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A port that another process holds stops the start, instead of leaving a server without HTTP running. */
class PortInUseTest {
    @TempDir
    Path dataDir;

    @Test
    void aTakenPortStopsTheStartNamingThePortAndTheEngineCanStartAgain() throws IOException {
        ServerConfig config = ServerConfig.defaults(dataDir).withClock(MovableClock.atStart());
        try (ServerSocket taken = new ServerSocket(0)) {
            ServerConfig onTakenPort = config.toBuilder().port(taken.getLocalPort()).build();

            assertThatThrownBy(() -> PostcardServer.start(onTakenPort)).isInstanceOf(PostcardException.class)
                    .hasMessageContaining("cannot listen on port " + taken.getLocalPort() + " of 0.0.0.0");
        }
        assertThat(Files.exists(dataDir.resolve("postcard.db"))).isTrue();
        try (PostcardServer server = PostcardServer.start(config.toBuilder().port(0).build())) {
            assertThat(server.port()).as("the engine of the failed start let go of its database").isPositive();
        }
    }

    @Test
    void theServerListensOnTheBindAddressOnly() throws IOException {
        ServerConfig config = ServerConfig.defaults(dataDir).withClock(MovableClock.atStart()).toBuilder().port(0).build();
        try (PostcardServer server = PostcardServer.start(config.toBuilder().bindAddress("127.0.0.1").build());
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            assertThat(socket.isConnected()).isTrue();
        }
        // 192.0.2.1 (TEST-NET-1, RFC 5737) is no machine's own address: binding to it must fail, not fall back.
        assertThatThrownBy(() -> PostcardServer.start(config.toBuilder().bindAddress("192.0.2.1").build()))
                .isInstanceOf(PostcardException.class).hasMessageContaining("of 192.0.2.1")
                .hasMessageContaining("POSTCARD_BIND_ADDRESS");
    }
}
