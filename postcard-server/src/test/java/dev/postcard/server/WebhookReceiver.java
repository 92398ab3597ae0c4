package dev.postcard.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A webhook endpoint on loopback that answers 204 and remembers every delivery by event id ({@code webhook-id},
 * the same on every retry): when each arrived and the event's type, so a test can tell a repeat from a first.
 */
final class WebhookReceiver implements AutoCloseable {
    /** One event's deliveries to this endpoint: its type and the {@link System#nanoTime} of each arrival. */
    record Received(String type, List<Long> arrivals) {
    }

    private final HttpServer server;
    private final Map<String, Received> byEventId = new ConcurrentHashMap<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    static WebhookReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        WebhookReceiver receiver = new WebhookReceiver(server);
        server.createContext("/hook", exchange -> {
            long at = System.nanoTime();
            exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String type = exchange.getRequestHeaders().getFirst("X-Postcard-Event");
            if (id != null) {
                receiver.byEventId.computeIfAbsent(id, k -> new Received(type, new CopyOnWriteArrayList<>()))
                        .arrivals().add(at);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return receiver;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Every event delivered at least once, by id. */
    Map<String, Received> received() {
        return Map.copyOf(byEventId);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
