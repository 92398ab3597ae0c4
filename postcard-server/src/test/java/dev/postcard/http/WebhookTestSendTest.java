package dev.postcard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.postcard.event.EventCodec;
import dev.postcard.server.ServerConfig;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import dev.postcard.verify.WebhookVerifier;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@code POST /v1/webhooks/{id}/test}: a signed sample with "test": true, sent at once, stored nowhere. */
class WebhookTestSendTest {

    private record Received(byte[] body, Map<String, List<String>> headers) {
    }

    @EachDatabase
    void aTestSendReachesTheEndpointSignedAndReportsTheAttempt(TestDatabase db) throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new Received(exchange.getRequestBody().readAllBytes(), Map.copyOf(exchange.getRequestHeaders())));
            byte[] answer = "thanks".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        receiver.start();
        ServerConfig config = TestServer.config(db.url()).toBuilder().allowPrivateNetworks(true).build();
        try (TestServer server = TestServer.start(config)) {
            String key = server.tenantKey("acme");
            HttpResponse<String> created = server.post("/v1/webhooks", key, "{\"url\": \"http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hook\", \"events\": [\"email.*\"]}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode webhook = TestServer.json(created);
            int eventsBefore = TestServer.json(server.get("/v1/events", key)).path("data").size();

            HttpResponse<String> sent = server.post("/v1/webhooks/" + webhook.path("id").asText() + "/test", key,
                    "{\"event_type\": \"bounced\"}");
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
            JsonNode result = TestServer.json(sent);
            assertThat(result.path("success").asBoolean()).isTrue();
            assertThat(result.path("status").asInt()).isEqualTo(200);
            assertThat(result.path("response").asText()).isEqualTo("thanks");

            assertThat(received).hasSize(1);
            JsonNode envelope = EventCodec.MAPPER.readTree(received.getFirst().body());
            assertThat(envelope.path("test").asBoolean()).isTrue();
            assertThat(envelope.path("type").asText()).isEqualTo("email.bounced");
            assertThat(envelope.path("id").asText()).startsWith("evt_");
            assertThatCode(() -> WebhookVerifier.of(webhook.path("secret").asText()).withClock(server.clock())
                    .verify(received.getFirst().body(), received.getFirst().headers())).doesNotThrowAnyException();
            assertThat(TestServer.json(server.get("/v1/events", key)).path("data").size())
                    .as("a test send is not stored").isEqualTo(eventsBefore);

            HttpResponse<String> unknownType = server.post("/v1/webhooks/" + webhook.path("id").asText() + "/test",
                    key, "{\"event_type\": \"email.teleported\"}");
            Problems.assertProblem(unknownType, 400, "event_type");
            Problems.assertProblem(server.post("/v1/webhooks/wh_nope/test", key, "{\"event_type\": \"bounced\"}"), 404);
            Problems.assertProblem(server.post("/v1/webhooks/" + webhook.path("id").asText() + "/test", key,
                    "{\"event_type\": 5}"), 400, "event_type");

            // Without a type, the sample is a delivery, with or without a body.
            for (String body : List.of("{}", "")) {
                HttpResponse<String> plain = server.post("/v1/webhooks/" + webhook.path("id").asText() + "/test", key, body);
                assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
                assertThat(EventCodec.MAPPER.readTree(received.getLast().body()).path("type").asText())
                        .isEqualTo("email.delivered");
            }
            assertThat(received).hasSize(3);
        } finally {
            receiver.stop(0);
        }
    }

    @EachDatabase
    void aTestSendToAnInternalNameDoesNotSayWhereItResolves(TestDatabase db) throws Exception {
        // The machine's own name: it resolves to a loopback or private address, which the policy refuses.
        String host = java.net.InetAddress.getLocalHost().getHostName();
        java.net.InetAddress[] addresses = java.net.InetAddress.getAllByName(host);
        org.junit.jupiter.api.Assumptions.assumeTrue(java.util.Arrays.stream(addresses)
                .noneMatch(dev.postcard.delivery.AddressPolicy.publicOnly()::allows), host + " resolves to a public address");
        try (TestServer server = TestServer.start(db.url())) {
            String key = server.tenantKey("acme");
            HttpResponse<String> created = server.post("/v1/webhooks", key,
                    "{\"url\": \"https://" + host + "/hook\", \"events\": [\"email.*\"]}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            HttpResponse<String> sent = server.post("/v1/webhooks/" + TestServer.json(created).path("id").asText()
                    + "/test", key, "{\"event_type\": \"bounced\"}");

            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
            JsonNode result = TestServer.json(sent);
            assertThat(result.path("success").asBoolean()).isFalse();
            assertThat(result.path("error").asText()).contains("not allowed");
            for (java.net.InetAddress address : addresses) {
                assertThat(result.path("error").asText()).doesNotContain(address.getHostAddress());
            }
        }
    }
}
