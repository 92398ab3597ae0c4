package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.UnaryOperator;

/** Every {@code /v1} route wants a valid Bearer key, and an admin's X-Tenant-ID must name a tenant. */
class AuthenticationTest {
    /** Each /v1 route with a body it would accept. */
    private static final List<Route> ROUTES = List.of(
            new Route("GET", "/v1/events", null),
            new Route("POST", "/v1/events", Events.envelope("evt_auth", "email.sent", "")),
            new Route("GET", "/v1/events/evt_auth", null),
            new Route("GET", "/v1/emails/msg_auth", null),
            new Route("POST", "/v1/tracking/instrument", "{\"email_id\": \"msg_auth\", \"to\": \"a@example.com\"}"),
            new Route("GET", "/v1/tenants", null),
            new Route("POST", "/v1/tenants", "{\"id\": \"auth\", \"name\": \"Auth\"}"),
            new Route("GET", "/v1/api-keys", null),
            new Route("POST", "/v1/api-keys", "{\"name\": \"auth\"}"),
            new Route("DELETE", "/v1/api-keys/key_auth", null));

    private record Route(String method, String path, String body) {
        HttpResponse<String> send(TestServer server, UnaryOperator<HttpRequest.Builder> auth) {
            HttpRequest.Builder request = server.request(path).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            return server.send(auth.apply(request).build());
        }
    }

    @EachDatabase
    void everyRouteRefusesMissingMalformedOrUnknownKeysWith401(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            List<UnaryOperator<HttpRequest.Builder>> badAuth = List.of(
                    r -> r,
                    r -> r.header("Authorization", "Basic eHl6"),
                    r -> r.header("Authorization", "Basic " + ADMIN_KEY),
                    r -> r.header("Authorization", "Bearer"),
                    r -> r.header("Authorization", "Bearer pck_wrong_key_0123456789abcdef"),
                    r -> r.header("Authorization", "Bearer " + ADMIN_KEY + "x"),
                    r -> r.header("Authorization", "Bearer " + "k".repeat(2000)),
                    r -> r.header("Authorization", ADMIN_KEY));
            for (Route route : ROUTES) {
                for (UnaryOperator<HttpRequest.Builder> auth : badAuth) {
                    HttpResponse<String> response = StoredState.assertUnchanged(server, ADMIN_KEY,
                            () -> route.send(server, auth), r -> Problems.assertProblem(r, 401));
                    assertThat(response.headers().firstValue("WWW-Authenticate")).as(route.toString()).hasValue("Bearer");
                }
                // Wrong keys from one address are slowed down (wrongKeysFromOneAddressAreSlowedDown): a minute
                // earns every try back.
                server.clock().advance(java.time.Duration.ofMinutes(1));
            }
        }
    }

    @EachDatabase
    void schemeNameIsCaseInsensitive(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            assertThat(server.send(server.request("/v1/events").header("Authorization", "bearer " + ADMIN_KEY)
                    .GET().build()).statusCode()).isEqualTo(200);
        }
    }

    @EachDatabase
    void adminNamingAnUnknownTenantIs404OnEveryRoute(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (Route route : ROUTES) {
                StoredState.assertUnchanged(server, ADMIN_KEY, () -> route.send(server,
                        r -> r.header("Authorization", "Bearer " + ADMIN_KEY).header("X-Tenant-ID", "no-such-tenant")),
                        r -> Problems.assertProblem(r, 404));
            }
        }
    }

    @EachDatabase
    void revokedKeyIsRefusedAtOnce(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            HttpResponse<String> created = server.post("/v1/api-keys", ADMIN_KEY, "{\"name\": \"short-lived\"}");
            String key = TestServer.json(created).get("key").asText();
            String id = TestServer.json(created).get("id").asText();
            assertThat(server.get("/v1/events", key).statusCode()).isEqualTo(200);

            assertThat(server.delete("/v1/api-keys/" + id, ADMIN_KEY).statusCode()).isEqualTo(204);

            for (Route route : ROUTES) {
                Problems.assertProblem(route.send(server, r -> r.header("Authorization", "Bearer " + key)), 401);
            }
        }
    }
}
