package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.client.ApiClient;
import dev.postcard.client.ApiException;
import dev.postcard.client.api.EventsApi;
import dev.postcard.client.api.WebhooksApi;
import dev.postcard.client.model.CreatedWebhook;
import dev.postcard.client.model.Event;
import dev.postcard.client.model.EventData;
import dev.postcard.client.model.EventInput;
import dev.postcard.client.model.EventPage;
import dev.postcard.client.model.EventType;
import dev.postcard.client.model.WebhookInput;
import dev.postcard.client.model.WebhookPage;
import dev.postcard.testing.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Java client that openapi-generator writes from the API document at build time (see the server's pom) works
 * against a real server: the document is usable by tools as it stands, not only valid.
 */
class GeneratedClientTest {

    @Test
    void aGeneratedClientCreatesAWebhookAndListsEvents() throws ApiException {
        try (TestServer server = TestServer.start(TestServer.config(TestDatabases.freshSqliteUrl())
                .withBasePath("/api"))) {
            ApiClient client = new ApiClient();
            client.updateBaseUri(server.uri("").toString());
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + ADMIN_KEY));
            WebhooksApi webhooks = new WebhooksApi(client);
            EventsApi events = new EventsApi(client);

            CreatedWebhook created = webhooks.createWebhook(new WebhookInput().url(Webhooks.URL)
                    .events(List.of("email.*")).description("from the generated client"), null);
            assertThat(created.getId()).startsWith("wh_");
            assertThat(created.getSecret()).startsWith("whsec_");
            WebhookPage listed = webhooks.listWebhooks(null, null, null);
            assertThat(listed.getData()).extracting(w -> w.getId()).containsExactly(created.getId());
            assertThat(listed.getData().getFirst().getDescription()).isEqualTo("from the generated client");

            Object answer = events.recordEvents(new EventInput().type(EventType.EMAIL_DELIVERED)
                    .data(new EventData().to("ada@example.com").smtpResponse("250 OK")), null).getActualInstance();
            assertThat(answer).as("one event answers the stored event").isInstanceOf(Event.class);
            Event recorded = (Event) answer;
            EventPage page = events.listEvents("delivered", null, "ada@example.com", null, null, null, 10, null);
            assertThat(page.getData()).extracting(Event::getId).containsExactly(recorded.getId());
            assertThat(page.getData().getFirst().getType()).isEqualTo(EventType.EMAIL_DELIVERED);
            assertThat(page.getData().getFirst().getData().getSmtpResponse()).isEqualTo("250 OK");
            assertThat(page.getNextCursor()).isNull();
            assertThat(events.getEvent(recorded.getId(), null).getCreatedAt()).isNotNull();

            assertThatThrownBy(() -> webhooks.createWebhook(new WebhookInput().url("ftp://hooks.example.com")
                    .events(List.of("*")), null))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(400);
                        assertThat(e.getResponseBody()).contains("\"field\":\"url\"");
                    });
        }
    }
}
