package dev.postcard.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads the event log through {@code GET /v1/events}. */
final class Events {
    private Events() {
    }

    /** The first page (up to 500) of events matching {@code query} (e.g. {@code "email_id=msg_1"}). */
    static List<JsonNode> list(TestServer server, String key, String query) {
        HttpResponse<String> response = server.get("/v1/events?limit=500" + (query.isEmpty() ? "" : "&" + query), key);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        TestServer.json(response).get("data").forEach(events::add);
        return events;
    }

    /** The events of one type about one email. */
    static List<JsonNode> about(TestServer server, String key, String emailId, String type) {
        return list(server, key, "email_id=" + emailId + "&type=" + type);
    }

    /**
     * The events matching {@code query}, waiting up to ten seconds for the first: events the engine derives
     * after a commit (a suppression's {@code suppression.created}) are recorded just after the answer.
     */
    static List<JsonNode> awaitList(TestServer server, String key, String query) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<JsonNode> found = list(server, key, query);
        while (found.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + query, e);
            }
            found = list(server, key, query);
        }
        return found;
    }

    /** The event ids visible to {@code key}, newest first. */
    static List<String> ids(TestServer server, String key) {
        return list(server, key, "").stream().map(e -> e.get("id").asText()).toList();
    }

    /** A minimal valid event envelope of {@code type} with this id and data fields (JSON object members). */
    static String envelope(String id, String type, String dataMembers) {
        return "{\"id\": \"" + id + "\", \"type\": \"" + type + "\", \"data\": {" + dataMembers + "}}";
    }
}
