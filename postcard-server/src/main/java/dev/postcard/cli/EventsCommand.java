package dev.postcard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code postcard events list|tail}: the event log, one JSON envelope a line. */
@Command(name = "events", mixinStandardHelpOptions = true, description = "Read the event log.",
        subcommands = {EventsCommand.ListEvents.class, EventsCommand.Tail.class})
final class EventsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Filters shared by list and tail. */
    static final class Filters {
        @Option(names = "--type", description = "a type or alias, e.g. email.opened or opened")
        String type;

        @Option(names = "--email-id", description = "events about one message")
        String emailId;

        @Option(names = "--to", description = "events about one recipient")
        String to;

        Map<String, String> query() {
            Map<String, String> query = new LinkedHashMap<>();
            if (type != null) {
                query.put("type", type);
            }
            if (emailId != null) {
                query.put("email_id", emailId);
            }
            if (to != null) {
                query.put("to", to);
            }
            return query;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List events, newest first.")
    static final class ListEvents implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Mixin
        Filters filters;

        @Option(names = "--since", description = "ISO 8601 time, inclusive")
        String since;

        @Option(names = "--until", description = "ISO 8601 time, exclusive")
        String until;

        @Option(names = "--limit", defaultValue = "50", description = "at most this many events (default 50)")
        int limit;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ApiClient client = server.client();
            Map<String, String> query = filters.query();
            if (since != null) {
                query.put("since", since);
            }
            if (until != null) {
                query.put("until", until);
            }
            PrintWriter out = spec.commandLine().getOut();
            int printed = 0;
            String cursor = null;
            do {
                Map<String, String> page = new LinkedHashMap<>(query);
                page.put("limit", String.valueOf(Math.min(500, limit - printed)));
                if (cursor != null) {
                    page.put("cursor", cursor);
                }
                JsonNode body = client.get("/v1/events", page);
                for (JsonNode event : body.path("data")) {
                    out.println(event);
                    printed++;
                }
                cursor = body.path("next_cursor").isTextual() ? body.path("next_cursor").asText() : null;
            } while (cursor != null && printed < limit);
            out.flush();
            return 0;
        }
    }

    /**
     * Polls for new events and prints them oldest first, until interrupted (or {@code --max-events}). Once it has
     * taken its starting point it says so on stderr, naming the newest event it will not print.
     */
    @Command(name = "tail", mixinStandardHelpOptions = true, description = "Print new events as they arrive.")
    static final class Tail implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Mixin
        Filters filters;

        @Option(names = "--interval", defaultValue = "1000", description = "poll interval in ms (default 1000)")
        long intervalMillis;

        @Option(names = "--max-events", defaultValue = "0", description = "stop after this many events (0: never)")
        long maxEvents;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            ApiClient client = server.client();
            PrintWriter out = spec.commandLine().getOut();
            // Start from now: remember what the newest page holds, print only what appears after it.
            java.util.Set<String> seen = new java.util.LinkedHashSet<>();
            List<JsonNode> start = newest(client);
            start.forEach(e -> seen.add(e.path("id").asText()));
            // On stderr, so stdout stays one event a line: from here on, whatever appears is printed.
            PrintWriter err = spec.commandLine().getErr();
            err.println(start.isEmpty() ? "following new events, none recorded yet (Ctrl-C to stop)"
                    : "following new events after " + start.getFirst().path("id").asText() + " (Ctrl-C to stop)");
            err.flush();
            long printed = 0;
            while (maxEvents == 0 || printed < maxEvents) {
                Thread.sleep(Duration.ofMillis(Math.max(100, intervalMillis)));
                List<JsonNode> fresh = new ArrayList<>();
                for (JsonNode event : newest(client)) {
                    if (seen.add(event.path("id").asText())) {
                        fresh.add(event);
                    }
                }
                for (int i = fresh.size() - 1; i >= 0 && (maxEvents == 0 || printed < maxEvents); i--) {
                    out.println(fresh.get(i));
                    printed++;
                }
                out.flush();
                while (seen.size() > 5_000) {
                    seen.remove(seen.iterator().next());
                }
            }
            return 0;
        }

        private List<JsonNode> newest(ApiClient client) {
            Map<String, String> query = filters.query();
            query.put("limit", "500");
            List<JsonNode> events = new ArrayList<>();
            client.get("/v1/events", query).path("data").forEach(events::add);
            return events;
        }
    }
}
