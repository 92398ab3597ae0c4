package dev.postcard.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.NotFoundException;
import dev.postcard.Postcard;
import dev.postcard.UnprocessableException;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventQuery;
import dev.postcard.event.EventType;
import dev.postcard.event.IdPrefix;
import dev.postcard.event.Message;
import dev.postcard.event.StoredEvent;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

class ProviderIntakeTest {
    private static final String TOKEN = "s3cret-token-value";

    private static Postcard engine(TestDatabase db) {
        return Postcard.builder().databaseUrl(db.url()).deliveryWorker(false).clock(MovableClock.atStart())
                .provider(new TestMailProvider()).build();
    }

    private static JsonNode json(String text) {
        try {
            return EventCodec.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Source source(Postcard postcard, String tenant, String settings) {
        return postcard.sources().create(tenant, json(settings));
    }

    private static WebhookRequest request(String body, String token) {
        return new WebhookRequest(Map.of("Authorization", List.of("Bearer " + token)),
                body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static List<StoredEvent> events(Postcard postcard, String tenant) {
        // email.* only: a bounce also suppresses its recipient, which the engine announces with its own event.
        return postcard.store().listEvents(tenant, EventQuery.all(100)).items().stream()
                .filter(e -> e.event().type().isEmailEvent()).toList();
    }

    @EachDatabase
    void storesEachEventOnceAndAProviderRetryIsADuplicate(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            Source src = source(postcard, "default", "{\"provider\":\"testmail\",\"token\":\"" + TOKEN + "\"}");
            String body = "[{\"id\":\"e1\",\"event\":\"delivered\",\"to\":\"A@Example.com\",\"msg\":\"p-1\",\"ts\":1700000000},"
                    + "{\"id\":\"e2\",\"event\":\"bounce\",\"to\":\"b@example.com\",\"msg\":\"p-2\",\"ts\":1700000001},"
                    + "{\"event\":\"ping\"}]";
            IntakeResult first = postcard.providerWebhooks().receive("testmail", Optional.of(src.id()), request(body, TOKEN));
            assertThat(first).isEqualTo(new IntakeResult(3, 2, 0, 1, List.of()));
            IntakeResult retry = postcard.providerWebhooks().receive("testmail", Optional.of(src.id()), request(body, TOKEN));
            assertThat(retry).isEqualTo(new IntakeResult(3, 0, 2, 1, List.of()));

            List<StoredEvent> stored = events(postcard, "default");
            assertThat(stored).hasSize(2);
            Event bounce = stored.stream().map(StoredEvent::event).filter(e -> e.type() == EventType.EMAIL_BOUNCED)
                    .findFirst().orElseThrow();
            assertThat(bounce.text("provider")).contains("testmail");
            assertThat(bounce.text("provider_message_id")).contains("p-2");
            assertThat(bounce.createdAt()).isEqualTo(Instant.ofEpochSecond(1700000001));
            assertThat(bounce.data().has("raw")).isFalse();
            // The message record is created from the provider's events, under an id derived from the provider's.
            String emailId = bounce.emailId().orElseThrow();
            assertThat(IdPrefix.MESSAGE.matches(emailId)).isTrue();
            Message message = postcard.store().findMessage("default", emailId).orElseThrow();
            assertThat(message.to()).contains("b@example.com");
            assertThat(message.providerMessageId()).contains("p-2");
        }
    }

    @EachDatabase
    void eventsFindTheirMessageByMetadataByProviderIdOrShareADerivedOne(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            source(postcard, "default", "{\"provider\":\"testmail\",\"token\":\"" + TOKEN + "\"}");
            // A message the app reported as sent through the provider, with the provider's id.
            ObjectNode sent = (ObjectNode) json("{\"type\":\"email.sent\",\"data\":{\"email_id\":\"" + IdPrefix.MESSAGE.newId()
                    + "\",\"to\":\"known@example.com\",\"provider\":\"testmail\",\"provider_message_id\":\"p-known\"}}");
            String knownId = sent.path("data").path("email_id").asText();
            postcard.record("default", EventCodec.fromInput(sent, postcard.clock()));
            String ours = IdPrefix.MESSAGE.newId();
            String body = "[{\"id\":\"a\",\"event\":\"delivered\",\"to\":\"known@example.com\",\"msg\":\"p-known\"},"
                    + "{\"id\":\"b\",\"event\":\"delivered\",\"to\":\"m@example.com\",\"msg\":\"p-x\",\"meta\":{\"postcard_email_id\":\"" + ours + "\"}},"
                    + "{\"id\":\"c\",\"event\":\"delivered\",\"to\":\"n@example.com\",\"msg\":\"p-new\"},"
                    + "{\"id\":\"d\",\"event\":\"bounce\",\"to\":\"n@example.com\",\"msg\":\"p-new\"}]";
            postcard.providerWebhooks().receive("testmail", Optional.empty(), request(body, TOKEN));
            Map<String, String> emailByProviderEvent = new java.util.HashMap<>();
            for (StoredEvent s : events(postcard, "default")) {
                s.event().text("provider_message_id").ifPresent(p ->
                        emailByProviderEvent.merge(p + "/" + s.event().type().wireName(), s.event().emailId().orElse("-"), (x, y) -> x));
            }
            assertThat(emailByProviderEvent.get("p-known/email.delivered")).isEqualTo(knownId);
            assertThat(emailByProviderEvent.get("p-x/email.delivered")).isEqualTo(ours);
            assertThat(emailByProviderEvent.get("p-new/email.delivered"))
                    .isEqualTo(emailByProviderEvent.get("p-new/email.bounced"));
            // The known message took the provider's events: it is delivered now.
            assertThat(postcard.store().findMessage("default", knownId).orElseThrow().status().wireName())
                    .isEqualTo("delivered");
        }
    }

    @EachDatabase
    void oneBadItemFailsAloneAndABodyOfOnlyBadItemsStoresNothing(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            Source src = source(postcard, "default", "{\"provider\":\"testmail\",\"token\":\"" + TOKEN + "\"}");
            String body = "[{\"id\":\"ok\",\"event\":\"delivered\",\"to\":\"a@example.com\"},{\"to\":\"b@example.com\"},"
                    + "{\"id\":\"bad-to\",\"event\":\"delivered\",\"to\":\"not an address\"}]";
            IntakeResult result = postcard.providerWebhooks().receive("testmail", Optional.of(src.id()), request(body, TOKEN));
            assertThat(result.stored()).isEqualTo(1);
            assertThat(result.failed()).extracting(IntakeResult.ItemFailure::index, IntakeResult.ItemFailure::field)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "event"),
                            org.assertj.core.groups.Tuple.tuple(2, "data.to"));

            assertThatThrownBy(() -> postcard.providerWebhooks().receive("testmail", Optional.of(src.id()),
                    request("[{\"to\":\"c@example.com\"}]", TOKEN)))
                    .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("event");
            assertThatThrownBy(() -> postcard.providerWebhooks().receive("testmail", Optional.of(src.id()),
                    request("[{\"id\":", TOKEN)))
                    .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("body");
            assertThat(events(postcard, "default")).hasSize(1);
        }
    }

    @EachDatabase
    void wrongCredentialsAreRejectedBeforeAnythingIsRead(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            Source src = source(postcard, "default", "{\"provider\":\"testmail\",\"token\":\"" + TOKEN + "\"}");
            String body = "[{\"id\":\"e1\",\"event\":\"delivered\",\"to\":\"a@example.com\"}]";
            assertThatThrownBy(() -> postcard.providerWebhooks().receive("testmail", Optional.of(src.id()),
                    request(body, TOKEN + "x"))).isInstanceOf(WebhookRejectedException.class)
                    .hasMessageNotContaining(TOKEN);
            assertThatThrownBy(() -> postcard.providerWebhooks().receive("testmail", Optional.of(src.id()),
                    new WebhookRequest(Map.of(), body.getBytes(StandardCharsets.UTF_8), Map.of())))
                    .isInstanceOf(WebhookRejectedException.class);
            // The token may also come in the URL, for providers that cannot send headers.
            postcard.providerWebhooks().receive("testmail", Optional.of(src.id()), new WebhookRequest(Map.of(),
                    body.getBytes(StandardCharsets.UTF_8), Map.of("token", List.of(TOKEN))));
            assertThat(events(postcard, "default")).hasSize(1);
        }
    }

    @EachDatabase
    void sourcesBelongToTheirTenantAndTheDefaultRouteToTheDefaultTenant(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            postcard.tenants().create("acme", "Acme");
            Source acme = source(postcard, "acme", "{\"provider\":\"testmail\",\"token\":\"acme-token-1234\"}");
            String body = "[{\"id\":\"e1\",\"event\":\"delivered\",\"to\":\"a@example.com\"}]";
            // No default-tenant source yet: the provider-wide address has nothing to answer for.
            assertThatThrownBy(() -> postcard.providerWebhooks().receive("testmail", Optional.empty(),
                    request(body, "acme-token-1234"))).isInstanceOf(NotFoundException.class);
            postcard.providerWebhooks().receive("testmail", Optional.of(acme.id()), request(body, "acme-token-1234"));
            assertThat(events(postcard, "acme")).hasSize(1);
            assertThat(events(postcard, "default")).isEmpty();
            // A source answers only under its own provider's address, and unknown ids are not found.
            assertThatThrownBy(() -> postcard.providerWebhooks().receive("postmark-like", Optional.of(acme.id()),
                    request(body, "acme-token-1234"))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> postcard.providerWebhooks().receive("testmail", Optional.of("src_nope"),
                    request(body, "acme-token-1234"))).isInstanceOf(NotFoundException.class);
            // Another tenant cannot see or delete it.
            assertThat(postcard.sources().find("default", acme.id())).isEmpty();
            assertThatThrownBy(() -> postcard.sources().delete("default", acme.id())).isInstanceOf(NotFoundException.class);
            postcard.sources().delete("acme", acme.id());
            assertThat(postcard.sources().find("acme", acme.id())).isEmpty();
        }
    }

    @EachDatabase
    void keepRawKeepsTheProvidersItem(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            Source src = source(postcard, "default", "{\"provider\":\"testmail\",\"token\":\"" + TOKEN + "\",\"keep_raw\":true}");
            postcard.providerWebhooks().receive("testmail", Optional.of(src.id()),
                    request("[{\"id\":\"e1\",\"event\":\"delivered\",\"to\":\"a@example.com\",\"extra\":{\"x\":1}}]", TOKEN));
            JsonNode raw = events(postcard, "default").getFirst().event().data().get("raw");
            assertThat(raw.path("extra").path("x").asInt()).isEqualTo(1);
        }
    }

    @EachDatabase
    void sourceSettingsAreValidatedAndSecretsNeverShown(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            Sources sources = postcard.sources();
            assertThatThrownBy(() -> source(postcard, "default", "{\"provider\":\"nope\"}"))
                    .isInstanceOf(UnprocessableException.class).extracting("field").isEqualTo("provider");
            assertThatThrownBy(() -> source(postcard, "default", "{\"token\":\"" + TOKEN + "\"}"))
                    .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("provider");
            assertThatThrownBy(() -> source(postcard, "default", "{\"provider\":\"testmail\",\"token\":\"" + TOKEN + "\",\"tolerance_seconds\":-1}"))
                    .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("tolerance_seconds");
            assertThatThrownBy(() -> source(postcard, "default", "{\"provider\":\"testmail\",\"token\":\"" + TOKEN + "\",\"keep_raw\":\"yes\"}"))
                    .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("keep_raw");
            assertThatThrownBy(() -> source(postcard, "default", "{\"provider\":\"testmail\",\"tokn\":\"" + TOKEN + "\"}"))
                    .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("tokn");
            assertThatThrownBy(() -> source(postcard, "default", "{\"provider\":\"testmail\"}"))
                    .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("basic_auth");
            assertThatThrownBy(() -> source(postcard, "default", "{\"provider\":\"testmail\",\"basic_auth\":{\"username\":\"u\",\"password\":\"short\"}}"))
                    .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("basic_auth.password");
            assertThat(sources.list("default", Optional.empty(), 10).items()).isEmpty();

            Source src = source(postcard, "default", "{\"provider\":\"testmail\",\"token\":\"" + TOKEN
                    + "\",\"basic_auth\":{\"username\":\"hook\",\"password\":\"pa55word-long\"},\"tolerance_seconds\":0}");
            ObjectNode shown = sources.describe(src);
            assertThat(shown.toString()).doesNotContain(TOKEN).doesNotContain("pa55word-long");
            assertThat(shown.path("url").asText()).endsWith("/track/webhook/testmail/" + src.id());
            assertThat(shown.path("basic_auth").path("username").asText()).isEqualTo("hook");
            assertThat(shown.path("tolerance_seconds").asLong()).isZero();
        }
    }

    @EachDatabase
    void parsersRegisteredInCodeParseNewProvidersOrReplaceABuiltInOne(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            ProviderParser oneDelivery = request -> List.of(ParsedItem.Events.of(0,
                    ProviderEvent.builder(EventType.EMAIL_DELIVERED).providerEventId(request.bodyText())
                            .recipient("reg@example.com").build()));
            postcard.registerParser("acme", oneDelivery);
            Source acme = source(postcard, "default", "{\"provider\":\"acme\",\"verification\":{\"token\":\"" + TOKEN + "\"}}");
            assertThat(postcard.providerWebhooks().receive("acme", Optional.of(acme.id()), request("a-1", TOKEN)).stored())
                    .isEqualTo(1);
            assertThatThrownBy(() -> postcard.providerWebhooks().receive("acme", Optional.of(acme.id()), request("a-2", "wrong-token-x")))
                    .isInstanceOf(WebhookRejectedException.class);

            // In place of a built-in parser: the built-in verification stays.
            postcard.registerParser("postmark", oneDelivery);
            Source postmark = source(postcard, "default", "{\"provider\":\"postmark\",\"token\":\"" + TOKEN + "\"}");
            assertThat(postcard.providerWebhooks().receive("postmark", Optional.of(postmark.id()), request("p-1", TOKEN))
                    .stored()).isEqualTo(1);
            assertThatThrownBy(() -> postcard.providerWebhooks().receive("postmark", Optional.of(postmark.id()), request("p-2", "nope-nope-nope")))
                    .isInstanceOf(WebhookRejectedException.class);

            // A registered parser that breaks on a body makes it malformed, not a server error.
            postcard.registerParser("fragile", request -> {
                throw new NullPointerException("boom");
            });
            Source fragile = source(postcard, "default", "{\"provider\":\"fragile\",\"verification\":{\"token\":\"" + TOKEN + "\"}}");
            assertThatThrownBy(() -> postcard.providerWebhooks().receive("fragile", Optional.of(fragile.id()), request("x", TOKEN)))
                    .isInstanceOf(InvalidInputException.class).extracting("field").isEqualTo("body");
            assertThat(events(postcard, "default")).hasSize(2);
        }
    }
}
