package dev.postcard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.event.EventCodec;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code postcard events tail}: follows {@code GET /v1/events/stream} (server-sent events) and prints each event as
 * it is stored. When the server drops the stream it reconnects after a short backoff with {@code Last-Event-ID},
 * so no event is lost or printed twice.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print new events as they arrive (JSON lines with --json), until Ctrl-C or --max-events.")
final class EventTail extends ClientCommand {
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);

    @Mixin
    EventsCommand.Filters filters;

    @Option(names = "--max-events", defaultValue = "0", description = "stop after this many events (0: never)")
    long maxEvents;

    private Optional<String> lastId = Optional.empty();
    private Duration retry = Duration.ofSeconds(3);
    private long printed;

    @Override
    public Integer call() throws InterruptedException {
        ApiClient client = client();
        Duration backoff = FIRST_BACKOFF;
        boolean connected = false;
        while (!done()) {
            try {
                long read = follow(client, () -> {
                    if (printed == 0 && lastId.isEmpty()) {
                        err().println("following new events (Ctrl-C to stop)");
                        err().flush();
                    }
                });
                connected = true;
                // Back to a short wait only after a stream that brought something: one the server keeps
                // closing at once is retried ever more slowly, up to its retry: time.
                if (read > 0) {
                    backoff = FIRST_BACKOFF;
                }
                // With --until the server ends the stream once the period is over: a reconnection that
                // brings nothing and ends again says so (a dropped stream would have brought the rest).
                if (filters.until != null && read == 0) {
                    break;
                }
            } catch (IOException e) {
                if (!connected && lastId.isEmpty()) {
                    throw client.unreachable(e);
                }
            }
            if (done()) {
                break;
            }
            // The server closed the stream or the connection broke: reconnect after the last event seen.
            Thread.sleep(backoff);
            backoff = min(backoff.multipliedBy(2), retry);
        }
        return ExitCodes.OK;
    }

    private boolean done() {
        return maxEvents > 0 && printed >= maxEvents;
    }

    /**
     * One connection: reads events until the server closes it, the connection breaks (an {@link IOException}),
     * or enough are printed. Returns how many events it printed.
     */
    private long follow(ApiClient client, Runnable opened) throws IOException, InterruptedException {
        Map<String, String> query = filters.query();
        if (lastId.isPresent()) {
            query.remove("since");
        }
        HttpRequest.Builder request = client.request("/v1/events/stream", query).header("Accept", "text/event-stream");
        lastId.ifPresent(id -> request.header("Last-Event-ID", id));
        HttpResponse<Stream<String>> response = client.http().send(request.GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200) {
                String body = lines.collect(Collectors.joining("\n"));
                throw ApiClient.failure(response.statusCode(), problem(body));
            }
            opened.run();
            long before = printed;
            read(lines.iterator());
            return printed - before;
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The SSE framing: fields up to a blank line make an event; comments and unknown fields are skipped. */
    private void read(Iterator<String> lines) {
        String id = null;
        StringBuilder data = null;
        while (!done() && lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (data != null) {
                    print(data.toString());
                }
                if (id != null) {
                    lastId = Optional.of(id);
                }
                id = null;
                data = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "retry" -> {
                    if (value.matches("\\d{1,9}")) {
                        retry = Duration.ofMillis(Long.parseLong(value));
                    }
                }
                default -> {
                }
            }
        }
    }

    private void print(String data) {
        if (json()) {
            out().println(data);
        } else {
            JsonNode event = problem(data);
            out().println(EventsCommand.line(event));
        }
        out().flush();
        printed++;
    }

    private static JsonNode problem(String text) {
        try {
            return EventCodec.MAPPER.readTree(text);
        } catch (IOException e) {
            return EventCodec.MAPPER.createObjectNode().put("detail", text.strip());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
