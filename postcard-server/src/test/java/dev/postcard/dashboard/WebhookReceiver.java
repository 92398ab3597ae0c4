package dev.postcard.dashboard;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook endpoint on 127.0.0.1 that answers with the statuses it was told to, in order (then 200), and keeps
 * every request it took, body and headers, for the test to verify.
 */
final class WebhookReceiver implements AutoCloseable {
    record Received(byte[] body, Map<String, List<String>> headers) {
    }

    private final HttpServer server;
    private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
        server.createContext("/hook", exchange -> {
            received.add(new Received(exchange.getRequestBody().readAllBytes(), Map.copyOf(exchange.getRequestHeaders())));
            Integer status = answers.poll();
            int code = status == null ? 200 : status;
            byte[] body = ("receiver says " + code).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    static WebhookReceiver start() {
        try {
            return new WebhookReceiver(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next requests get these statuses, in order; after them, 200. */
    WebhookReceiver answering(int... statuses) {
        for (int status : statuses) {
            answers.add(status);
        }
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
