package dev.postcard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code postcard stats}: counts and rates of a period, per bucket and group, as a table. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Counts and rates of a period (the last 30 days unless given), as a table.")
final class StatsCommand extends ClientCommand {
    @Option(names = "--group-by", paramLabel = "tag|domain|provider", description = "one row per tag, domain or provider")
    String groupBy;

    @Option(names = "--from", description = "ISO 8601 start, inclusive (default: 30 days before --to)")
    String from;

    @Option(names = "--to", description = "ISO 8601 end, exclusive (default: now)")
    String to;

    @Option(names = "--interval", paramLabel = "hour|day", description = "one row per hour or day")
    String interval;

    @Override
    public Integer call() {
        Map<String, String> query = new LinkedHashMap<>();
        put(query, "group_by", groupBy);
        put(query, "from", from);
        put(query, "to", to);
        put(query, "interval", interval);
        JsonNode stats = client().get("/v1/stats", query);
        if (json()) {
            return show(stats);
        }
        List<String> headers = new ArrayList<>();
        if (groupBy != null) {
            headers.add(groupBy.toUpperCase(Locale.ROOT));
        }
        if (interval != null) {
            headers.add("BUCKET");
        }
        headers.addAll(List.of("SENT", "DELIVERED", "BOUNCED", "COMPLAINED", "OPENS", "CLICKS", "DELIVERY",
                "BOUNCE", "COMPLAINT", "OPEN", "CLICK"));
        TablePrinter table = new TablePrinter(headers.toArray(String[]::new));
        for (JsonNode row : stats.path("data")) {
            List<Object> values = new ArrayList<>();
            if (groupBy != null) {
                values.add(row.path(groupBy));
            }
            if (interval != null) {
                values.add(row.path("bucket"));
            }
            values.addAll(List.of(row.path("sent"), row.path("delivered"), row.path("bounced"), row.path("complained"),
                    row.at("/opens/unique_human"), row.at("/clicks/unique_human"), percent(row.path("delivery_rate")),
                    percent(row.path("bounce_rate")), percent(row.path("complaint_rate")),
                    percent(row.path("open_rate")), percent(row.path("click_rate"))));
            table.row(values.toArray());
        }
        return show(List.of(), table);
    }

    /** {@code 0.1234} → {@code 12.3%}; no rate (nothing to divide by) → {@code -}. */
    static String percent(JsonNode rate) {
        return rate.isNumber() ? String.format(Locale.ROOT, "%.1f%%", rate.asDouble() * 100) : "-";
    }

    private static void put(Map<String, String> query, String name, String value) {
        if (value != null) {
            query.put(name, value);
        }
    }
}
