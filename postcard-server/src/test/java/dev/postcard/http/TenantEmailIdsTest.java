package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;

/**
 * Email ids are per tenant: the same id in two tenants is two messages, each with its own events, tracking and
 * provider correlation, and one tenant's ids tell another nothing.
 */
class TenantEmailIdsTest {
    private static final String ID = "msg_order_12345";

    private static InstrumentedEmail instrument(TestServer server, String key, String id, String to) {
        return InstrumentedEmail.create(server, key, "{\"email_id\": \"" + id + "\", \"to\": \"" + to
                + "\", \"subject\": \"Order for " + to + "\", \"html\": " + TestServer.quote(InstrumentedEmail.HTML) + "}");
    }

    private static JsonNode email(TestServer server, String key, String id) {
        HttpResponse<String> response = server.get("/v1/emails/" + id, key);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestServer.json(response);
    }

    private static List<String> timelineTypes(JsonNode email) {
        return email.get("events").findValuesAsText("type");
    }

    @EachDatabase
    void twoTenantsUseOneEmailIdAsTwoIndependentMessages(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String keyA = server.tenantKey("tenant-a");
            String keyB = server.tenantKey("tenant-b");
            String body = "{\"email_id\": \"" + ID + "\", \"to\": \"%s\", \"subject\": \"%s\"}";

            assertThat(server.post("/v1/tracking/instrument", keyA, body.formatted("ann@a.example", "A")).statusCode())
                    .isEqualTo(201);
            assertThat(server.post("/v1/tracking/instrument", keyB, body.formatted("bob@b.example", "B")).statusCode())
                    .as("another tenant's id is not taken").isEqualTo(201);
            HttpResponse<String> delivered = server.post("/v1/events", keyA,
                    "{\"type\": \"email.delivered\", \"data\": {\"email_id\": \"" + ID + "\"}}");
            HttpResponse<String> complained = server.post("/v1/events", keyB,
                    "{\"type\": \"email.complained\", \"data\": {\"email_id\": \"" + ID + "\"}}");
            assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(201);
            assertThat(complained.statusCode()).as(complained.body()).isEqualTo(201);

            JsonNode a = email(server, keyA, ID);
            assertThat(a.get("to").asText()).isEqualTo("ann@a.example");
            assertThat(a.get("status").asText()).isEqualTo("delivered");
            assertThat(timelineTypes(a)).containsExactly("email.delivered");
            assertThat(a.at("/events/0/data/to").asText()).as("enriched from its own tenant's message")
                    .isEqualTo("ann@a.example");
            JsonNode b = email(server, keyB, ID);
            assertThat(b.get("to").asText()).isEqualTo("bob@b.example");
            assertThat(b.get("status").asText()).isEqualTo("complained");
            assertThat(timelineTypes(b)).containsExactly("email.complained");
            assertThat(b.at("/events/0/data/subject").asText()).isEqualTo("B");
            assertThat(Events.list(server, keyA, "email_id=" + ID)).extracting(e -> e.get("type").asText())
                    .containsExactly("email.delivered");

            // A third tenant sees nothing of either; the owner gets its 409 for its own id only.
            Problems.assertProblem(server.get("/v1/emails/" + ID, ADMIN_KEY), 404);
            assertThat(Events.list(server, ADMIN_KEY, "email_id=" + ID)).isEmpty();
            Problems.assertProblem(server.post("/v1/tracking/instrument", keyA, body.formatted("x@a.example", "X")),
                    409, "email_id");
            assertThat(email(server, keyB, ID).get("to").asText()).isEqualTo("bob@b.example");
        }
    }

    @EachDatabase
    void trackingHitsLandOnTheTenantWhoseLinkWasHit(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String keyA = server.tenantKey("tenant-a");
            String keyB = server.tenantKey("tenant-b");
            InstrumentedEmail a = instrument(server, keyA, ID, "ann@a.example");
            InstrumentedEmail b = instrument(server, keyB, ID, "bob@b.example");
            assertThat(a.linkId()).isNotEqualTo(b.linkId()).endsWith(ID);

            TrackingOpenTest.assertPixel(TrackingHits.get(server, a.openLink(), TrackingHits.CHROME));
            assertThat(TrackingHits.get(server, b.clickLinks().getFirst(), TrackingHits.CHROME).statusCode())
                    .isEqualTo(302);
            assertThat(TrackingHits.postForm(server, a.unsubscribeLink(), "List-Unsubscribe=One-Click").statusCode())
                    .isEqualTo(200);

            assertThat(email(server, keyA, ID).at("/opens/total").asLong()).isEqualTo(1);
            assertThat(email(server, keyB, ID).at("/opens/total").asLong()).isZero();
            assertThat(Events.about(server, keyA, ID, "email.opened")).singleElement()
                    .satisfies(e -> assertThat(e.at("/data/to").asText()).isEqualTo("ann@a.example"));
            assertThat(Events.about(server, keyB, ID, "email.clicked")).singleElement()
                    .satisfies(e -> assertThat(e.at("/data/to").asText()).isEqualTo("bob@b.example"));
            assertThat(Events.about(server, keyA, ID, "email.clicked")).isEmpty();
            assertThat(Events.about(server, keyA, ID, "email.unsubscribed")).hasSize(1);
            assertThat(Events.about(server, keyB, ID, "email.unsubscribed")).isEmpty();
            assertThat(server.get("/v1/suppressions/ann@a.example", keyA).statusCode()).isEqualTo(200);
            Problems.assertProblem(server.get("/v1/suppressions/ann@a.example", keyB), 404);

            // The signature covers the tenant: B's signed click moved onto A's message is refused.
            String moved = InstrumentedEmail.clickLink(a.linkId(), InstrumentedEmail.targetOf(b.clickLinks().getFirst()),
                    InstrumentedEmail.sigOf(b.clickLinks().getFirst()));
            assertThat(TrackingHits.get(server, moved, TrackingHits.CHROME).statusCode()).isEqualTo(400);
            assertThat(Events.about(server, keyA, ID, "email.clicked")).isEmpty();
        }
    }

    @EachDatabase
    void aLinkWithoutTenantCountsOnlyWhileOneTenantHasTheId(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String keyA = server.tenantKey("tenant-a");
            String keyB = server.tenantKey("tenant-b");
            instrument(server, keyA, ID, "ann@a.example");
            String bare = TestServer.PUBLIC_URL + "/track/open/" + ID;

            TrackingOpenTest.assertPixel(TrackingHits.get(server, bare, TrackingHits.CHROME));
            assertThat(email(server, keyA, ID).at("/opens/total").asLong()).as("the only holder").isEqualTo(1);

            instrument(server, keyB, ID, "bob@b.example");
            // Which tenant a bare link names is trusted for a few seconds, as another node would see B's id late.
            server.clock().advance(Duration.ofSeconds(6));
            TrackingOpenTest.assertPixel(TrackingHits.get(server, bare, TrackingHits.CHROME));
            assertThat(email(server, keyA, ID).at("/opens/total").asLong()).as("no tenant is guessed").isEqualTo(1);
            assertThat(email(server, keyB, ID).at("/opens/total").asLong()).isZero();
        }
    }

    @EachDatabase
    void providerEventsLandOnTheMessageOfTheSourcesTenant(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String keyA = server.tenantKey("tenant-a");
            String keyB = server.tenantKey("tenant-b");
            // The id SendGrid brings back in the batch's custom args.
            String id = "msg_01JDQ4YB2C3D4E5F6G7H8J9K0M";
            instrument(server, keyA, id, "ann@example.com");
            instrument(server, keyB, id, "ann@example.com");
            KeyPair keys = ProviderSigning.sendGridKeys();
            String source = "{\"provider\":\"sendgrid\",\"public_key\":\"" + ProviderSigning.publicKeyBase64(keys) + "\"}";
            HttpResponse<String> created = server.post("/v1/sources", keyA, source);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(server.post("/v1/sources", keyB, source).statusCode()).isEqualTo(201);

            String ts = String.valueOf(server.now().getEpochSecond());
            byte[] batch = ProviderPayloads.SENDGRID_BATCH.getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> received = server.send(server.request("/track/webhook/sendgrid/"
                    + TestServer.json(created).get("id").asText()).header("Content-Type", "application/json")
                    .header("X-Twilio-Email-Event-Webhook-Timestamp", ts)
                    .header("X-Twilio-Email-Event-Webhook-Signature", ProviderSigning.sendGridSignature(keys, ts, batch))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(batch)).build());
            assertThat(received.statusCode()).as(received.body()).isEqualTo(200);

            JsonNode a = email(server, keyA, id);
            assertThat(a.get("status").asText()).isEqualTo("sent");
            assertThat(timelineTypes(a)).contains("email.sent");
            JsonNode b = email(server, keyB, id);
            assertThat(b.get("status").asText()).isEqualTo("created");
            assertThat(b.get("events")).isEmpty();
            assertThat(Events.list(server, keyB, "")).noneMatch(e -> e.get("type").asText().startsWith("email."));
        }
    }
}
