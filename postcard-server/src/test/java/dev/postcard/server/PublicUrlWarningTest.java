package dev.postcard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.MovableClock;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Links in emails over plain http get a warning at start, naming the setting that fixes it. */
class PublicUrlWarningTest {
    @TempDir
    Path dataDir;

    @Test
    void anHttpPublicUrlIsWarnedAboutAndAnHttpsOneIsNot() {
        assertThat(warningsAtStart("http://links.example.com")).singleElement().asString()
                .contains("plain http (http://links.example.com)", "POSTCARD_PUBLIC_URL");
        assertThat(warningsAtStart("https://links.example.com")).isEmpty();
    }

    private List<String> warningsAtStart(String publicUrl) {
        ServerConfig config = ServerConfig.defaults(dataDir).withClock(MovableClock.atStart()).toBuilder()
                .port(0).publicUrl(publicUrl).build();
        try (CapturedLogs logs = new CapturedLogs(); PostcardServer server = PostcardServer.start(config)) {
            assertThat(server.port()).isPositive();
            return logs.records().stream()
                    .filter(r -> r.getLevel() == Level.WARNING && r.getLoggerName().equals(PostcardServer.class.getName()))
                    .map(r -> r.getMessage()).toList();
        }
    }
}
