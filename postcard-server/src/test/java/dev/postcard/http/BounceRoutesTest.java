package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** {@code POST /v1/bounces/classify}: a raw message in, its classification out, nothing recorded. */
class BounceRoutesTest {

    private static HttpResponse<String> classify(TestServer server, String key, String body) {
        HttpRequest.Builder request = server.request("/v1/bounces/classify").header("Content-Type", "message/rfc822")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return server.send(request.build());
    }

    @EachDatabase
    void aDsnIsClassifiedPerRecipientAndNothingIsStored(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            StoredState.assertUnchanged(server, ADMIN_KEY, () -> classify(server, ADMIN_KEY, BounceSamples.DSN), response -> {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode json = TestServer.json(response);
                assertThat(json.get("kind").asText()).isEqualTo("bounce");
                JsonNode recipient = json.get("recipients").get(0);
                assertThat(recipient.get("address").asText()).isEqualTo("nobody@example.net");
                assertThat(recipient.get("status_code").asText()).isEqualTo("5.1.1");
                assertThat(recipient.get("reply_code").asText()).isEqualTo("550");
                assertThat(recipient.get("bounce_type").asText()).isEqualTo("hard");
                assertThat(recipient.get("bounce_reason").asText()).isEqualTo("user_unknown");
                assertThat(recipient.get("reason_detail").asText()).isEqualTo("userunknown");
                assertThat(json.get("original_message_id").asText()).isEqualTo("original-1@example.com");
            });
        }
    }

    @EachDatabase
    void ordinaryMailIsNoneAndBadRequestsAreProblems(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            JsonNode none = TestServer.json(classify(server, ADMIN_KEY,
                    "From: a@example.com\r\nTo: b@example.com\r\nSubject: Lunch?\r\n\r\nTomorrow at noon?\r\n"));
            assertThat(none.get("kind").asText()).isEqualTo("none");
            assertThat(none.get("recipients")).isEmpty();
            // Whatever the bytes, an answer: never a server error.
            assertThat(classify(server, ADMIN_KEY, "\u0000\u0001garbage\r\n\r\n--").statusCode()).isEqualTo(200);
            Problems.assertProblem(classify(server, ADMIN_KEY, ""), 400, "body");
            Problems.assertProblem(classify(server, null, BounceSamples.DSN), 401);
            Problems.assertProblem(classify(server, ADMIN_KEY, "x".repeat(1_100_000)), 413);
            Problems.assertProblem(server.get("/v1/bounces/classify", ADMIN_KEY), 405);
        }
    }
}
