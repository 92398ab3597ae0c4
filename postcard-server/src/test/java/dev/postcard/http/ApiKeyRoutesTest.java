package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import dev.postcard.tenant.ApiKeys;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** {@code GET|POST /v1/api-keys}, {@code DELETE /v1/api-keys/{id}}: the plaintext is shown once. */
class ApiKeyRoutesTest {

    @EachDatabase
    void createdKeyIsShownOnceAndNeverListed(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            HttpResponse<String> created = server.post("/v1/api-keys", ADMIN_KEY, "{\"name\": \"ci\"}");

            assertThat(created.statusCode()).isEqualTo(201);
            JsonNode key = TestServer.json(created);
            String plaintext = key.get("key").asText();
            assertThat(key.get("id").asText()).matches("key_[0-9A-HJKMNP-TV-Z]{26}");
            assertThat(key.get("name").asText()).isEqualTo("ci");
            assertThat(key.get("admin").asBoolean()).isFalse();
            assertThat(key.get("revoked_at").isNull()).isTrue();
            assertThat(plaintext).startsWith("pck_").hasSizeGreaterThan(30).startsWith(key.get("prefix").asText());
            assertThat(server.get("/v1/events", plaintext).statusCode()).as("the key works").isEqualTo(200);

            HttpResponse<String> list = server.get("/v1/api-keys", ADMIN_KEY);
            assertThat(list.body()).doesNotContain(plaintext).doesNotContain(ApiKeys.hash(plaintext))
                    .doesNotContain(ApiKeys.hash(TestServer.ADMIN_KEY)).doesNotContain(TestServer.ADMIN_KEY);
            JsonNode body = TestServer.json(list);
            assertThat(body.get("next_cursor").isNull()).isTrue();
            assertThat(body.get("data")).hasSize(2); // the configured admin key and this one
            JsonNode listed = byId(body, key.get("id").asText());
            assertThat(listed.get("name").asText()).isEqualTo("ci");
            assertThat(listed.properties()).extracting(e -> e.getKey())
                    .containsExactlyInAnyOrder("id", "name", "prefix", "admin", "created_at", "revoked_at");
        }
    }

    @EachDatabase
    void creatingAndRevokingKeysAreEvents(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String id = TestServer.json(server.post("/v1/api-keys", ADMIN_KEY, "{\"name\": \"ci\"}")).get("id").asText();
            assertThat(server.delete("/v1/api-keys/" + id, ADMIN_KEY).statusCode()).isEqualTo(204);

            List<JsonNode> created = Events.list(server, ADMIN_KEY, "type=api_key.created");
            assertThat(created).extracting(e -> e.at("/data/key_id").asText()).containsExactly(id);
            assertThat(created.getFirst().get("id").asText()).startsWith("evt_");
            assertThat(created.getFirst().get("data").has("to")).as("operational events never name data.to").isFalse();
            assertThat(Events.list(server, ADMIN_KEY, "type=api_key.revoked"))
                    .extracting(e -> e.at("/data/key_id").asText()).containsExactly(id);
            JsonNode listed = byId(TestServer.json(server.get("/v1/api-keys", ADMIN_KEY)), id);
            assertThat(listed.get("revoked_at").isTextual()).isTrue();
        }
    }

    @EachDatabase
    void keysArePagedAndSeenOnlyByTheirTenant(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String keyA = server.tenantKey("tenant-a");
            for (String name : List.of("one", "two", "three")) {
                server.post("/v1/api-keys", keyA, "{\"name\": \"" + name + "\"}");
            }

            List<String> names = new ArrayList<>();
            String path = "/v1/api-keys?limit=2";
            for (int page = 0; page < 5 && path != null; page++) {
                JsonNode body = TestServer.json(server.get(path, keyA));
                body.get("data").forEach(k -> names.add(k.get("name").asText()));
                path = body.get("next_cursor").isNull() ? null : "/v1/api-keys?limit=2&cursor=" + body.get("next_cursor").asText();
            }

            assertThat(names).containsExactlyInAnyOrder("test", "one", "two", "three").doesNotHaveDuplicates();
            assertThat(TestServer.json(server.get("/v1/api-keys", ADMIN_KEY)).get("data"))
                    .extracting(k -> k.get("name").asText()).doesNotContain("one", "two", "three", "test");
        }
    }

    @EachDatabase
    void tenantKeyCannotCreateAdminKeys(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String key = server.tenantKey("tenant-a");

            StoredState.assertUnchanged(server, key, () -> server.post("/v1/api-keys", key,
                    "{\"name\": \"sneaky\", \"admin\": true}"), r -> Problems.assertProblem(r, 403));
            JsonNode admin = TestServer.json(server.post("/v1/api-keys", ADMIN_KEY, "{\"name\": \"ops\", \"admin\": true}"));
            assertThat(admin.get("admin").asBoolean()).isTrue();
        }
    }

    @EachDatabase
    void aTenantKeyNeitherSeesNorRevokesAdminKeys(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String tenantKey = TestServer.json(server.post("/v1/api-keys", ADMIN_KEY, "{\"name\": \"default-ci\"}"))
                    .get("key").asText();
            JsonNode all = TestServer.json(server.get("/v1/api-keys", ADMIN_KEY)).get("data");
            String adminId = null;
            for (JsonNode key : all) {
                if (key.get("admin").asBoolean()) {
                    adminId = key.get("id").asText();
                }
            }
            assertThat(adminId).as("the configured admin key, in the default tenant").isNotNull();

            JsonNode seen = TestServer.json(server.get("/v1/api-keys", tenantKey)).get("data");
            HttpResponse<String> revoke = server.delete("/v1/api-keys/" + adminId, tenantKey);

            assertThat(seen).extracting(k -> k.get("name").asText()).containsExactly("default-ci");
            Problems.assertProblem(revoke, 404);
            assertThat(server.get("/v1/events", ADMIN_KEY).statusCode()).as("the admin key still works").isEqualTo(200);
            assertThat(server.delete("/v1/api-keys/" + adminId, ADMIN_KEY).statusCode()).as("by an admin")
                    .isEqualTo(204);
        }
    }

    @EachDatabase
    void aListedKeyShowsAtMostAQuarterOfItself(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            JsonNode admin = TestServer.json(server.get("/v1/api-keys", ADMIN_KEY)).get("data").get(0);

            assertThat(admin.get("prefix").asText()).isEqualTo(ADMIN_KEY.substring(0, 8));
            assertThat(admin.get("prefix").asText().length()).isLessThanOrEqualTo(ADMIN_KEY.length() / 4);
        }
    }

    @EachDatabase
    void wrongKeysFromOneAddressAreSlowedDown(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (int i = 0; i < 20; i++) {
                Problems.assertProblem(server.get("/v1/events", "pck_guess_" + i + "_0123456789abcdef"), 401);
            }

            HttpResponse<String> guess = server.get("/v1/events", "pck_guess_20_0123456789abcdef");
            HttpResponse<String> right = server.get("/v1/events", ADMIN_KEY);
            HttpResponse<String> noKey = server.get("/v1/events");
            server.clock().advance(java.time.Duration.ofSeconds(3));
            HttpResponse<String> earned = server.get("/v1/events", ADMIN_KEY);
            HttpResponse<String> wrongAgain = server.get("/v1/events", "pck_guess_21_0123456789abcdef");
            HttpResponse<String> spent = server.get("/v1/events", ADMIN_KEY);

            Problems.assertProblem(guess, 429);
            assertThat(guess.headers().firstValue("Retry-After")).hasValue("3");
            Problems.assertProblem(right, 429);
            Problems.assertProblem(noKey, 401);
            assertThat(earned.statusCode()).as("a try earned back, with the right key").isEqualTo(200);
            Problems.assertProblem(wrongAgain, 401);
            Problems.assertProblem(spent, 429);
        }
    }

    @EachDatabase
    void invalidKeysAre400NamingTheField(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (String body : List.of("{}", "{\"name\": \"\"}", "{\"name\": \"   \"}", "{\"name\": 5}",
                    "{\"name\": \"" + "n".repeat(201) + "\"}", "{\"name\": \"a\\u0000b\"}")) {
                StoredState.assertUnchanged(server, ADMIN_KEY, () -> server.post("/v1/api-keys", ADMIN_KEY, body),
                        r -> Problems.assertProblem(r, 400, "name"));
            }
            StoredState.assertUnchanged(server, ADMIN_KEY, () -> server.post("/v1/api-keys", ADMIN_KEY,
                    "{\"name\": \"ci\", \"admin\": \"yes\"}"), r -> Problems.assertProblem(r, 400, "admin"));
            StoredState.assertUnchanged(server, ADMIN_KEY, () -> server.post("/v1/api-keys", ADMIN_KEY,
                    "{\"name\": \"ci\", \"admn\": true}"), r -> Problems.assertProblem(r, 400, "admn"));
        }
    }

    @EachDatabase
    void deletingAnUnknownOrAnotherTenantsKeyIs404(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String keyA = server.tenantKey("tenant-a");
            String idA = TestServer.json(server.get("/v1/api-keys", keyA)).get("data").get(0).get("id").asText();
            String keyB = server.tenantKey("tenant-b");

            for (String path : List.of("/v1/api-keys/" + idA, "/v1/api-keys/key_01JDQ4Z6M7X9K2P8R5T3V1W0YA",
                    "/v1/api-keys/%00")) {
                StoredState.assertUnchanged(server, keyA, () -> server.delete(path, keyB), r -> Problems.assertProblem(r, 404));
            }
            Problems.assertProblem(server.delete("/v1/api-keys/" + idA, ADMIN_KEY), 404);
            assertThat(server.get("/v1/events", keyA).statusCode()).as("key A still works").isEqualTo(200);
            HttpResponse<String> asA = server.send(server.request("/v1/api-keys/" + idA)
                    .header("Authorization", "Bearer " + ADMIN_KEY).header("X-Tenant-ID", "tenant-a")
                    .method("DELETE", HttpRequest.BodyPublishers.noBody()).build());
            assertThat(asA.statusCode()).isEqualTo(204);
            Problems.assertProblem(server.get("/v1/events", keyA), 401);
        }
    }

    @EachDatabase
    void cursorNamingNoPossibleKeyIs400(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (String position : List.of("api_keys:1:\u0000", "api_keys:x:key_1", "tenants:a", "garbage")) {
                String cursor = Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(position.getBytes(StandardCharsets.UTF_8));
                Problems.assertProblem(server.get("/v1/api-keys?cursor=" + cursor, ADMIN_KEY), 400, "cursor");
            }
        }
    }

    private static JsonNode byId(JsonNode list, String id) {
        for (JsonNode key : list.get("data")) {
            if (key.get("id").asText().equals(id)) {
                return key;
            }
        }
        throw new AssertionError("no key " + id + " in " + list);
    }
}
