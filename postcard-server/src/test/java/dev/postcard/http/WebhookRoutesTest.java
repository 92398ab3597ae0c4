package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** {@code /v1/webhooks}: create, list, read, change, delete, rotate the secret. */
class WebhookRoutesTest {

    @EachDatabase
    void aWebhookIsCreatedListedReadChangedAndDeleted(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            JsonNode created = Webhooks.create(server, ADMIN_KEY, "{\"url\": \"HTTPS://Hooks.Example.com:443/in\","
                    + " \"events\": [\"email.*\", \"bounced\"], \"description\": \"billing\"}");
            String id = created.get("id").asText();
            assertThat(id).matches("wh_[0-9A-HJKMNP-TV-Z]{26}");
            assertThat(created.get("url").asText()).as("stored normalised").isEqualTo("https://hooks.example.com/in");
            assertThat(created.get("events")).extracting(JsonNode::asText).containsExactly("email.*", "bounced");
            assertThat(created.get("enabled").asBoolean()).isTrue();
            assertThat(created.get("description").asText()).isEqualTo("billing");
            assertThat(created.properties()).extracting(e -> e.getKey()).containsExactlyInAnyOrder(
                    "id", "url", "events", "enabled", "description", "secret", "created_at");

            JsonNode read = TestServer.json(server.get("/v1/webhooks/" + id, ADMIN_KEY));
            assertThat(read.get("url").asText()).isEqualTo("https://hooks.example.com/in");
            assertThat(read.get("created_at").asText()).isEqualTo(created.get("created_at").asText());
            assertThat(read.has("updated_at")).isTrue();
            assertThat(read.has("disabled_reason")).isFalse();

            JsonNode list = TestServer.json(server.get("/v1/webhooks", ADMIN_KEY));
            assertThat(list.get("data")).extracting(w -> w.get("id").asText()).containsExactly(id);
            assertThat(list.get("next_cursor").isNull()).isTrue();

            HttpResponse<String> patched = Webhooks.patch(server, "/v1/webhooks/" + id, ADMIN_KEY,
                    "{\"events\": [\"delivered\"], \"description\": \"ops\"}");
            assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
            JsonNode changed = TestServer.json(patched);
            assertThat(changed.get("events")).extracting(JsonNode::asText).containsExactly("delivered");
            assertThat(changed.get("description").asText()).isEqualTo("ops");
            assertThat(changed.get("url").asText()).as("untouched fields stay").isEqualTo("https://hooks.example.com/in");

            assertThat(server.delete("/v1/webhooks/" + id, ADMIN_KEY).statusCode()).isEqualTo(204);
            Problems.assertProblem(server.get("/v1/webhooks/" + id, ADMIN_KEY), 404);
            Problems.assertProblem(server.delete("/v1/webhooks/" + id, ADMIN_KEY), 404);
        }
    }

    @EachDatabase
    void theSecretIsShownOnlyOnCreation(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            JsonNode created = Webhooks.create(server, ADMIN_KEY,
                    "{\"url\": \"" + Webhooks.URL + "\", \"events\": [\"*\"]}");
            String secret = created.get("secret").asText();
            assertThat(secret).startsWith("whsec_");
            assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(24);
            String id = created.get("id").asText();

            assertThat(server.get("/v1/webhooks/" + id, ADMIN_KEY).body()).doesNotContain(secret).doesNotContain("secret");
            assertThat(server.get("/v1/webhooks", ADMIN_KEY).body()).doesNotContain(secret).doesNotContain("secret");
            assertThat(Webhooks.patch(server, "/v1/webhooks/" + id, ADMIN_KEY, "{\"enabled\": true}").body())
                    .doesNotContain(secret);
        }
    }

    @EachDatabase
    void aGivenSecretIsKept(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String given = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
            JsonNode created = Webhooks.create(server, ADMIN_KEY, "{\"url\": \"" + Webhooks.URL
                    + "\", \"events\": [\"*\"], \"secret\": \"" + given + "\"}");
            assertThat(created.get("secret").asText()).isEqualTo(given);
        }
    }

    @EachDatabase
    void rotatingGivesANewSecretAndKeepsTheOldOneForADay(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            JsonNode created = Webhooks.create(server, ADMIN_KEY, "{\"url\": \"" + Webhooks.URL + "\", \"events\": [\"*\"]}");
            String id = created.get("id").asText();

            HttpResponse<String> rotated = server.post("/v1/webhooks/" + id + "/rotate-secret", ADMIN_KEY, "");
            assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
            JsonNode body = TestServer.json(rotated);
            assertThat(body.get("secret").asText()).startsWith("whsec_").isNotEqualTo(created.get("secret").asText());
            Instant expires = Instant.parse(body.get("previous_secret_expires_at").asText());
            assertThat(expires).isEqualTo(server.now().plus(Duration.ofHours(24)));

            String given = "a-plain-secret-of-enough-length";
            JsonNode again = TestServer.json(server.post("/v1/webhooks/" + id + "/rotate-secret", ADMIN_KEY,
                    "{\"secret\": \"" + given + "\"}"));
            assertThat(again.get("secret").asText()).isEqualTo(given);
            Problems.assertProblem(server.post("/v1/webhooks/" + id + "/rotate-secret", ADMIN_KEY,
                    "{\"secret\": \"short\"}"), 400, "secret");
        }
    }

    @EachDatabase
    void disablingAndEnablingAgain(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String id = Webhooks.createFor(server, ADMIN_KEY, "[\"*\"]");

            JsonNode off = TestServer.json(Webhooks.patch(server, "/v1/webhooks/" + id, ADMIN_KEY, "{\"enabled\": false}"));
            assertThat(off.get("enabled").asBoolean()).isFalse();
            assertThat(off.get("disabled_reason").asText()).isEqualTo("disabled by the user");
            assertThat(TestServer.json(server.get("/v1/webhooks/" + id, ADMIN_KEY)).get("disabled_reason").asText())
                    .isEqualTo("disabled by the user");

            JsonNode on = TestServer.json(Webhooks.patch(server, "/v1/webhooks/" + id, ADMIN_KEY, "{\"enabled\": true}"));
            assertThat(on.get("enabled").asBoolean()).isTrue();
            assertThat(on.has("disabled_reason")).isFalse();
        }
    }

    @EachDatabase
    void webhooksArePagedAndSeenOnlyByTheirTenant(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String keyA = server.tenantKey("tenant-a");
            String keyB = server.tenantKey("tenant-b");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(Webhooks.createFor(server, keyA, "[\"*\"]"));
            }

            List<String> listed = new ArrayList<>();
            String path = "/v1/webhooks?limit=2";
            for (int page = 0; page < 5 && path != null; page++) {
                JsonNode body = TestServer.json(server.get(path, keyA));
                body.get("data").forEach(w -> listed.add(w.get("id").asText()));
                path = body.get("next_cursor").isNull() ? null
                        : "/v1/webhooks?limit=2&cursor=" + body.get("next_cursor").asText();
            }
            assertThat(listed).containsExactlyElementsOf(ids);

            String id = ids.getFirst();
            assertThat(TestServer.json(server.get("/v1/webhooks", keyB)).get("data")).isEmpty();
            Problems.assertProblem(server.get("/v1/webhooks/" + id, keyB), 404);
            Problems.assertProblem(Webhooks.patch(server, "/v1/webhooks/" + id, keyB, "{\"enabled\": false}"), 404);
            Problems.assertProblem(server.post("/v1/webhooks/" + id + "/rotate-secret", keyB, ""), 404);
            Problems.assertProblem(server.get("/v1/webhooks/" + id + "/deliveries", keyB), 404);
            Problems.assertProblem(server.post("/v1/webhooks/" + id + "/replay", keyB,
                    "{\"since\": \"2026-01-01T00:00:00Z\", \"until\": \"2026-02-01T00:00:00Z\"}"), 404);
            Problems.assertProblem(server.delete("/v1/webhooks/" + id, keyB), 404);
            assertThat(server.get("/v1/webhooks/" + id, keyA).statusCode()).as("still there").isEqualTo(200);
        }
    }

    @EachDatabase
    void aTenantHasAtMostAHundredWebhooks(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String keyA = server.tenantKey("tenant-a");
            String keyB = server.tenantKey("tenant-b");
            for (int i = 0; i < 100; i++) {
                Webhooks.createFor(server, keyA, "[\"*\"]");
            }

            HttpResponse<String> oneMore = server.post("/v1/webhooks", keyA,
                    "{\"url\": \"https://hooks.example.com/more\", \"events\": [\"*\"]}");
            HttpResponse<String> otherTenant = server.post("/v1/webhooks", keyB,
                    "{\"url\": \"https://hooks.example.com/b\", \"events\": [\"*\"]}");

            Problems.assertProblem(oneMore, 409);
            assertThat(TestServer.json(oneMore).get("detail").asText()).contains("100");
            assertThat(otherTenant.statusCode()).as("another tenant's count is its own").isEqualTo(201);
        }
    }
}
