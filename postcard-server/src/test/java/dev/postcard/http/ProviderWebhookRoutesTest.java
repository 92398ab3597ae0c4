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
import java.util.Base64;

/** {@code /v1/sources} and {@code POST /track/webhook/...} through a real server. */
class ProviderWebhookRoutesTest {
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString("hooks:long-enough-password".getBytes(StandardCharsets.UTF_8));

    private static HttpResponse<String> sendgrid(TestServer server, String path, KeyPair keys, String body) {
        String ts = String.valueOf(server.now().getEpochSecond());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return server.send(server.request(path).header("Content-Type", "application/json")
                .header("X-Twilio-Email-Event-Webhook-Timestamp", ts)
                .header("X-Twilio-Email-Event-Webhook-Signature", ProviderSigning.sendGridSignature(keys, ts, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    private static HttpResponse<String> postmark(TestServer server, String path, String authorization, String body) {
        HttpRequest.Builder request = server.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return server.send(request.build());
    }

    private static JsonNode createSource(TestServer server, String key, String json) {
        HttpResponse<String> response = server.post("/v1/sources", key, json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return TestServer.json(response);
    }

    @EachDatabase
    void aSignedBatchIsStoredOnceAndTheRetryIsReportedAsDuplicates(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            KeyPair keys = ProviderSigning.sendGridKeys();
            JsonNode source = createSource(server, ADMIN_KEY, "{\"provider\":\"sendgrid\",\"public_key\":\""
                    + ProviderSigning.publicKeyBase64(keys) + "\"}");
            assertThat(source.get("id").asText()).startsWith("src_");
            assertThat(source.get("url").asText()).isEqualTo(TestServer.PUBLIC_URL + "/track/webhook/sendgrid/"
                    + source.get("id").asText());
            String path = "/track/webhook/sendgrid/" + source.get("id").asText();

            HttpResponse<String> first = sendgrid(server, path, keys, ProviderPayloads.SENDGRID_BATCH);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            JsonNode answer = TestServer.json(first);
            assertThat(answer.get("received").asInt()).isEqualTo(3);
            assertThat(answer.get("stored").asInt()).isEqualTo(3);
            assertThat(answer.get("failed")).isEmpty();
            JsonNode retry = TestServer.json(sendgrid(server, path, keys, ProviderPayloads.SENDGRID_BATCH));
            assertThat(retry.get("stored").asInt()).isZero();
            assertThat(retry.get("duplicates").asInt()).isEqualTo(3);

            // email.* only: the hard bounce also suppresses bob@, which the engine announces with its own event.
            com.fasterxml.jackson.databind.node.ArrayNode events = TestServer.json(server.get("/v1/events?limit=50", ADMIN_KEY))
                    .get("data").deepCopy();
            events.removeIf(e -> !e.get("type").asText().startsWith("email."));
            assertThat(events).hasSize(3);
            JsonNode bounce = events.findParents("type").stream()
                    .filter(e -> e.path("type").asText().equals("email.bounced")).findFirst().orElseThrow();
            assertThat(bounce.at("/data/provider").asText()).isEqualTo("sendgrid");
            assertThat(bounce.at("/data/bounce_type").asText()).isEqualTo("hard");
            assertThat(bounce.at("/data/status_code").asText()).isEqualTo("5.1.1");
            // The delivered event came back with our id in SendGrid's custom args: it belongs to that message.
            JsonNode processed = events.findParents("type").stream()
                    .filter(e -> e.path("type").asText().equals("email.sent")).findFirst().orElseThrow();
            assertThat(processed.at("/data/email_id").asText()).isEqualTo("msg_01JDQ4YB2C3D4E5F6G7H8J9K0M");
        }
    }

    @EachDatabase
    void badSignaturesAndCredentialsAre401AndStoreNothing(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            KeyPair keys = ProviderSigning.sendGridKeys();
            String sendgridPath = "/track/webhook/sendgrid/" + createSource(server, ADMIN_KEY,
                    "{\"provider\":\"sendgrid\",\"public_key\":\"" + ProviderSigning.publicKeyBase64(keys) + "\"}").get("id").asText();
            String postmarkPath = "/track/webhook/postmark/" + createSource(server, ADMIN_KEY,
                    "{\"provider\":\"postmark\",\"basic_auth\":{\"username\":\"hooks\",\"password\":\"long-enough-password\"}}").get("id").asText();
            StoredState.assertUnchanged(server, ADMIN_KEY, () -> sendgrid(server, sendgridPath,
                    ProviderSigning.sendGridKeys(), ProviderPayloads.SENDGRID_BATCH), r -> Problems.assertProblem(r, 401));
            StoredState.assertUnchanged(server, ADMIN_KEY, () -> server.send(server.request(sendgridPath)
                    .POST(HttpRequest.BodyPublishers.ofString(ProviderPayloads.SENDGRID_BATCH)).build()),
                    r -> Problems.assertProblem(r, 401));
            String wrong = "Basic " + Base64.getEncoder().encodeToString("hooks:wrong-password-x".getBytes(StandardCharsets.UTF_8));
            StoredState.assertUnchanged(server, ADMIN_KEY, () -> postmark(server, postmarkPath, wrong,
                    ProviderPayloads.POSTMARK_BOUNCE), r -> Problems.assertProblem(r, 401));
            StoredState.assertUnchanged(server, ADMIN_KEY, () -> postmark(server, postmarkPath, null,
                    ProviderPayloads.POSTMARK_BOUNCE), r -> Problems.assertProblem(r, 401));
            // The admin API key is no credential for a provider source.
            StoredState.assertUnchanged(server, ADMIN_KEY, () -> postmark(server, postmarkPath, "Bearer " + ADMIN_KEY,
                    ProviderPayloads.POSTMARK_BOUNCE), r -> Problems.assertProblem(r, 401));
        }
    }

    @EachDatabase
    void malformedOversizedAndUnknownAreProblems(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String id = createSource(server, ADMIN_KEY,
                    "{\"provider\":\"postmark\",\"basic_auth\":{\"username\":\"hooks\",\"password\":\"long-enough-password\"}}").get("id").asText();
            String path = "/track/webhook/postmark/" + id;
            for (String body : new String[] {"", "{", "[1,2", "not json", "{\"RecordType\":\"Bounce\"} trailing"}) {
                StoredState.assertUnchanged(server, ADMIN_KEY, () -> postmark(server, path, BASIC, body),
                        r -> Problems.assertProblem(r, 400));
            }
            String huge = "{\"RecordType\":\"Delivery\",\"Details\":\"" + "x".repeat(1_100_000) + "\"}";
            StoredState.assertUnchanged(server, ADMIN_KEY, () -> postmark(server, path, BASIC, huge),
                    r -> Problems.assertProblem(r, 413));
            Problems.assertProblem(postmark(server, "/track/webhook/nosuchprovider", BASIC, "{}"), 404);
            Problems.assertProblem(postmark(server, "/track/webhook/postmark/src_01JDQ4Z6M7X9K2P8R5T3V1W0YA", BASIC, "{}"), 404);
            Problems.assertProblem(postmark(server, "/track/webhook/sendgrid/" + id, BASIC, "{}"), 404);
            Problems.assertProblem(server.send(server.request(path).GET().build()), 405);
        }
    }

    @EachDatabase
    void theProviderWideAddressServesTheDefaultTenantsFirstSource(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String acmeKey = server.tenantKey("acme");
            createSource(server, acmeKey,
                    "{\"provider\":\"postmark\",\"basic_auth\":{\"username\":\"hooks\",\"password\":\"long-enough-password\"}}");
            Problems.assertProblem(postmark(server, "/track/webhook/postmark", BASIC, ProviderPayloads.POSTMARK_BOUNCE), 404);
            createSource(server, ADMIN_KEY,
                    "{\"provider\":\"postmark\",\"basic_auth\":{\"username\":\"hooks\",\"password\":\"long-enough-password\"}}");
            HttpResponse<String> ok = postmark(server, "/track/webhook/postmark", BASIC, ProviderPayloads.POSTMARK_BOUNCE);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(TestServer.json(server.get("/v1/events?type=email.bounced", ADMIN_KEY)).get("data")).hasSize(1);
            assertThat(TestServer.json(server.get("/v1/events?type=email.bounced", acmeKey)).get("data")).isEmpty();
        }
    }

    @EachDatabase
    void sourcesAreListedWithoutSecretsAndIsolatedByTenant(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String acmeKey = server.tenantKey("acme");
            JsonNode created = createSource(server, acmeKey, "{\"provider\":\"mailgun\",\"signing_key\":\"key-very-secret-0123456789\","
                    + "\"tolerance_seconds\":600,\"keep_raw\":true}");
            assertThat(created.toString()).doesNotContain("key-very-secret-0123456789");
            assertThat(created.get("tolerance_seconds").asInt()).isEqualTo(600);
            assertThat(created.get("keep_raw").asBoolean()).isTrue();
            String id = created.get("id").asText();
            JsonNode list = TestServer.json(server.get("/v1/sources", acmeKey));
            assertThat(list.get("data")).hasSize(1);
            assertThat(list.get("next_cursor").isNull()).isTrue();
            assertThat(list.toString()).doesNotContain("key-very-secret-0123456789");
            assertThat(TestServer.json(server.get("/v1/sources", ADMIN_KEY)).get("data")).isEmpty();
            Problems.assertProblem(server.get("/v1/sources/" + id, ADMIN_KEY), 404);
            Problems.assertProblem(server.delete("/v1/sources/" + id, ADMIN_KEY), 404);
            assertThat(server.get("/v1/sources/" + id, acmeKey).statusCode()).isEqualTo(200);
            assertThat(server.delete("/v1/sources/" + id, acmeKey).statusCode()).isEqualTo(204);
            Problems.assertProblem(server.get("/v1/sources/" + id, acmeKey), 404);
            Problems.assertProblem(server.get("/v1/sources"), 401);
        }
    }

    @EachDatabase
    void badSourceSettingsNameTheField(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String[][] cases = {
                {"{\"provider\":\"carrier-pigeon\"}", "422", "provider"},
                {"{}", "400", "provider"},
                {"[]", "400", ""},
                {"{\"provider\":\"sendgrid\"}", "400", "public_key"},
                {"{\"provider\":\"sendgrid\",\"public_key\":\"bm90IGEga2V5\"}", "400", "public_key"},
                {"{\"provider\":\"mailgun\"}", "400", "signing_key"},
                {"{\"provider\":\"resend\",\"secret\":\"whsec_!!\"}", "400", "secret"},
                {"{\"provider\":\"postmark\"}", "400", "basic_auth"},
                {"{\"provider\":\"postmark\",\"token\":\"short\"}", "400", "token"},
                {"{\"provider\":\"postmark\",\"token\":\"long-enough-token\",\"tolerance_seconds\":\"5\"}", "400", "tolerance_seconds"},
                {"{\"provider\":\"postmark\",\"token\":\"long-enough-token\",\"colour\":\"red\"}", "400", "colour"},
                {"{\"provider\":\"ses\",\"topic_arns\":[\"not an arn\"]}", "400", "topic_arns[0]"},
            };
            for (String[] c : cases) {
                StoredState.assertUnchanged(server, ADMIN_KEY, () -> server.post("/v1/sources", ADMIN_KEY, c[0]),
                        r -> {
                            if (c[2].isEmpty()) {
                                Problems.assertProblem(r, Integer.parseInt(c[1]));
                            } else {
                                Problems.assertProblem(r, Integer.parseInt(c[1]), c[2]);
                            }
                        });
            }
            assertThat(TestServer.json(server.get("/v1/sources", ADMIN_KEY)).get("data")).isEmpty();
        }
    }
}
