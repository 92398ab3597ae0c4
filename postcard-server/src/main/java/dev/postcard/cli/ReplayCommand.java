package dev.postcard.cli;

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
 * each {@code [since, until)} on whole milliseconds, whose counts add up to one replay of the whole period.
 * Windows are sized by counting them first, about {@link #EVENTS_PER_WINDOW} events each, since events bunch up
 * in time; {@code --windows N} cuts the period into N equal lengths instead.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Deliver the events of a period to a webhook again (progress on a terminal's stderr).")
final class ReplayCommand extends ClientCommand {
    static final long EVENTS_PER_WINDOW = 1000;

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
            description = "replay in N windows of equal length (default: windows of about 1000 events each)")
    Integer windows;

    /** For tests: the events a window aims at. */
    @Option(names = "--window-events", hidden = true, defaultValue = "1000")
    long windowEvents;

    private String path;

    @Override
    public Integer call() {
        if (windows != null && windows < 1) {
            throw new CliException("--windows must be at least 1", ExitCodes.USAGE);
        }
        if (windowEvents < 1) {
            throw new CliException("--window-events must be at least 1", ExitCodes.USAGE);
        }
        path = WebhooksCommand.path(webhook) + "/replay";
        // Counted first: the server checks the whole request here, before anything is sent.
        long total = count(since, until);
        Instant from = instant("--since", since);
        Instant to = instant("--until", until);
        ProgressBar bar = ProgressBar.forTerminal(err(), total);
        long replayed = 0;
        int calls = 0;
        if (windows != null) {
            List<Instant> edges = edges(from, to, windows);
            for (int i = 0; i + 1 < edges.size(); i++) {
                replayed += replay(edges.get(i), edges.get(i + 1));
                calls++;
                bar.total(Math.max(total, replayed));
                bar.update(replayed);
            }
        } else {
            long start = from.toEpochMilli();
            long end = to.toEpochMilli();
            long length = Math.max(1, (end - start) / Math.max(1, (total + windowEvents - 1) / windowEvents));
            while (start < end) {
                // Once all that was counted is sent, the rest of the period is one last window.
                long stop = replayed >= total ? end : Math.min(end, start + length);
                long inWindow = stop == end && replayed >= total ? 0
                        : count(Instant.ofEpochMilli(start), Instant.ofEpochMilli(stop));
                while (inWindow > windowEvents && stop - start > 1) {
                    stop = start + (stop - start) / 2;
                    inWindow = count(Instant.ofEpochMilli(start), Instant.ofEpochMilli(stop));
                }
                replayed += replay(Instant.ofEpochMilli(start), Instant.ofEpochMilli(stop));
                calls++;
                bar.total(Math.max(total, replayed));
                bar.update(replayed);
                // The next window as long as this one would have been for the target, growing at most fourfold.
                length = Math.max(1, inWindow == 0 ? (stop - start) * 4
                        : (long) ((stop - start) * Math.min(4.0, (double) windowEvents / inWindow)));
                start = stop;
            }
        }
        bar.finish();
        if (json()) {
            ObjectNode result = EventCodec.MAPPER.createObjectNode().put("webhook_id", webhook).put("replayed", replayed)
                    .put("windows", calls);
            return show(result);
        }
        out().println("replayed " + replayed + " event" + (replayed == 1 ? "" : "s") + " to " + webhook);
        out().flush();
        return ExitCodes.OK;
    }

    private long count(String from, String to) {
        return client().post(path, body(from, to).put("dry_run", true)).path("events").asLong();
    }

    private long count(Instant from, Instant to) {
        return count(EventCodec.formatInstant(from), EventCodec.formatInstant(to));
    }

    private long replay(Instant from, Instant to) {
        return client().post(path, body(EventCodec.formatInstant(from), EventCodec.formatInstant(to)))
                .path("replayed").asLong();
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
