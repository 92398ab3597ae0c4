package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.http.HttpRequest;

/** {@code POST /v1/tracking/instrument} refuses bad input, naming the field, and registers nothing. */
class InstrumentProblemsTest {

    @EachDatabase
    void invalidFieldsAre400NamingTheField(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            assertRejected(server, "{\"email_id\": \"msg_x1\"}", 400, "to");
            assertRejected(server, "{\"email_id\": \"msg_x2\", \"to\": null}", 400, "to");
            assertRejected(server, "{\"email_id\": \"msg_x3\", \"to\": \"not an address\"}", 400, "to");
            assertRejected(server, "{\"email_id\": \"msg_x4\", \"to\": \"a@b@c\"}", 400, "to");
            assertRejected(server, "{\"email_id\": \"msg_x5\", \"to\": 42}", 400, "to");
            assertRejected(server, "{\"email_id\": \"msg_x6\", \"to\": \"a@example.com\", \"tags\": \"a,b\"}", 400, "tags");
            assertRejected(server, "{\"email_id\": \"msg_x7\", \"to\": \"a@example.com\", \"tags\": [1]}", 400, "tags[0]");
            assertRejected(server, "{\"email_id\": \"msg_x8\", \"to\": \"a@example.com\", \"metadata\": [1]}", 400, "metadata");
            assertRejected(server, "{\"email_id\": \"msg_x9\", \"to\": \"a@example.com\", \"metadata\": \"x\"}", 400, "metadata");
            assertRejected(server, "{\"email_id\": \"msg_x10\", \"to\": \"a@example.com\", \"metadata\": {\"a\": {\"b\": 1}}}",
                    400, "metadata.a");
            assertRejected(server, "{\"email_id\": \"msg_x11\", \"to\": \"a@example.com\", \"subjct\": \"typo\"}", 400, "subjct");
            assertRejected(server, "{\"email_id\": \"msg_x12\", \"to\": \"a@example.com\", \"html\": 5}", 400, "html");
            assertRejected(server, "{\"email_id\": \"msg x13\", \"to\": \"a@example.com\"}", 400, "email_id");
            assertRejected(server, "{\"email_id\": \"msg_x14\", \"to\": \"a@example.com\", \"subject\": \"a\\u0000b\"}",
                    400, "subject");
            assertRejected(server, "[{\"to\": \"a@example.com\"}]", 400, null);
            assertRejected(server, "\"a@example.com\"", 400, null);

            for (int i = 1; i <= 14; i++) {
                Problems.assertProblem(server.get("/v1/emails/msg_x" + i, ADMIN_KEY), 404);
            }
        }
    }

    @EachDatabase
    void emailIdTakenInTheSameTenantIs409(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String keyA = server.tenantKey("tenant-a");
            String body = "{\"email_id\": \"msg_taken\", \"to\": \"first@example.com\", \"subject\": \"First\"}";
            assertThat(server.post("/v1/tracking/instrument", keyA, body).statusCode()).isEqualTo(201);
            String again = "{\"email_id\": \"msg_taken\", \"to\": \"second@example.com\", \"subject\": \"Second\"}";

            StoredState.assertUnchanged(server, keyA, () -> server.post("/v1/tracking/instrument", keyA, again),
                    r -> Problems.assertProblem(r, 409, "email_id"));

            assertThat(TestServer.json(server.get("/v1/emails/msg_taken", keyA)).get("to").asText())
                    .isEqualTo("first@example.com");
            // Ids are per tenant: another tenant's id is neither taken nor visible here.
            Problems.assertProblem(server.get("/v1/emails/msg_taken", ADMIN_KEY), 404);
            assertThat(server.post("/v1/tracking/instrument", ADMIN_KEY, again).statusCode()).isEqualTo(201);
            assertThat(TestServer.json(server.get("/v1/emails/msg_taken", keyA)).get("to").asText())
                    .isEqualTo("first@example.com");
        }
    }

    @EachDatabase
    void nonJsonBodyIs415(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            StoredState.assertUnchanged(server, ADMIN_KEY, () -> server.send(server.request("/v1/tracking/instrument")
                    .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "text/html")
                    .POST(HttpRequest.BodyPublishers.ofString("<html></html>")).build()),
                    r -> Problems.assertProblem(r, 415));
        }
    }

    private static void assertRejected(TestServer server, String body, int status, String field) {
        StoredState.assertUnchanged(server, ADMIN_KEY, () -> server.post("/v1/tracking/instrument", ADMIN_KEY, body), r -> {
            if (field == null) {
                Problems.assertProblem(r, status);
            } else {
                Problems.assertProblem(r, status, field);
            }
        });
    }
}
