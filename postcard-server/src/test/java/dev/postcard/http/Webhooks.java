package dev.postcard.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Creates and changes webhooks through {@code /v1/webhooks}. */
final class Webhooks {
    /** Public by its name; creation never looks names up, so no receiver has to exist. */
    static final String URL = "https://hooks.example.com/postcard";

    private Webhooks() {
    }

    /** Creates a webhook with this body and returns the 201 answer. */
    static JsonNode create(TestServer server, String key, String json) {
        HttpResponse<String> created = server.post("/v1/webhooks", key, json);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return TestServer.json(created);
    }

    /** Creates a webhook for {@code events} (a JSON array) at {@link #URL} and returns its id. */
    static String createFor(TestServer server, String key, String events) {
        return create(server, key, "{\"url\": \"" + URL + "\", \"events\": " + events + "}").get("id").asText();
    }

    static HttpResponse<String> patch(TestServer server, String path, String key, String json) {
        return server.send(server.request(path).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }
}
