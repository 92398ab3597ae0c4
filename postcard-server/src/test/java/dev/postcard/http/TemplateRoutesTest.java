package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /v1/templates}: the answers, the problems (each naming its field, and changing nothing: every change
 * to a template records a {@code template.*} event, which {@link StoredState} reads), and tenant isolation.
 */
class TemplateRoutesTest {
    private static final String WELCOME = "{\"name\": \"Welcome\", \"subject\": \"Hi {{first_name}}\","
            + " \"html\": \"<p>Hi {{first_name}}</p><a href=\\\"{{unsubscribe_url}}\\\">out</a>\"}";

    private static String create(TestServer server, String key, String json) {
        HttpResponse<String> created = server.post("/v1/templates", key, json);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return TestServer.json(created).get("id").asText();
    }

    private static HttpResponse<String> patch(TestServer server, String path, String key, String json) {
        return Webhooks.patch(server, path, key, json);
    }

    @EachDatabase
    void aTemplateIsCreatedReadChangedRenderedAndDeleted(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            HttpResponse<String> created = server.post("/v1/templates", ADMIN_KEY, WELCOME);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode template = TestServer.json(created);
            String id = template.get("id").asText();
            assertThat(id).startsWith("tpl_");
            assertThat(template.properties()).extracting(e -> e.getKey()).containsExactly("id", "name", "version",
                    "subject", "html", "text", "created_at", "updated_at");
            assertThat(template.get("version").asInt()).isEqualTo(1);
            assertThat(template.get("text").isNull()).isTrue();
            String path = "/v1/templates/" + id;
            assertThat(TestServer.json(server.get(path, ADMIN_KEY))).isEqualTo(template);

            HttpResponse<String> changed = patch(server, path, ADMIN_KEY,
                    "{\"subject\": null, \"text\": \"Hi {{first_name}}, {{unsubscribe_url}}\"}");
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
            JsonNode second = TestServer.json(changed);
            assertThat(second.get("version").asInt()).isEqualTo(2);
            assertThat(second.get("subject").isNull()).isTrue();
            assertThat(second.get("html")).isEqualTo(template.get("html"));
            assertThat(TestServer.json(server.get(path + "?version=1", ADMIN_KEY))).isEqualTo(template);
            assertThat(TestServer.json(server.get(path, ADMIN_KEY))).isEqualTo(second);

            JsonNode list = TestServer.json(server.get("/v1/templates", ADMIN_KEY));
            assertThat(list.get("data")).containsExactly(second);
            assertThat(list.get("next_cursor").isNull()).isTrue();

            HttpResponse<String> rendered = server.post(path + "/render", ADMIN_KEY,
                    "{\"variables\": {\"first_name\": \"<Ada>\"}}");
            assertThat(rendered.statusCode()).as(rendered.body()).isEqualTo(200);
            assertThat(TestServer.json(rendered)).isEqualTo(TestServer.json("{\"template_id\": \"" + id + "\","
                    + " \"version\": 2, \"subject\": null, \"html\": \"<p>Hi &lt;Ada&gt;</p><a href=\\\"{{unsubscribe_url}}\\\">"
                    + "out</a>\", \"text\": \"Hi <Ada>, {{unsubscribe_url}}\"}"));
            JsonNode first = TestServer.json(server.post(path + "/render", ADMIN_KEY,
                    "{\"variables\": {\"first_name\": \"Bo\"}, \"version\": 1}"));
            assertThat(first.get("version").asInt()).isEqualTo(1);
            assertThat(first.get("subject").asText()).isEqualTo("Hi Bo");

            HttpResponse<String> deleted = server.delete(path, ADMIN_KEY);
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
            Problems.assertProblem(server.get(path, ADMIN_KEY), 404);
            assertThat(TestServer.json(server.get("/v1/templates", ADMIN_KEY)).get("data")).isEmpty();

            List<String> announced = Events.list(server, ADMIN_KEY, "limit=10").stream()
                    .filter(e -> e.get("type").asText().startsWith("template."))
                    .map(e -> e.get("type").asText() + " v" + e.at("/data/version").asInt()).toList();
            assertThat(announced).containsExactly("template.deleted v2", "template.updated v2", "template.created v1");
        }
    }

    @EachDatabase
    void badRequestsAreProblemsNamingTheFieldAndChangeNothing(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String id = create(server, ADMIN_KEY, WELCOME);
            String path = "/v1/templates/" + id;
            String missing = "/v1/templates/tpl_01JDQ4Z6M7X9K2P8R5T3V1W0YA";
            record Case(String what, Supplier<HttpResponse<String>> request, int status, String field) {
            }
            List<Case> cases = List.of(
                    new Case("not an object", () -> server.post("/v1/templates", ADMIN_KEY, "[]"), 400, ""),
                    new Case("unknown field", () -> server.post("/v1/templates", ADMIN_KEY,
                            "{\"name\": \"x\", \"html\": \"x\", \"colour\": \"red\"}"), 400, "colour"),
                    new Case("no name", () -> server.post("/v1/templates", ADMIN_KEY, "{\"html\": \"x\"}"), 400, "name"),
                    new Case("name not text", () -> server.post("/v1/templates", ADMIN_KEY,
                            "{\"name\": 7, \"html\": \"x\"}"), 400, "name"),
                    new Case("long name", () -> server.post("/v1/templates", ADMIN_KEY,
                            "{\"name\": \"" + "n".repeat(201) + "\", \"html\": \"x\"}"), 400, "name"),
                    new Case("html not text", () -> server.post("/v1/templates", ADMIN_KEY,
                            "{\"name\": \"x\", \"html\": {}}"), 400, "html"),
                    new Case("long subject", () -> server.post("/v1/templates", ADMIN_KEY,
                            "{\"name\": \"x\", \"html\": \"x\", \"subject\": \"" + "s".repeat(999) + "\"}"), 400, "subject"),
                    new Case("no body part", () -> server.post("/v1/templates", ADMIN_KEY,
                            "{\"name\": \"x\", \"subject\": \"Hi\"}"), 400, "html"),
                    new Case("html does not parse", () -> server.post("/v1/templates", ADMIN_KEY,
                            "{\"name\": \"x\", \"html\": \"{{#a}}\"}"), 422, "html"),
                    new Case("subject does not parse", () -> server.post("/v1/templates", ADMIN_KEY,
                            "{\"name\": \"x\", \"html\": \"x\", \"subject\": \"{{/a}}\"}"), 422, "subject"),
                    new Case("a partial", () -> server.post("/v1/templates", ADMIN_KEY,
                            "{\"name\": \"x\", \"text\": \"{{> footer}}\"}"), 422, "text"),
                    new Case("empty change", () -> patch(server, path, ADMIN_KEY, "{}"), 400, ""),
                    new Case("name removed", () -> patch(server, path, ADMIN_KEY, "{\"name\": null}"), 400, "name"),
                    new Case("last body part removed", () -> patch(server, path, ADMIN_KEY, "{\"html\": null}"), 400,
                            "html"),
                    new Case("change does not parse", () -> patch(server, path, ADMIN_KEY, "{\"text\": \"{{^x}}\"}"),
                            422, "text"),
                    new Case("change of a missing template", () -> patch(server, missing, ADMIN_KEY,
                            "{\"name\": \"x\"}"), 404, null),
                    new Case("version not a number", () -> server.get(path + "?version=latest", ADMIN_KEY), 400,
                            "version"),
                    new Case("version zero", () -> server.get(path + "?version=0", ADMIN_KEY), 400, "version"),
                    new Case("version never made", () -> server.get(path + "?version=2", ADMIN_KEY), 404, null),
                    new Case("missing template", () -> server.get(missing, ADMIN_KEY), 404, null),
                    new Case("variables not an object", () -> server.post(path + "/render", ADMIN_KEY,
                            "{\"variables\": [\"Ada\"]}"), 400, "variables"),
                    new Case("render version as text", () -> server.post(path + "/render", ADMIN_KEY,
                            "{\"variables\": {\"first_name\": \"Ada\"}, \"version\": \"1\"}"), 400, "version"),
                    new Case("unknown render field", () -> server.post(path + "/render", ADMIN_KEY,
                            "{\"vars\": {}}"), 400, "vars"),
                    new Case("missing variable", () -> server.post(path + "/render", ADMIN_KEY,
                            "{\"variables\": {\"firstname\": \"Ada\"}}"), 422, "variables.first_name"),
                    new Case("null variable", () -> server.post(path + "/render", ADMIN_KEY,
                            "{\"variables\": {\"first_name\": null}}"), 422, "variables.first_name"),
                    new Case("render of a missing template", () -> server.post(missing + "/render", ADMIN_KEY,
                            "{}"), 404, null),
                    new Case("delete of a missing template", () -> server.delete(missing, ADMIN_KEY), 404, null),
                    new Case("no key", () -> server.get(path), 401, null),
                    new Case("wrong key", () -> server.delete(path, "pck_not_a_key_at_all"), 401, null),
                    new Case("no such method", () -> server.send(server.request(path).header("Authorization",
                            "Bearer " + ADMIN_KEY).PUT(HttpRequest.BodyPublishers.ofString(WELCOME)).build()), 405,
                            null),
                    new Case("no such method on render", () -> server.get(path + "/render", ADMIN_KEY), 405, null));
            for (Case c : cases) {
                StoredState.assertUnchanged(server, ADMIN_KEY, c.request(), answer -> {
                    if (c.field() == null) {
                        Problems.assertProblem(answer, c.status());
                    } else {
                        Problems.assertProblem(answer, c.status(), c.field());
                    }
                });
            }
            assertThat(TestServer.json(server.get("/v1/templates", ADMIN_KEY)).get("data")).extracting(t -> t.get("id")
                    .asText() + " v" + t.get("version").asInt()).containsExactly(id + " v1");
        }
    }

    @EachDatabase
    void anotherTenantNeitherSeesNorChangesATemplate(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String id = create(server, ADMIN_KEY, WELCOME);
            String path = "/v1/templates/" + id;
            String acme = server.tenantKey("acme");

            StoredState.assertUnchanged(server, acme, () -> List.of(server.get(path, acme),
                    patch(server, path, acme, "{\"name\": \"Theirs\"}"), server.post(path + "/render", acme,
                            "{\"variables\": {\"first_name\": \"Ada\"}}"), server.delete(path, acme)),
                    answers -> answers.forEach(answer -> Problems.assertProblem(answer, 404)));
            assertThat(TestServer.json(server.get("/v1/templates", acme)).get("data")).isEmpty();
            String theirs = create(server, acme, "{\"name\": \"Acme\", \"text\": \"Hello\"}");
            assertThat(TestServer.json(server.get("/v1/templates", acme)).get("data")).extracting(t -> t.get("id")
                    .asText()).containsExactly(theirs);

            JsonNode mine = TestServer.json(server.get(path, ADMIN_KEY));
            assertThat(mine.get("name").asText()).isEqualTo("Welcome");
            assertThat(mine.get("version").asInt()).isEqualTo(1);
            assertThat(TestServer.json(server.get("/v1/templates", ADMIN_KEY)).get("data")).extracting(t -> t.get("id")
                    .asText()).containsExactly(id);
        }
    }
}
