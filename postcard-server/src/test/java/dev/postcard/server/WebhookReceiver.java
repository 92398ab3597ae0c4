package dev.postcard.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A webhook endpoint on 127.0.0.1 that answers 204 and remembers what it took by event id (the {@code webhook-id}
 * header, the same on every attempt of one event): the event's type and when each attempt arrived, the receiver's
 * view of at-least-once.
 */
final class WebhookReceiver implements AutoCloseable {
    static final String PATH = "/hook";

    /** One event's deliveries to this endpoint: its type and the {@link System#nanoTime} of each arrival. */
    record Received(String type, List<Long> arrivals) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Received> byEventId = new ConcurrentHashMap<>();

    private WebhookReceiver(HttpServer server, Duration answerAfter) {
        this.server = server;
        server.createContext(PATH, exchange -> {
            exchange.getRequestBody().readAllBytes(); // taken whole, or the server died mid-request: not counted
            long at = System.nanoTime();
            String eventId = String.valueOf(exchange.getRequestHeaders().getFirst("webhook-id"));
            String type = exchange.getRequestHeaders().getFirst("X-Postcard-Event");
            byEventId.computeIfAbsent(eventId, id -> new Received(type, new CopyOnWriteArrayList<>()))
                    .arrivals().add(at);
            try {
                Thread.sleep(answerAfter); // taken, not yet answered: a sender that dies now owes it still
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.setExecutor(executor);
        server.start();
    }

    static WebhookReceiver start() throws IOException {
        return startOn(0);
    }

    /** One that takes {@code answerAfter} to answer each webhook it took, as a receiver that works on it first. */
    static WebhookReceiver answeringAfter(Duration answerAfter) throws IOException {
        return new WebhookReceiver(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64), answerAfter);
    }

    /** On a given port: a receiver that comes back where it was. */
    static WebhookReceiver startOn(int port) throws IOException {
        return new WebhookReceiver(HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64), Duration.ZERO);
    }

    /** A port nothing listens on now: an endpoint that is down until a receiver starts on it. */
    static int freePort() throws IOException {
        try (ServerSocket reserve = new ServerSocket(0)) {
            return reserve.getLocalPort();
        }
    }

    static String url(int port) {
        return "http://127.0.0.1:" + port + PATH;
    }

    String url() {
        return url(server.getAddress().getPort());
    }

    /** Every event delivered at least once, by id. */
    Map<String, Received> received() {
        return Map.copyOf(byEventId);
    }

    /** The event ids taken so far. */
    Set<String> eventIds() {
        return Set.copyOf(byEventId.keySet());
    }

    /** How often each event was taken, by id. */
    Map<String, Integer> counts() {
        Map<String, Integer> copy = new TreeMap<>();
        byEventId.forEach((id, received) -> copy.put(id, received.arrivals().size()));
        return copy;
    }

    /** The events taken more than once, with their counts. */
    Map<String, Integer> duplicates() {
        Map<String, Integer> duplicates = counts();
        duplicates.values().removeIf(count -> count < 2);
        return duplicates;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
