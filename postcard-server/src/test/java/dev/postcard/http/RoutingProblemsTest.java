package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** Unknown paths, wrong methods, oversized and unreadable requests: problem JSON everywhere, never 500. */
class RoutingProblemsTest {

    @EachDatabase
    void unknownPathIs404ProblemJson(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (String path : List.of("/", "/v2/events", "/v1", "/v1/events/evt_1/extra", "/v1/events/", "/track/open",
                    "/track/open/", "/dashboard/%E2%9C%93", "/v1/nothing?x=1")) {
                Problems.assertProblem(server.get(path, ADMIN_KEY), 404);
                Problems.assertProblem(server.send(server.request(path).POST(HttpRequest.BodyPublishers.noBody()).build()), 404);
            }
        }
    }

    @EachDatabase
    void wrongMethodIs405WithAllow(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            assertMethodNotAllowed(server, "PUT", "/v1/events", "GET, POST");
            assertMethodNotAllowed(server, "DELETE", "/v1/events", "GET, POST");
            assertMethodNotAllowed(server, "PATCH", "/v1/events/evt_1", "GET");
            assertMethodNotAllowed(server, "POST", "/v1/emails/msg_1", "GET, DELETE");
            assertMethodNotAllowed(server, "GET", "/v1/tracking/instrument", "POST");
            assertMethodNotAllowed(server, "DELETE", "/v1/tenants", "GET, POST");
            assertMethodNotAllowed(server, "GET", "/v1/api-keys/key_1", "DELETE");
            assertMethodNotAllowed(server, "POST", "/healthz", "GET, HEAD");
            assertMethodNotAllowed(server, "POST", "/metrics", "GET");
            assertMethodNotAllowed(server, "POST", "/track/open/msg_1", "GET, HEAD");
            assertMethodNotAllowed(server, "DELETE", "/track/click/msg_1", "GET, HEAD");
            assertMethodNotAllowed(server, "PUT", "/track/unsubscribe/msg_1", "GET, HEAD, POST");
        }
    }

    @EachDatabase
    void declaredBodyOverTheLimitIs413OnEveryRoute(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (String target : List.of("POST /v1/events", "POST /v1/tracking/instrument", "POST /v1/tenants",
                    "POST /v1/api-keys", "DELETE /v1/api-keys/key_1", "GET /v1/events", "POST /track/unsubscribe/msg_1?sig=x",
                    "GET /track/open/msg_1", "GET /healthz", "POST /no/such/route")) {
                RawHttp.Answer answer = StoredState.assertUnchanged(server, ADMIN_KEY, () -> RawHttp.send(server,
                        target + " HTTP/1.1\r\nAuthorization: Bearer " + ADMIN_KEY
                                + "\r\nContent-Type: application/json\r\nContent-Length: " + ((1 << 20) + 1), new byte[0]),
                        a -> assertThat(a.status()).as(target).isEqualTo(413));
                assertThat(answer.hasHeader("content-type", "application/problem+json")).as(target).isTrue();
                assertThat(TestServer.json(answer.body()).get("status").asInt()).isEqualTo(413);
            }
        }
    }

    @EachDatabase
    void requestsTheWebServerCannotParseAreProblemJson(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String auth = "\r\nAuthorization: Bearer " + ADMIN_KEY;
            for (String head : List.of("GET /v1/events/%zz HTTP/1.1" + auth, "GET /v1/events?email_id=%zz HTTP/1.1" + auth,
                    "GET /track/click/msg_1?url=%zz&sig=%zz HTTP/1.1", "GET /v1/events HTTP/1.1" + auth + "\r\nX-Tenant-ID: a\u0000b",
                    "GET /v1/events HTTP/1.1\r\nX-Big: " + "a".repeat(70_000),
                    "POST /v1/events HTTP/1.1" + auth + "\r\nContent-Type: application/json\r\nContent-Length: abc")) {
                RawHttp.Answer answer = StoredState.assertUnchanged(server, ADMIN_KEY, () -> RawHttp.send(server, head,
                        new byte[0]), a -> assertThat(a.status()).as(head.substring(0, 40)).isEqualTo(400));
                assertThat(answer.hasHeader("content-type", "application/problem+json")).as(head.substring(0, 40)).isTrue();
                assertThat(TestServer.json(answer.body()).get("status").asInt()).isEqualTo(400);
            }
        }
    }

    @EachDatabase
    void malformedOrTruncatedBodyIs400NotAServerError(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String head = "POST /v1/events HTTP/1.1\r\nAuthorization: Bearer " + ADMIN_KEY
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked";
            RawHttp.Answer badChunk = RawHttp.send(server, head, "zz\r\n{}\r\n0\r\n\r\n".getBytes());
            assertThat(badChunk.status()).isEqualTo(400);
            assertThat(TestServer.json(badChunk.body()).get("status").asInt()).isEqualTo(400);
            assertThat(Events.ids(server, ADMIN_KEY)).isEmpty();
        }
    }

    private static void assertMethodNotAllowed(TestServer server, String method, String path, String allow) {
        HttpResponse<String> response = server.send(server.request(path).header("Authorization", "Bearer " + ADMIN_KEY)
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
        Problems.assertProblem(response, 405);
        assertThat(response.headers().firstValue("Allow")).as(method + " " + path).hasValue(allow);
    }
}
