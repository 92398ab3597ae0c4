package dev.postcard.delivery;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/** A webhook receiver on 127.0.0.1 (the JDK's HTTP server) that keeps every request it gets. */
final class Receiver implements AutoCloseable {

    record Request(String method, String target, Headers headers, byte[] body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    @FunctionalInterface
    interface Responder {
        void respond(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final String scheme;

    private Receiver(HttpServer server, String scheme, Responder responder) {
        this.server = server;
        this.scheme = scheme;
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders(), body));
            responder.respond(exchange);
            exchange.close();
        });
        server.setExecutor(executor);
        server.start();
    }

    static Receiver http(Responder responder) {
        try {
            return new Receiver(HttpServer.create(loopback(), 0), "http", responder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Receiver https(SSLContext tls, Responder responder) {
        try {
            HttpsServer server = HttpsServer.create(loopback(), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            return new Receiver(server, "https", responder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers {@code status} with {@code body} and these headers. */
    static Responder answering(int status, String body, Map<String, String> headers) {
        return exchange -> {
            headers.forEach(exchange.getResponseHeaders()::add);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    static Responder answering(int status) {
        return answering(status, "", Map.of());
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** This receiver's URL on 127.0.0.1. */
    String url(String path) {
        return scheme + "://127.0.0.1:" + port() + path;
    }

    EndpointUrl endpoint(String path) {
        return EndpointUrl.parse(url(path), AddressPolicy.allowingPrivateNetworks());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    Request onlyRequest() {
        List<Request> all = requests();
        if (all.size() != 1) {
            throw new AssertionError("expected exactly one request, got " + all.size());
        }
        return all.getFirst();
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
