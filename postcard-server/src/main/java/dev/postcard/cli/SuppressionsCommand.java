package dev.postcard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.EventCodec;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code postcard suppressions list|add|remove}: the suppression list of the caller's tenant. */
@Command(name = "suppressions", mixinStandardHelpOptions = true, description = "Manage the suppression list.",
        subcommands = {SuppressionsCommand.ListEntries.class, SuppressionsCommand.Add.class,
                SuppressionsCommand.Remove.class})
final class SuppressionsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List suppressed addresses, newest first.")
    static final class ListEntries implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Option(names = "--reason", description = "hard_bounce, complaint, unsubscribe, soft_bounces or manual")
        String reason;

        @Option(names = "--limit", defaultValue = "50", description = "at most this many entries (default 50)")
        int limit;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ApiClient client = server.client();
            PrintWriter out = spec.commandLine().getOut();
            int printed = 0;
            String cursor = null;
            do {
                Map<String, String> page = new LinkedHashMap<>();
                if (reason != null) {
                    page.put("reason", reason);
                }
                page.put("limit", String.valueOf(Math.max(1, Math.min(500, limit - printed))));
                if (cursor != null) {
                    page.put("cursor", cursor);
                }
                JsonNode body = client.get("/v1/suppressions", page);
                for (JsonNode entry : body.path("data")) {
                    out.println(line(entry));
                    printed++;
                }
                cursor = body.path("next_cursor").isTextual() ? body.path("next_cursor").asText() : null;
            } while (cursor != null && printed < limit);
            out.flush();
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Suppress an address by hand.")
    static final class Add implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Parameters(index = "0", description = "the address")
        String address;

        @Option(names = "--note", description = "why, for the people reading the list")
        String note;

        @Option(names = "--expires-at", description = "ISO 8601 time at which the entry stops applying")
        String expiresAt;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ObjectNode body = EventCodec.MAPPER.createObjectNode().put("address", address);
            if (note != null) {
                body.put("note", note);
            }
            if (expiresAt != null) {
                body.put("expires_at", expiresAt);
            }
            JsonNode entry = server.client().post("/v1/suppressions", body);
            spec.commandLine().getOut().println(line(entry));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Stop suppressing an address.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Parameters(index = "0", description = "the address")
        String address;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            server.client().delete("/v1/suppressions/" + URLEncoder.encode(address, StandardCharsets.UTF_8).replace("+", "%20"));
            spec.commandLine().getOut().println("removed " + address);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** One entry a line: address, reason, creation, then expiry and note when it has them. */
    static String line(JsonNode entry) {
        StringBuilder line = new StringBuilder();
        line.append(entry.path("address").asText()).append("  ").append(String.format("%-12s", entry.path("reason").asText()))
                .append("  ").append(entry.path("created_at").asText());
        if (entry.path("expires_at").isTextual()) {
            line.append("  expires ").append(entry.path("expires_at").asText());
        }
        if (entry.path("note").isTextual()) {
            line.append("  ").append(entry.path("note").asText());
        }
        return line.toString();
    }
}
