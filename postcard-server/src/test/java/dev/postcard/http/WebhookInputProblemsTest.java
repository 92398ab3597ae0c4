package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Bad input to {@code /v1/webhooks} is a 400 problem naming the field, and nothing is stored. */
class WebhookInputProblemsTest {

    @EachDatabase
    void unsafeOrMalformedUrlsAreRefused(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (String url : List.of("http://hooks.example.com/", "https://127.0.0.1/", "https://169.254.169.254/",
                    "https://user:pw@x.example/", "https://localhost/", "not a url", "")) {
                HttpResponse<String> response = server.post("/v1/webhooks", ADMIN_KEY,
                        "{\"url\": " + TestServer.quote(url) + ", \"events\": [\"*\"]}");
                Problems.assertProblem(response, 400, "url");
            }
            assertThat(TestServer.json(server.get("/v1/webhooks", ADMIN_KEY)).get("data")).as("nothing stored").isEmpty();
        }
    }

    @EachDatabase
    void eventsMustNameKnownTypes(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String tooMany = IntStream.range(0, 101).mapToObj(i -> "\"*\"").collect(Collectors.joining(",", "[", "]"));
            for (String events : List.of("[\"email.nonsense\"]", "[]", "\"*\"", "[1]", tooMany)) {
                Problems.assertProblem(server.post("/v1/webhooks", ADMIN_KEY,
                        "{\"url\": \"" + Webhooks.URL + "\", \"events\": " + events + "}"), 400, "events");
            }
            Problems.assertProblem(server.post("/v1/webhooks", ADMIN_KEY, "{\"url\": \"" + Webhooks.URL + "\"}"),
                    400, "events");
        }
    }

    @EachDatabase
    void secretAndDescriptionAreChecked(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            Problems.assertProblem(server.post("/v1/webhooks", ADMIN_KEY, "{\"url\": \"" + Webhooks.URL
                    + "\", \"events\": [\"*\"], \"secret\": \"whsec_c2hvcnQ=\"}"), 400, "secret");
            Problems.assertProblem(server.post("/v1/webhooks", ADMIN_KEY, "{\"url\": \"" + Webhooks.URL
                    + "\", \"events\": [\"*\"], \"secret\": \"password\"}"), 400, "secret");
            Problems.assertProblem(server.post("/v1/webhooks", ADMIN_KEY, "{\"url\": \"" + Webhooks.URL
                    + "\", \"events\": [\"*\"], \"description\": \"" + "x".repeat(501) + "\"}"), 400, "description");
        }
    }

    @EachDatabase
    void unknownFieldsAreRefused(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            Problems.assertProblem(server.post("/v1/webhooks", ADMIN_KEY, "{\"url\": \"" + Webhooks.URL
                    + "\", \"events\": [\"*\"], \"evnets\": [\"*\"]}"), 400, "evnets");
            String id = Webhooks.createFor(server, ADMIN_KEY, "[\"*\"]");
            Problems.assertProblem(Webhooks.patch(server, "/v1/webhooks/" + id, ADMIN_KEY, "{\"secret\": \"x\"}"),
                    400, "secret");
            Problems.assertProblem(Webhooks.patch(server, "/v1/webhooks/" + id, ADMIN_KEY,
                    "{\"url\": \"https://10.0.0.1/\"}"), 400, "url");
            Problems.assertProblem(server.post("/v1/webhooks/" + id + "/rotate-secret", ADMIN_KEY, "{\"key\": \"x\"}"),
                    400, "key");
            Problems.assertProblem(server.post("/v1/webhooks/" + id + "/replay", ADMIN_KEY,
                    "{\"since\": \"2026-01-01T00:00:00Z\", \"until\": \"2026-02-01T00:00:00Z\", \"type\": []}"),
                    400, "type");
        }
    }

    @EachDatabase
    void replayNeedsAnOrderedPeriodAndKnownTypes(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String id = Webhooks.createFor(server, ADMIN_KEY, "[\"*\"]");
            String path = "/v1/webhooks/" + id + "/replay";
            Problems.assertProblem(server.post(path, ADMIN_KEY, "{\"until\": \"2026-02-01T00:00:00Z\"}"), 400, "since");
            Problems.assertProblem(server.post(path, ADMIN_KEY, "{\"since\": \"2026-02-01T00:00:00Z\"}"), 400, "until");
            Problems.assertProblem(server.post(path, ADMIN_KEY,
                    "{\"since\": \"yesterday\", \"until\": \"2026-02-01T00:00:00Z\"}"), 400, "since");
            Problems.assertProblem(server.post(path, ADMIN_KEY,
                    "{\"since\": \"2026-02-01T00:00:00Z\", \"until\": \"2026-02-01T00:00:00Z\"}"), 400, "until");
            Problems.assertProblem(server.post(path, ADMIN_KEY, "{\"since\": \"2026-01-01T00:00:00Z\","
                    + " \"until\": \"2026-02-01T00:00:00Z\", \"types\": [\"email.nonsense\"]}"), 400, "types");
        }
    }

    @EachDatabase
    void everyRouteNeedsAKey(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String id = Webhooks.createFor(server, ADMIN_KEY, "[\"*\"]");
            List<HttpRequest> requests = List.of(
                    server.request("/v1/webhooks").GET().build(),
                    server.request("/v1/webhooks").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    server.request("/v1/webhooks/" + id).GET().build(),
                    server.request("/v1/webhooks/" + id).method("PATCH", HttpRequest.BodyPublishers.ofString("{}")).build(),
                    server.request("/v1/webhooks/" + id).DELETE().build(),
                    server.request("/v1/webhooks/" + id + "/rotate-secret").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    server.request("/v1/webhooks/" + id + "/deliveries").GET().build(),
                    server.request("/v1/webhooks/" + id + "/replay").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    server.request("/v1/deliveries/dlv_1").GET().build(),
                    server.request("/v1/deliveries/dlv_1/retry").POST(HttpRequest.BodyPublishers.noBody()).build());
            for (HttpRequest request : requests) {
                Problems.assertProblem(server.send(request), 401);
            }
            assertThat(server.get("/v1/webhooks/" + id, ADMIN_KEY).statusCode()).as("not deleted").isEqualTo(200);
        }
    }
}
