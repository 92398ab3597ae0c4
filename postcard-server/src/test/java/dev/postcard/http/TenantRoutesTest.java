package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** {@code GET|POST /v1/tenants}, {@code GET|PATCH /v1/tenants/{id}}: admin keys only. */
class TenantRoutesTest {
    /** Two transports, by name; neither is reached, as nothing is sent. */
    private static final List<String> TRANSPORTS = List.of("smtp://127.0.0.1:1?starttls=optional&name=eu-relay",
            "sendgrid://SG.not-a-real-key@api.sendgrid.com");

    private static TestServer withTransports(TestDatabase db) {
        return TestServer.start(TestServer.config(db.url()).toBuilder().sendTransports(TRANSPORTS).build());
    }

    @EachDatabase
    void createdTenantIsAnsweredAndListed(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            HttpResponse<String> created = server.post("/v1/tenants", ADMIN_KEY, "{\"id\": \"acme\", \"name\": \" Acme Corp \"}");

            assertThat(created.statusCode()).isEqualTo(201);
            JsonNode tenant = TestServer.json(created);
            assertThat(tenant.get("id").asText()).isEqualTo("acme");
            assertThat(tenant.get("name").asText()).isEqualTo("Acme Corp");
            assertThat(Instant.parse(tenant.get("created_at").asText())).isEqualTo(server.now());
            JsonNode list = TestServer.json(server.get("/v1/tenants", ADMIN_KEY));
            assertThat(list.get("data")).contains(tenant);
            assertThat(list.get("data")).extracting(t -> t.get("id").asText()).containsExactly("acme", "default");
            assertThat(list.get("next_cursor").isNull()).isTrue();
        }
    }

    @EachDatabase
    void aTenantIsReadByItsIdWithAnAdminKeyOnly(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            JsonNode created = TestServer.json(server.post("/v1/tenants", ADMIN_KEY, "{\"id\": \"acme\", \"name\": \"Acme\"}"));

            HttpResponse<String> read = server.get("/v1/tenants/acme", ADMIN_KEY);
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            assertThat(TestServer.json(read)).isEqualTo(created);
            Problems.assertProblem(server.get("/v1/tenants/nope", ADMIN_KEY), 404);
            Problems.assertProblem(server.get("/v1/tenants/acme", server.tenantKey("acme")), 403);
            Problems.assertProblem(server.get("/v1/tenants/acme"), 401);
        }
    }

    @EachDatabase
    void cursorPagesListEveryTenantOnceInIdOrder(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (String id : List.of("delta", "alpha", "echo", "charlie", "bravo")) {
                server.post("/v1/tenants", ADMIN_KEY, "{\"id\": \"" + id + "\", \"name\": \"" + id + "\"}");
            }

            List<String> seen = new ArrayList<>();
            String path = "/v1/tenants?limit=2";
            for (int page = 0; page < 10; page++) {
                JsonNode body = TestServer.json(server.get(path, ADMIN_KEY));
                assertThat(body.get("data").size()).isBetween(1, 2);
                body.get("data").forEach(t -> seen.add(t.get("id").asText()));
                if (body.get("next_cursor").isNull()) {
                    break;
                }
                path = "/v1/tenants?limit=2&cursor=" + body.get("next_cursor").asText();
            }

            assertThat(seen).containsExactly("alpha", "bravo", "charlie", "default", "delta", "echo");
        }
    }

    @EachDatabase
    void tenantKeyCannotManageTenants(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String key = server.tenantKey("acme");

            StoredState.assertUnchanged(server, key, () -> server.post("/v1/tenants", key,
                    "{\"id\": \"evil\", \"name\": \"Evil\"}"), r -> Problems.assertProblem(r, 403));
            Problems.assertProblem(server.get("/v1/tenants", key), 403);
        }
    }

    @EachDatabase
    void invalidTenantsAre400NamingTheField(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (String id : List.of("Bad Id!", "", "-leading", "UPPER", "a".repeat(64), "dot.ted", "sl/ash")) {
                assertRejected(server, "{\"id\": " + TestServer.quote(id) + ", \"name\": \"Name\"}", 400, "id");
            }
            assertRejected(server, "{\"name\": \"Name\"}", 400, "id");
            assertRejected(server, "{\"id\": 5, \"name\": \"Name\"}", 400, "id");
            assertRejected(server, "{\"id\": \"acme\"}", 400, "name");
            assertRejected(server, "{\"id\": \"acme\", \"name\": \"  \"}", 400, "name");
            assertRejected(server, "{\"id\": \"acme\", \"name\": \"" + "n".repeat(201) + "\"}", 400, "name");
            assertRejected(server, "{\"id\": \"acme\", \"name\": \"N\\u0000\"}", 400, "name");
            assertRejected(server, "{\"id\": \"acme\", \"name\": \"Acme\", \"plan\": \"gold\"}", 400, "plan");
            assertRejected(server, "[{\"id\": \"acme\", \"name\": \"Acme\"}]", 400, null);
        }
    }

    @EachDatabase
    void takenIdIs409(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            server.post("/v1/tenants", ADMIN_KEY, "{\"id\": \"acme\", \"name\": \"Acme\"}");

            assertRejected(server, "{\"id\": \"acme\", \"name\": \"Other\"}", 409, "id");
            assertRejected(server, "{\"id\": \"default\", \"name\": \"Other\"}", 409, "id");
            assertThat(TestServer.json(server.get("/v1/tenants", ADMIN_KEY)).get("data").get(0).get("name").asText())
                    .isEqualTo("Acme");
        }
    }

    @EachDatabase
    void cursorNamingNoPossibleTenantIs400(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (String position : List.of("tenants:\u0000", "tenants:a\u0000b", "events:1", "garbage")) {
                String cursor = Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(position.getBytes(StandardCharsets.UTF_8));
                Problems.assertProblem(server.get("/v1/tenants?cursor=" + cursor, ADMIN_KEY), 400, "cursor");
            }
        }
    }

    @EachDatabase
    void anAdminChoosesATenantsTransportsInFailoverOrderAndGoesBackToAll(TestDatabase db) {
        try (TestServer server = withTransports(db)) {
            ApiContract contract = ApiContract.of(server, "");
            server.post("/v1/tenants", ADMIN_KEY, "{\"id\": \"acme\", \"name\": \"Acme\"}");
            JsonNode before = TestServer.json(server.get("/v1/tenants/acme", ADMIN_KEY));
            assertThat(before.get("send_transports").isNull()).as("never chosen").isTrue();

            HttpResponse<String> chosen = server.patch("/v1/tenants/acme", ADMIN_KEY,
                    "{\"send_transports\": [\"sendgrid\", \"eu-relay\"]}");
            assertThat(chosen.statusCode()).as(chosen.body()).isEqualTo(200);
            contract.assertConforms(chosen);
            assertThat(TestServer.json(chosen).get("send_transports")).extracting(JsonNode::asText)
                    .containsExactly("sendgrid", "eu-relay");
            HttpResponse<String> read = server.get("/v1/tenants/acme", ADMIN_KEY);
            contract.assertConforms(read);
            assertThat(TestServer.json(read)).isEqualTo(TestServer.json(chosen));
            JsonNode listed = TestServer.json(server.get("/v1/tenants", ADMIN_KEY)).get("data").get(0);
            assertThat(listed).isEqualTo(TestServer.json(chosen));
            assertThat(TestServer.json(server.patch("/v1/tenants/acme", ADMIN_KEY, "{}"))).as("nothing to change")
                    .isEqualTo(TestServer.json(chosen));

            HttpResponse<String> all = server.patch("/v1/tenants/acme", ADMIN_KEY, "{\"send_transports\": null}");
            assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
            assertThat(TestServer.json(all)).isEqualTo(before);
            assertThat(TestServer.json(server.get("/v1/tenants/acme", ADMIN_KEY))).isEqualTo(before);
        }
    }

    @EachDatabase
    void aChoiceThatNamesNoConfiguredTransportOnceEachIs422NamingTheEntry(TestDatabase db) {
        try (TestServer server = withTransports(db)) {
            server.post("/v1/tenants", ADMIN_KEY, "{\"id\": \"acme\", \"name\": \"Acme\"}");
            server.patch("/v1/tenants/acme", ADMIN_KEY, "{\"send_transports\": [\"eu-relay\"]}");

            assertPatchRejected(server, "{\"send_transports\": \"eu-relay\"}", "send_transports");
            assertPatchRejected(server, "{\"send_transports\": {\"0\": \"eu-relay\"}}", "send_transports");
            assertPatchRejected(server, "{\"send_transports\": []}", "send_transports");
            assertPatchRejected(server, "{\"send_transports\": [\"eu-relay\", 7]}", "send_transports[1]");
            assertPatchRejected(server, "{\"send_transports\": [null]}", "send_transports[0]");
            assertPatchRejected(server, "{\"send_transports\": [\"sendgrid\", \"sendgrid\"]}", "send_transports[1]");
            assertPatchRejected(server, "{\"send_transports\": [\"eu-relay\", \"us-relay\"]}", "send_transports[1]");
            assertPatchRejected(server, "{\"send_transports\": [\"smtp\"]}", "send_transports[0]");
            StoredState.assertUnchanged(server, ADMIN_KEY, () -> server.patch("/v1/tenants/acme", ADMIN_KEY,
                    "{\"send_transports\": [\"sendgrid\"], \"plan\": \"gold\"}"), r -> Problems.assertProblem(r, 400, "plan"));
            JsonNode unknown = Problems.assertProblem(server.patch("/v1/tenants/acme", ADMIN_KEY,
                    "{\"send_transports\": [\"us-relay\"]}"), 422, "send_transports[0]");
            assertThat(unknown.get("detail").asText()).contains("eu-relay, sendgrid").doesNotContain("SG.not-a-real-key");
            assertThat(TestServer.json(server.get("/v1/tenants/acme", ADMIN_KEY)).get("send_transports"))
                    .extracting(JsonNode::asText).containsExactly("eu-relay");
        }
    }

    @EachDatabase
    void onAnEngineWithoutTransportsOnlyNullIsTaken(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            server.post("/v1/tenants", ADMIN_KEY, "{\"id\": \"acme\", \"name\": \"Acme\"}");

            JsonNode refused = assertPatchRejected(server, "{\"send_transports\": [\"smtp\"]}", "send_transports");
            assertThat(refused.get("detail").asText()).contains("no transport is configured");
            HttpResponse<String> all = server.patch("/v1/tenants/acme", ADMIN_KEY, "{\"send_transports\": null}");
            assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
        }
    }

    @EachDatabase
    void choosingTransportsIsForAdminKeysAndKnownTenants(TestDatabase db) {
        try (TestServer server = withTransports(db)) {
            String key = server.tenantKey("acme");
            String body = "{\"send_transports\": [\"eu-relay\"]}";

            StoredState.assertUnchanged(server, ADMIN_KEY, () -> server.patch("/v1/tenants/nope", ADMIN_KEY, body),
                    r -> Problems.assertProblem(r, 404));
            StoredState.assertUnchanged(server, ADMIN_KEY, () -> server.patch("/v1/tenants/acme", key, body),
                    r -> Problems.assertProblem(r, 403));
            StoredState.assertUnchanged(server, ADMIN_KEY, () -> server.send(server.request("/v1/tenants/acme")
                    .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                    .build()), r -> Problems.assertProblem(r, 401));
        }
    }

    private static JsonNode assertPatchRejected(TestServer server, String body, String field) {
        return TestServer.json(StoredState.assertUnchanged(server, ADMIN_KEY,
                () -> server.patch("/v1/tenants/acme", ADMIN_KEY, body), r -> Problems.assertProblem(r, 422, field)));
    }

    private static void assertRejected(TestServer server, String body, int status, String field) {
        StoredState.assertUnchanged(server, ADMIN_KEY, () -> server.post("/v1/tenants", ADMIN_KEY, body), r -> {
            if (field == null) {
                Problems.assertProblem(r, status);
            } else {
                Problems.assertProblem(r, status, field);
            }
        });
    }
}
