package dev.postcard.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A reader of {@code GET /v1/events/stream} for tests: parses the Server-Sent Events as they arrive into
 * {@link Message}s, and keeps comment lines apart so tests can see heartbeats.
 */
final class EventStreamClient implements AutoCloseable {
    record Message(String id, String event, String data) {
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    private final HttpResponse<Stream<String>> response;
    private final CompletableFuture<Void> reading;
    private volatile String lastId;

    private EventStreamClient(HttpRequest request) {
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        reading = response.statusCode() == 200 ? CompletableFuture.runAsync(this::read) : CompletableFuture.completedFuture(null);
    }

    /** Opens the stream at {@code pathAndQuery} with the key and extra headers, and waits for its opening comment. */
    static EventStreamClient open(TestServer server, String pathAndQuery, String key, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(pathAndQuery))
                .header("Authorization", "Bearer " + key).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        EventStreamClient client = new EventStreamClient(request.GET().build());
        if (client.status() == 200) {
            client.comment(Duration.ofSeconds(10)); // ": stream open": from here on, new events are the stream's
        }
        return client;
    }

    static EventStreamClient open(TestServer server, String pathAndQuery, String key) {
        return open(server, pathAndQuery, key, Map.of());
    }

    int status() {
        return response.statusCode();
    }

    String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The body of a refused stream (problem JSON). */
    String problem() {
        return String.join("\n", response.body().toList());
    }

    /** The next event, or an error when none comes within {@code timeout}. */
    Message next(Duration timeout) {
        try {
            Message message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("no event within " + timeout);
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next {@code n} events' ids. */
    List<String> nextIds(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(next(Duration.ofSeconds(10)).id());
        }
        return ids;
    }

    /** The events received so far and not taken, without waiting. */
    List<Message> pending() {
        List<Message> drained = new ArrayList<>();
        messages.drainTo(drained);
        return drained;
    }

    String comment(Duration timeout) {
        try {
            String comment = comments.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (comment == null) {
                throw new AssertionError("no comment within " + timeout);
            }
            return comment;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last id the stream has named, as a browser's EventSource keeps it: also one named without an event. */
    String lastId(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lastId == null && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return lastId;
    }

    /** Whether the server has ended the stream. */
    boolean ended() {
        return reading.isDone();
    }

    private void read() {
        String id = null;
        String event = null;
        StringBuilder data = null;
        for (String line : (Iterable<String>) response.body()::iterator) {
            if (line.isEmpty()) {
                if (id != null) {
                    lastId = id;
                }
                if (data != null) {
                    messages.add(new Message(id, event, data.toString()));
                }
                id = null;
                event = null;
                data = null;
            } else if (line.startsWith(":")) {
                comments.add(line.substring(1).strip());
            } else if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
            }
        }
    }

    @Override
    public void close() {
        response.body().close();
        http.close();
    }
}
