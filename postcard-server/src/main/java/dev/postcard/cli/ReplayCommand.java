package dev.postcard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.EventCodec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code postcard replay}: delivers a period's events to a webhook again. The server's replay is one call, so to
 * show progress the period is first counted ({@code "dry_run": true}) and then replayed in consecutive windows,
 * each {@code [since, until)}, whose counts add up to one replay of the whole period.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Deliver the events of a period to a webhook again (progress on a terminal's stderr).")
final class ReplayCommand extends ClientCommand {
    /** About this many events a window: one call each, small enough for the bar to move. */
    static final long EVENTS_PER_WINDOW = 1000;
    static final int MAX_WINDOWS = 100;

    @Option(names = "--webhook", required = true, paramLabel = "ID", description = "the webhook id, wh_...")
    String webhook;

    @Option(names = "--since", required = true, paramLabel = "TIME", description = "ISO 8601 start, inclusive")
    String since;

    @Option(names = "--until", required = true, paramLabel = "TIME", description = "ISO 8601 end, exclusive")
    String until;

    @Option(names = "--types", split = ",", paramLabel = "TYPE",
            description = "only these types or aliases (default: every type the webhook takes)")
    List<String> types;

    @Option(names = "--windows", paramLabel = "N",
            description = "replay in N windows of equal length (default: one per ~1000 events, at most 100)")
    Integer windows;

    @Override
    public Integer call() {
        if (windows != null && windows < 1) {
            throw new CliException("--windows must be at least 1", ExitCodes.USAGE);
        }
        String path = WebhooksCommand.path(webhook) + "/replay";
        long total = client().post(path, body(since, until).put("dry_run", true)).path("events").asLong();
        Instant from = instant("--since", since);
        Instant to = instant("--until", until);
        int count = windows != null ? windows
                : (int) Math.max(1, Math.min(MAX_WINDOWS, (total + EVENTS_PER_WINDOW - 1) / EVENTS_PER_WINDOW));
        ProgressBar bar = ProgressBar.forTerminal(err(), total);
        long replayed = 0;
        List<Instant> edges = edges(from, to, count);
        for (int i = 0; i + 1 < edges.size(); i++) {
            JsonNode answer = client().post(path, body(EventCodec.formatInstant(edges.get(i)),
                    EventCodec.formatInstant(edges.get(i + 1))));
            replayed += answer.path("replayed").asLong();
            bar.total(Math.max(total, replayed));
            bar.update(replayed);
        }
        bar.finish();
        if (json()) {
            ObjectNode result = EventCodec.MAPPER.createObjectNode().put("webhook_id", webhook).put("replayed", replayed)
                    .put("windows", edges.size() - 1);
            return show(result);
        }
        out().println("replayed " + replayed + " event" + (replayed == 1 ? "" : "s") + " to " + webhook);
        out().flush();
        return ExitCodes.OK;
    }

    private ObjectNode body(String from, String to) {
        ObjectNode body = EventCodec.MAPPER.createObjectNode().put("since", from).put("until", to);
        if (types != null) {
            types.stream().map(String::strip).filter(t -> !t.isEmpty()).forEach(body.withArray("types")::add);
        }
        return body;
    }

    /**
     * {@code count + 1} instants from {@code from} to {@code to}, on whole milliseconds (the resolution events are
     * stored at), each window's end the next one's start; windows that would be empty of time are left out.
     */
    static List<Instant> edges(Instant from, Instant to, int count) {
        long start = from.toEpochMilli();
        long end = to.toEpochMilli();
        List<Instant> edges = new ArrayList<>();
        edges.add(from);
        for (int i = 1; i < count; i++) {
            long edge = start + (long) ((end - start) * ((double) i / count));
            Instant instant = Instant.ofEpochMilli(edge);
            if (instant.isAfter(edges.getLast()) && instant.isBefore(to)) {
                edges.add(instant);
            }
        }
        edges.add(to);
        return edges;
    }

    /** The dry run has checked both times already; this only reads them again. */
    private static Instant instant(String option, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            throw new CliException(option + " must be an ISO 8601 time such as 2026-11-22T10:30:05Z", ExitCodes.USAGE);
        }
    }
}
