package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** {@code POSTCARD_BASE_PATH}: every route, and every link put in an email, lives under it. */
class BasePathTest {

    @EachDatabase
    void routesAndLinksLiveUnderTheBasePathOnly(TestDatabase db) {
        try (TestServer server = TestServer.start(TestServer.config(db.url()).withBasePath("/api"))) {
            InstrumentedEmail email = InstrumentedEmail.create(server, ADMIN_KEY, "ada@example.com", "Hello");
            assertThat(email.openLink()).isEqualTo(TestServer.PUBLIC_URL + "/api/track/open/" + email.linkId());
            assertThat(email.clickLinks()).hasSameSizeAs(InstrumentedEmail.TARGETS).allSatisfy(l -> assertThat(l).startsWith(TestServer.PUBLIC_URL + "/api/track/click/"));
            assertThat(email.unsubscribeLink()).startsWith(TestServer.PUBLIC_URL + "/api/track/unsubscribe/");

            TrackingOpenTest.assertPixel(TrackingHits.get(server, email.openLink(), TrackingHits.CHROME));
            assertThat(TrackingHits.get(server, email.clickLinks().getFirst(), TrackingHits.CHROME).statusCode()).isEqualTo(302);
            assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(server.get("/v1/events", ADMIN_KEY).statusCode()).isEqualTo(200);
            assertThat(Events.about(server, ADMIN_KEY, email.emailId(), "email.opened")).hasSize(1);

            for (String path : new String[] {"/healthz", "/metrics", "/v1/events", "/v1/emails/" + email.emailId(),
                    "/track/open/" + email.linkId(), "/api"}) {
                HttpResponse<String> outside = server.send(HttpRequest.newBuilder(server.rootUri(path))
                        .header("Authorization", "Bearer " + ADMIN_KEY).GET().build());
                Problems.assertProblem(outside, 404);
            }
            assertThat(Events.about(server, ADMIN_KEY, email.emailId(), "email.opened")).as("404s record nothing").hasSize(1);
        }
    }
}
