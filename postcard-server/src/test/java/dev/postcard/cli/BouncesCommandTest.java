package dev.postcard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.event.EventCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code postcard bounces classify FILE...}: one JSON line a file, no server needed. */
class BouncesCommandTest {
    @TempDir
    Path dir;

    @Test
    void classifiesEachFileOnItsOwnLine() throws Exception {
        Path dsn = Files.writeString(dir.resolve("dsn.eml"), dev.postcard.http.BounceSamples.DSN, StandardCharsets.UTF_8);
        Path plain = Files.writeString(dir.resolve("plain.eml"),
                "From: a@example.com\r\nTo: b@example.com\r\nSubject: hi\r\n\r\nhello\r\n", StandardCharsets.UTF_8);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PostcardCli.command();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute("bounces", "classify", dsn.toString(), plain.toString());
        assertThat(status).as(err.toString()).isZero();
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = EventCodec.MAPPER.readTree(lines[0]);
        assertThat(first.get("file").asText()).isEqualTo(dsn.toString());
        assertThat(first.get("kind").asText()).isEqualTo("bounce");
        assertThat(first.at("/recipients/0/address").asText()).isEqualTo("nobody@example.net");
        assertThat(EventCodec.MAPPER.readTree(lines[1]).get("kind").asText()).isEqualTo("none");
    }

    @Test
    void aMissingFileIsOneLineOnStderrAndStatusOne() {
        StringWriter err = new StringWriter();
        CommandLine cli = PostcardCli.command();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int status = cli.execute("bounces", "classify", dir.resolve("nope.eml").toString());
        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).startsWith("postcard: cannot read");
    }
}
