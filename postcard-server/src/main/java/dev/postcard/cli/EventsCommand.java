package dev.postcard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code postcard events list|get|tail}: the event log. */
@Command(name = "events", mixinStandardHelpOptions = true, description = "Read the event log.",
        subcommands = {EventsCommand.ListEvents.class, EventsCommand.Get.class, EventTail.class})
final class EventsCommand extends CommandGroup {
    /** Filters shared by list and tail. */
    static final class Filters {
        @Option(names = "--type", description = "a type or alias, e.g. email.opened or opened")
        String type;

        @Option(names = "--email-id", description = "events about one message")
        String emailId;

        @Option(names = "--to", description = "events about one recipient")
        String to;

        @Option(names = "--since", description = "ISO 8601 time, inclusive")
        String since;

        @Option(names = "--until", description = "ISO 8601 time, exclusive")
        String until;

        Map<String, String> query() {
            Map<String, String> query = new LinkedHashMap<>();
            put(query, "type", type);
            put(query, "email_id", emailId);
            put(query, "to", to);
            put(query, "since", since);
            put(query, "until", until);
            return query;
        }

        private static void put(Map<String, String> query, String name, String value) {
            if (value != null) {
                query.put(name, value);
            }
        }
    }

    /** One event as a line for people: time, type, id, recipient, message. */
    static String line(JsonNode event) {
        JsonNode data = event.path("data");
        return String.join("  ", event.path("created_at").asText("-"), event.path("type").asText("-"),
                event.path("id").asText("-"), data.path("to").asText("-"), data.path("email_id").asText("-"));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List events, newest first.")
    static final class ListEvents extends ClientCommand {
        @Mixin
        Filters filters;

        @Option(names = "--limit", defaultValue = "50", description = "at most this many events")
        int limit;

        @Override
        public Integer call() {
            List<JsonNode> events = client().list("/v1/events", filters.query(), limit);
            TablePrinter table = new TablePrinter("CREATED", "TYPE", "ID", "TO", "EMAIL");
            events.forEach(e -> table.row(e.path("created_at"), e.path("type"), e.path("id"), e.at("/data/to"),
                    e.at("/data/email_id")));
            return show(events, table);
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one event's envelope.")
    static final class Get extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the event id, evt_...")
        String id;

        @Override
        public Integer call() {
            JsonNode event = client().get("/v1/events/" + ApiClient.segment(id), Map.of());
            if (json()) {
                return show(event);
            }
            Output.fields(out(), event, "id", "type", "created_at");
            out().println();
            Output.json(out(), event.path("data"));
            return ExitCodes.OK;
        }
    }
}
