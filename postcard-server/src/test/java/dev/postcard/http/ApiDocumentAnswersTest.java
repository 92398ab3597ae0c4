package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Real answers of a running server, successes and problems, each one announced by the API document: a
 * documented status and media type, and a body that meets the document's schema for them.
 */
class ApiDocumentAnswersTest {

    @EachDatabase
    void webhookAndDeliveryAnswersMeetTheirSchemas(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            ApiContract contract = ApiContract.of(server, "");
            ApiSamples samples = ApiSamples.create(server, contract);
            String webhook = "/v1/webhooks/" + samples.webhookId();

            expect(contract, server.get("/v1/webhooks", ADMIN_KEY), 200);
            expect(contract, server.get(webhook, ADMIN_KEY), 200);
            expect(contract, Webhooks.patch(server, webhook, ADMIN_KEY, "{\"enabled\": false}"), 200);
            expect(contract, server.get(webhook, ADMIN_KEY), 200); // now with disabled_reason
            expect(contract, Webhooks.patch(server, webhook, ADMIN_KEY, "{\"enabled\": true}"), 200);
            expect(contract, server.post(webhook + "/rotate-secret", ADMIN_KEY, ""), 200);
            expect(contract, server.post(webhook + "/rotate-secret", ADMIN_KEY,
                    "{\"secret\": \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"}"), 200);
            expect(contract, server.get(webhook + "/deliveries?status=pending", ADMIN_KEY), 200);
            expect(contract, server.get("/v1/deliveries/" + samples.deliveryId(), ADMIN_KEY), 200);
            expect(contract, server.post("/v1/deliveries/" + samples.deliveryId() + "/retry", ADMIN_KEY, ""), 409);
            String period = "\"since\": \"" + server.now().minus(Duration.ofHours(1)) + "\", \"until\": \""
                    + server.now().plus(Duration.ofHours(1)) + "\"";
            expect(contract, server.post(webhook + "/replay", ADMIN_KEY, "{" + period + ", \"dry_run\": true}"), 200);
            expect(contract, server.post(webhook + "/replay", ADMIN_KEY, "{" + period + "}"), 202);
            expect(contract, server.post(webhook + "/test", ADMIN_KEY, "{\"event_type\": \"email.bounced\"}"), 200);
        }
    }

    @EachDatabase
    void eventEmailAndStatsAnswersMeetTheirSchemas(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            ApiContract contract = ApiContract.of(server, "");
            ApiSamples samples = ApiSamples.create(server, contract);
            String event = "{\"id\": \"evt_app_1\", \"type\": \"email.bounced\", \"data\": {\"to\": \"Bo@Example.com\","
                    + " \"bounce_type\": \"hard\", \"bounce_reason\": \"user_unknown\", \"status_code\": \"5.1.1\"}}";

            expect(contract, server.post("/v1/events", ADMIN_KEY, event), 201);
            expect(contract, server.post("/v1/events", ADMIN_KEY, event), 200);
            expect(contract, server.post("/v1/events", ADMIN_KEY, "[" + event + ", {\"type\": \"email.opened\","
                    + " \"data\": {\"email_id\": \"" + samples.emailId() + "\", \"machine\": true}},"
                    + " {\"type\": \"email.opened\", \"data\": {\"to\": \"not an address\"}}]"), 200);
            expect(contract, server.get("/v1/events?type=bounced&to=bo@example.com&limit=10", ADMIN_KEY), 200);
            expect(contract, server.get("/v1/events/" + samples.eventId(), ADMIN_KEY), 200);

            expect(contract, server.post("/v1/tracking/instrument", ADMIN_KEY, "{\"to\": \"cy@example.com\"}"), 201);
            expect(contract, server.get("/v1/emails/" + samples.emailId(), ADMIN_KEY), 200);
            expect(contract, server.get("/v1/emails/" + samples.emailId() + "/links", ADMIN_KEY), 200);

            expect(contract, server.get("/v1/stats", ADMIN_KEY), 200);
            expect(contract, server.get("/v1/stats?group_by=tag&interval=day", ADMIN_KEY), 200);
            expect(contract, server.get("/v1/stats?group_by=domain&interval=hour", ADMIN_KEY), 200);
            expect(contract, server.get("/v1/stats/links?tag=welcome", ADMIN_KEY), 200);
        }
    }

    @EachDatabase
    void suppressionSourceKeyAndTenantAnswersMeetTheirSchemas(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            ApiContract contract = ApiContract.of(server, "");
            ApiSamples samples = ApiSamples.create(server, contract);

            expect(contract, server.post("/v1/suppressions", ADMIN_KEY, "{\"address\": \"zed@example.com\","
                    + " \"reason\": \"complaint\", \"expires_at\": \"2099-01-01T00:00:00Z\"}"), 200);
            expect(contract, server.get("/v1/suppressions?reason=complaint", ADMIN_KEY), 200);
            expect(contract, server.get("/v1/suppressions?format=csv", ADMIN_KEY), 200);
            expect(contract, server.get("/v1/suppressions/zed%40example.com", ADMIN_KEY), 200);
            expect(contract, server.send(server.request("/v1/suppressions").header("Authorization", "Bearer " + ADMIN_KEY)
                    .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(
                            "address,reason\nann@example.com,manual\nnot-an-address,manual\n")).build()), 200);

            expect(contract, server.get("/v1/sources", ADMIN_KEY), 200);
            expect(contract, server.get("/v1/sources/" + samples.sourceId(), ADMIN_KEY), 200);
            String intake = "/track/webhook/postmark/" + samples.sourceId();
            expect(contract, server.send(server.request(intake).header("Authorization", "Bearer " + samples.sourceToken())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ProviderPayloads.POSTMARK_BOUNCE)).build()), 200);
            expect(contract, server.send(server.request(intake).header("Authorization", "Bearer wrong-token-0123")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ProviderPayloads.POSTMARK_BOUNCE)).build()), 401);

            expect(contract, server.get("/v1/api-keys", ADMIN_KEY), 200);
            expect(contract, server.get("/v1/tenants", ADMIN_KEY), 200);
            expect(contract, server.get("/v1/tenants/" + samples.tenantId(), ADMIN_KEY), 200);
            expect(contract, server.send(server.request("/v1/bounces/classify")
                    .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "message/rfc822")
                    .POST(HttpRequest.BodyPublishers.ofString(BounceSamples.DSN)).build()), 200);
        }
    }

    @EachDatabase
    void templateAnswersMeetTheirSchemas(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            ApiContract contract = ApiContract.of(server, "");
            ApiSamples samples = ApiSamples.create(server, contract);
            String template = "/v1/templates/" + samples.templateId();

            expect(contract, server.get("/v1/templates?limit=10", ADMIN_KEY), 200);
            expect(contract, Webhooks.patch(server, template, ADMIN_KEY, "{\"subject\": null, \"text\": \"Hi\"}"),
                    200);
            expect(contract, server.get(template, ADMIN_KEY), 200);
            expect(contract, server.get(template + "?version=1", ADMIN_KEY), 200);
            expect(contract, server.post(template + "/render", ADMIN_KEY, "{\"variables\": {\"first_name\": \"Ada\"}}"),
                    200);
            Problems.assertProblem(expect(contract, server.post(template + "/render", ADMIN_KEY, ""), 422), 422,
                    "variables.first_name");
            Problems.assertProblem(expect(contract, server.post("/v1/templates", ADMIN_KEY,
                    "{\"name\": \"Bad\", \"html\": \"{{#open}}\"}"), 422), 422, "html");
            Problems.assertProblem(expect(contract, server.post("/v1/templates", ADMIN_KEY,
                    "{\"name\": \"No body\"}"), 400), 400, "html");
            expect(contract, server.get(template + "?version=9", ADMIN_KEY), 404);
            expect(contract, server.delete(template, ADMIN_KEY), 204);
            expect(contract, server.get(template, ADMIN_KEY), 404);
        }
    }

    @EachDatabase
    void trackingAndOperationsAnswersAreTheDocumentedOnes(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            ApiContract contract = ApiContract.of(server, "");
            InstrumentedEmail email = InstrumentedEmail.create(server, ADMIN_KEY, "dee@example.com", "Hi");

            expect(contract, server.send(HttpRequest.newBuilder(server.local(email.openLink())).GET().build()), 200);
            expect(contract, server.send(HttpRequest.newBuilder(server.local(email.clickLinks().getFirst())).GET()
                    .build()), 302);
            expect(contract, server.send(HttpRequest.newBuilder(server.local(email.clickLinks().getFirst()
                    .replace("sig=", "sig=x"))).GET().build()), 400);
            expect(contract, server.send(HttpRequest.newBuilder(server.local(email.unsubscribeLink())).GET().build()),
                    200);
            expect(contract, TrackingHits.postForm(server, email.unsubscribeLink(), "List-Unsubscribe=One-Click"), 200);

            expect(contract, server.get("/healthz"), 200);
            expect(contract, server.get("/readyz"), 200);
            expect(contract, server.get("/metrics"), 200);
            expect(contract, server.get("/openapi.json"), 200);
            expect(contract, server.get("/openapi.yaml"), 200);
        }
    }

    @EachDatabase
    void problemAnswersAreProblemJsonAsDocumented(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            ApiContract contract = ApiContract.of(server, "");
            ApiSamples samples = ApiSamples.create(server, contract);

            expect(contract, server.get("/v1/webhooks"), 401);
            expect(contract, server.get("/v1/webhooks", "pck_not_a_key"), 401);
            Problems.assertProblem(expect(contract, server.post("/v1/webhooks", ADMIN_KEY,
                    "{\"url\": \"ftp://hooks.example.com\", \"events\": [\"*\"]}"), 400), 400, "url");
            expect(contract, server.post("/v1/webhooks", ADMIN_KEY, "{\"url\": "), 400);
            expect(contract, server.send(server.request("/v1/webhooks").header("Authorization", "Bearer " + ADMIN_KEY)
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")).build()), 415);
            expect(contract, server.get("/v1/webhooks/wh_01JDQ4Z6M7X9K2P8R5T3V1W0YA", ADMIN_KEY), 404);
            expect(contract, server.get("/v1/events?since=yesterday", ADMIN_KEY), 400);
            Problems.assertProblem(expect(contract, server.post("/v1/events", ADMIN_KEY,
                    "{\"type\": \"email.teleported\", \"data\": {}}"), 422), 422, "type");
            expect(contract, server.get("/v1/tenants", server.tenantKey(samples.tenantId())), 403);
            expect(contract, server.post("/v1/tenants", ADMIN_KEY, "{\"id\": \"acme\", \"name\": \"Again\"}"), 409);
            // Over the limit, the server answers 413 and closes without reading the body: a client still sending
            // it may see the connection end before the answer, so the request is written on a socket of its own.
            RawHttp.Answer tooLarge = RawHttp.send(server, "POST /v1/api-keys HTTP/1.1\r\nAuthorization: Bearer "
                    + ADMIN_KEY + "\r\nContent-Type: application/json\r\nContent-Length: " + (2 << 20), new byte[0]);
            assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(413);
            contract.assertConforms("POST", "/v1/api-keys", tooLarge);
            expect(contract, server.post("/track/webhook/nosuchprovider", ADMIN_KEY, "{}"), 404);
        }
    }

    /** Asserts the status, and that the document announces the answer. */
    private static HttpResponse<String> expect(ApiContract contract, HttpResponse<String> answer, int status) {
        assertThat(answer.statusCode()).as(answer.request().method() + " " + answer.uri() + ": " + answer.body())
                .isEqualTo(status);
        contract.assertConforms(answer);
        return answer;
    }
}
