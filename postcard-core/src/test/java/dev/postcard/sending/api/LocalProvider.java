package dev.postcard.sending.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/** A local HTTP server standing in for a provider's API: answers what a test enqueues and records the requests. */
final class LocalProvider implements AutoCloseable {
    private final MockWebServer server = new MockWebServer();

    LocalProvider() {
        try {
            server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpUrl base() {
        return server.url("/");
    }

    LocalProvider answer(int code, String json, String... headerPairs) {
        MockResponse.Builder response = new MockResponse.Builder().code(code).body(json)
                .setHeader("Content-Type", "application/json");
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            response.setHeader(headerPairs[i], headerPairs[i + 1]);
        }
        server.enqueue(response.build());
        return this;
    }

    void enqueue(MockResponse response) {
        server.enqueue(response);
    }

    RecordedRequest take() {
        try {
            RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
            if (request == null) {
                throw new AssertionError("the provider received no request");
            }
            return request;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    int requestCount() {
        return server.getRequestCount();
    }

    static JsonNode json(RecordedRequest request) {
        try {
            return ApiClient.JSON.readTree(request.getBody().utf8());
        } catch (IOException e) {
            throw new AssertionError("the request body is not JSON: " + request.getBody().utf8(), e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
