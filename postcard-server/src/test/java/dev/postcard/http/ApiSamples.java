package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;

/**
 * One object of each kind the API holds, made through the API on a fresh server, every answer checked against
 * the API document: what the document's tests fill its path placeholders with.
 */
record ApiSamples(String linkId, String emailId, String eventId, String webhookId, String deliveryId,
                  String sourceId, String sourceToken, String address, String keyId, String tenantId,
                  String templateId) {
    static final String SOURCE_TOKEN = "postmark-token-0123";

    static ApiSamples create(TestServer server, ApiContract contract) {
        InstrumentedEmail email = InstrumentedEmail.create(server, ADMIN_KEY, "ada@example.com", "Hello");
        String webhookId = created(server, contract, "/v1/webhooks",
                "{\"url\": \"" + Webhooks.URL + "\", \"events\": [\"*\"], \"description\": \"samples\"}");
        String eventId = created(server, contract, "/v1/events", "{\"type\": \"email.delivered\", \"data\": "
                + "{\"email_id\": \"" + email.emailId() + "\", \"smtp_response\": \"250 OK\"}}");
        HttpResponse<String> deliveries = server.get("/v1/webhooks/" + webhookId + "/deliveries", ADMIN_KEY);
        contract.assertConforms(deliveries);
        String deliveryId = TestServer.json(deliveries).path("data").path(0).path("id").asText();
        assertThat(deliveryId).as("the event is owed to the webhook: " + deliveries.body()).startsWith("dlv_");
        String sourceId = created(server, contract, "/v1/sources",
                "{\"provider\": \"postmark\", \"token\": \"" + SOURCE_TOKEN + "\"}");
        HttpResponse<String> suppressed = server.post("/v1/suppressions", ADMIN_KEY,
                "{\"address\": \"zed@example.com\", \"note\": \"asked by phone\"}");
        contract.assertConforms(suppressed);
        assertThat(suppressed.statusCode()).as(suppressed.body()).isEqualTo(201);
        String keyId = created(server, contract, "/v1/api-keys", "{\"name\": \"samples\"}");
        String tenantId = created(server, contract, "/v1/tenants", "{\"id\": \"acme\", \"name\": \"Acme Corp\"}");
        String templateId = created(server, contract, "/v1/templates", "{\"name\": \"Welcome\","
                + " \"subject\": \"Hi {{first_name}}\", \"html\": \"<p>Hi {{first_name}}</p>\"}");
        return new ApiSamples(email.linkId(), email.emailId(), eventId, webhookId, deliveryId, sourceId, SOURCE_TOKEN,
                "zed@example.com", keyId, tenantId, templateId);
    }

    /** POSTs {@code json}, expects {@code 201} and an answer the document announces; returns its {@code id}. */
    private static String created(TestServer server, ApiContract contract, String path, String json) {
        HttpResponse<String> answer = server.post(path, ADMIN_KEY, json);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        contract.assertConforms(answer);
        JsonNode id = TestServer.json(answer).path("id");
        assertThat(id.isTextual()).as(answer.body()).isTrue();
        return id.asText();
    }

    /**
     * The value of the placeholder {@code name} in {@code template}, chosen by the path segment before it
     * ({@code /v1/webhooks/{id}} takes the webhook's id).
     */
    String fill(String template) {
        String[] segments = template.split("/");
        StringBuilder path = new StringBuilder();
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            path.append('/');
            if (!segment.startsWith("{")) {
                path.append(segment);
                continue;
            }
            path.append(switch (segment.equals("{sourceId}") ? "sources" : segments[i - 1]) {
                case "open", "click", "unsubscribe" -> linkId;
                case "webhook" -> "postmark";
                case "events" -> eventId;
                case "emails" -> emailId;
                case "webhooks" -> webhookId;
                case "deliveries" -> deliveryId;
                case "sources" -> sourceId;
                case "suppressions" -> address;
                case "api-keys" -> keyId;
                case "tenants" -> tenantId;
                case "templates" -> templateId;
                default -> throw new AssertionError("no sample for " + segment + " in " + template);
            });
        }
        return path.toString();
    }
}
