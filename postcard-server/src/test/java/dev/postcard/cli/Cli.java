package dev.postcard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.event.EventCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import picocli.CommandLine;

/** Runs {@code postcard ...} in this JVM with its stdout and stderr captured. */
final class Cli {
    private Cli() {
    }

    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return EventCodec.MAPPER.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON (exit " + exit + ", stderr " + err + "): " + out, e);
            }
        }
    }

    static Run run(String... args) {
        return run(new StringWriter(), args);
    }

    static Run run(Writer err, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = PostcardCli.command();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
