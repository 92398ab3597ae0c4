package dev.postcard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.EventCodec;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code postcard suppressions ...}: the suppression list of the caller's tenant. */
@Command(name = "suppressions", mixinStandardHelpOptions = true, description = "Manage the suppression list.",
        subcommands = {SuppressionsCommand.ListEntries.class, SuppressionsCommand.Get.class,
                SuppressionsCommand.Add.class, SuppressionsCommand.Remove.class, SuppressionsCommand.Import.class,
                SuppressionsCommand.Export.class})
final class SuppressionsCommand extends CommandGroup {
    static final String[] FIELDS = {"address", "reason", "note", "source_event_id", "created_at", "expires_at"};

    static String path(String address) {
        return "/v1/suppressions/" + ApiClient.segment(address);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List suppressed addresses, newest first.")
    static final class ListEntries extends ClientCommand {
        @Option(names = "--reason", description = "hard_bounce, complaint, unsubscribe, soft_bounces or manual")
        String reason;

        @Option(names = "--limit", defaultValue = "50", description = "at most this many entries")
        int limit;

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            if (reason != null) {
                query.put("reason", reason);
            }
            List<JsonNode> entries = client().list("/v1/suppressions", query, limit);
            TablePrinter table = new TablePrinter("ADDRESS", "REASON", "CREATED", "EXPIRES", "NOTE");
            entries.forEach(e -> table.row(e.path("address"), e.path("reason"), e.path("created_at"),
                    e.path("expires_at"), e.path("note")));
            return show(entries, table);
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show whether and why an address is suppressed.")
    static final class Get extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ADDRESS", description = "the address")
        String address;

        @Override
        public Integer call() {
            return show(client().get(path(address), Map.of()), FIELDS);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Suppress an address by hand.")
    static final class Add extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ADDRESS", description = "the address")
        String address;

        @Option(names = "--reason", description = "manual unless given: hard_bounce, complaint, unsubscribe, ...")
        String reason;

        @Option(names = "--note", description = "why, for the people reading the list")
        String note;

        @Option(names = "--expires-at", description = "ISO 8601 time at which the entry stops applying")
        String expiresAt;

        @Override
        public Integer call() {
            ObjectNode body = EventCodec.MAPPER.createObjectNode().put("address", address);
            if (reason != null) {
                body.put("reason", reason);
            }
            if (note != null) {
                body.put("note", note);
            }
            if (expiresAt != null) {
                body.put("expires_at", expiresAt);
            }
            return show(client().post("/v1/suppressions", body), FIELDS);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Stop suppressing an address.")
    static final class Remove extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ADDRESS", description = "the address")
        String address;

        @Override
        public Integer call() {
            client().delete(path(address));
            return done(address, "removed");
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import a CSV (address,reason,note,expires_at with a header line), streamed to the server.")
    static final class Import extends ClientCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "the CSV file, or - for standard input")
        String file;

        @Override
        public Integer call() {
            long size = size(file);
            ProgressBar bar = ProgressBar.forTerminal(err(), size);
            AtomicLong sent = new AtomicLong();
            JsonNode result = client().postStream("/v1/suppressions", "text/csv", () -> counted(open(file), n -> {
                bar.update(sent.addAndGet(n));
            }));
            bar.finish();
            if (json()) {
                return show(result);
            }
            Output.fields(out(), result, "imported", "updated", "rejected_total");
            TablePrinter rejected = new TablePrinter("LINE", "ERROR");
            result.path("rejected").forEach(r -> rejected.row(r.path("line"), r.path("error")));
            if (!rejected.isEmpty()) {
                out().println();
                rejected.print(out());
            }
            return ExitCodes.OK;
        }

        private static long size(String file) {
            try {
                return "-".equals(file) ? 0 : Files.size(Path.of(file));
            } catch (NoSuchFileException e) {
                throw new CliException("cannot read " + file + ": no such file");
            } catch (IOException e) {
                throw new CliException("cannot read " + file + ": " + ApiClient.TransportWords.of(e));
            }
        }

        private static InputStream open(String file) {
            try {
                return "-".equals(file) ? System.in : Files.newInputStream(Path.of(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The bytes read so far, told to the progress bar. */
        private static InputStream counted(InputStream in, java.util.function.LongConsumer read) {
            return new FilterInputStream(in) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        read.accept(n);
                    }
                    return n;
                }
            };
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write the whole list as CSV.")
    static final class Export extends ClientCommand {
        @Option(names = "--output", paramLabel = "FILE", description = "write to this file instead of standard output")
        Path output;

        @Override
        public Integer call() throws IOException {
            try (InputStream csv = client().getStream("/v1/suppressions", Map.of("format", "csv"), "text/csv")) {
                if (output != null) {
                    try (OutputStream file = Files.newOutputStream(output)) {
                        csv.transferTo(file);
                    }
                    err().println("wrote " + output);
                    err().flush();
                } else {
                    // The CSV as the server wrote it, through the command's writer (a test's or stdout).
                    java.io.Reader reader = new java.io.InputStreamReader(csv, java.nio.charset.StandardCharsets.UTF_8);
                    reader.transferTo(out());
                    out().flush();
                }
            }
            return ExitCodes.OK;
        }
    }
}
