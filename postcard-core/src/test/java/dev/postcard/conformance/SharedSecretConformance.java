package dev.postcard.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.EventCodec;
import dev.postcard.providers.EventAssembler;
import dev.postcard.providers.ParsedItem;
import dev.postcard.providers.Provider;
import dev.postcard.providers.ProviderContext;
import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.RequestVerifier;
import dev.postcard.providers.Source;
import dev.postcard.providers.WebhookRejectedException;
import dev.postcard.providers.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The conformance suite of a provider trusted by shared credentials (SparkPost, Mailjet, Brevo): the README's
 * files parsed and assembled as stored events, plus the credential checks every such provider shares.
 */
abstract class SharedSecretConformance extends ProviderConformance {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** The provider under test, whose name is {@link #provider()}. */
    protected abstract Provider providerUnderTest();

    /** Basic auth and a token both admit a request; wrong or missing credentials do not. */
    ConformanceCase credentialsCase(String file) {
        return ConformanceCase.of("basic auth and token verify; wrong or missing credentials do not", List.of(), () -> {
            RequestVerifier v = providerUnderTest().verifier(source(), context());
            String body = ConformanceFiles.text(provider(), file);
            v.verify(request(body, Map.of("Authorization", basic(provider(), "s3cret-pass"))), NOW);
            v.verify(request(body, Map.of("Authorization", "Bearer tok-0123456789")), NOW);
            assertThatThrownBy(() -> v.verify(request(body, Map.of("Authorization", basic(provider(), "wrong-pass"))), NOW))
                    .isInstanceOf(WebhookRejectedException.class).hasMessageNotContaining("s3cret-pass");
            assertThatThrownBy(() -> v.verify(request(body, Map.of()), NOW)).isInstanceOf(WebhookRejectedException.class);
            assertThatThrownBy(() -> v.verify(request(body, Map.of("Authorization", "Bearer tok-wrong-000")), NOW))
                    .isInstanceOf(WebhookRejectedException.class);
        });
    }

    Source source() {
        ObjectNode given = EventCodec.MAPPER.createObjectNode();
        given.putObject("basic_auth").put("username", provider()).put("password", "s3cret-pass");
        given.put("token", "tok-0123456789");
        return new Source("src_01JDQ4Z6M7X9K2P8R5T3V1W0YA", "default", provider(), providerUnderTest().settings(given),
                Source.DEFAULT_TOLERANCE, true, NOW);
    }

    static ProviderContext context() {
        return new ProviderContext(CLOCK, url -> {
            throw new AssertionError("no fetches");
        });
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static WebhookRequest request(String body, Map<String, String> headers) {
        return WebhookRequest.of(headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The file's items; every event among them must assemble into a storable event. */
    List<ParsedItem> parse(String file) {
        List<ParsedItem> items = providerUnderTest().parser(source())
                .parse(request(ConformanceFiles.text(provider(), file), Map.of()));
        events(items).forEach(e -> EventAssembler.assemble(provider(), e, e.emailId(), true, NOW));
        return items;
    }

    /** The one event of the file, which must have this outcome. */
    ProviderEvent single(String file, String outcome) {
        List<ParsedItem> items = parse(file);
        assertThat(Outcomes.of(items)).containsExactly(outcome);
        return events(items).getFirst();
    }

    static List<ProviderEvent> events(List<ParsedItem> items) {
        return items.stream().filter(i -> i instanceof ParsedItem.Events)
                .flatMap(i -> ((ParsedItem.Events) i).events().stream()).toList();
    }
}
