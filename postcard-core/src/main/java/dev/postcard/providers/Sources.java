package dev.postcard.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.NotFoundException;
import dev.postcard.Page;
import dev.postcard.UnprocessableException;
import dev.postcard.event.EventCodec;
import dev.postcard.event.IdPrefix;
import dev.postcard.event.StorableText;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Webhook sources: a provider, in a tenant, with the settings that verify its requests. Created and listed
 * through {@code /v1/sources}; each answers at {@code /track/webhook/<provider>/<id>}.
 */
public final class Sources {
    /** The tenant whose first source of a provider also answers at {@code /track/webhook/<provider>}. */
    public static final String DEFAULT_TENANT = "default";
    private static final long MAX_TOLERANCE_SECONDS = Duration.ofDays(1).toSeconds();

    private final JdbcSourceStore store;
    private final Providers providers;
    private final Clock clock;
    private final String webhookBase;
    private final Consumer<String> deleted;

    /**
     * @param webhookBase the public URL and base path under which {@code /track/webhook} answers
     * @param deleted     told the id of each deleted source (the intake forgets it)
     */
    public Sources(JdbcSourceStore store, Providers providers, Clock clock, String webhookBase,
                   Consumer<String> deleted) {
        this.store = store;
        this.deleted = deleted;
        this.providers = providers;
        this.clock = clock;
        this.webhookBase = webhookBase.endsWith("/") ? webhookBase.substring(0, webhookBase.length() - 1) : webhookBase;
    }

    /**
     * Creates a source from {@code {"provider", ...settings, "tolerance_seconds"?, "keep_raw"?}}.
     *
     * @throws InvalidInputException naming the field that is missing or wrong; {@link UnprocessableException}
     *                               for an unknown provider
     */
    public Source create(String tenantId, JsonNode request) {
        if (request == null || !request.isObject()) {
            throw new InvalidInputException("", "a source must be a JSON object");
        }
        StorableText.check(request);
        ObjectNode given = ((ObjectNode) request).deepCopy();
        String providerName = SettingsFields.requiredText(given, "provider", 40);
        Provider provider = providers.find(providerName).orElseThrow(() -> new UnprocessableException("provider",
                "unknown provider '" + providerName + "'; known: " + providers.names()));
        long tolerance = tolerance(given.get("tolerance_seconds"));
        boolean keepRaw = SettingsFields.optionalBoolean(given, "keep_raw").orElse(false);
        given.remove("provider");
        given.remove("tolerance_seconds");
        given.remove("keep_raw");
        ObjectNode settings = provider.settings(given);
        Source source = new Source(IdPrefix.SOURCE.newId(), tenantId, providerName, settings,
                Duration.ofSeconds(tolerance), keepRaw, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        store.create(source);
        return source;
    }

    public Optional<Source> find(String tenantId, String sourceId) {
        return store.find(tenantId, sourceId);
    }

    public Page<Source> list(String tenantId, Optional<String> cursor, int limit) {
        return store.list(tenantId, cursor, limit);
    }

    /** @throws NotFoundException when the tenant has no such source */
    public void delete(String tenantId, String sourceId) {
        if (!store.delete(tenantId, sourceId)) {
            throw new NotFoundException("no source " + sourceId);
        }
        deleted.accept(sourceId);
    }

    /** The address to give the provider. */
    public URI url(Source source) {
        return URI.create(webhookBase + "/track/webhook/" + source.provider() + "/" + source.id());
    }

    /**
     * The source as the API shows it: {@code id}, {@code provider}, {@code url}, the provider's settings
     * without secrets, {@code tolerance_seconds}, {@code keep_raw}, {@code created_at}.
     */
    public ObjectNode describe(Source source) {
        ObjectNode out = EventCodec.MAPPER.createObjectNode();
        out.put("id", source.id());
        out.put("provider", source.provider());
        out.put("url", url(source).toString());
        ObjectNode shown = providers.find(source.provider()).map(p -> p.publicSettings(source.settings()))
                .orElseGet(EventCodec.MAPPER::createObjectNode);
        out.setAll(shown);
        out.put("tolerance_seconds", source.tolerance().toSeconds());
        out.put("keep_raw", source.keepRaw());
        out.put("created_at", EventCodec.formatInstant(source.createdAt()));
        return out;
    }

    private static long tolerance(JsonNode value) {
        if (value == null || value.isNull()) {
            return Source.DEFAULT_TOLERANCE.toSeconds();
        }
        if (!value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > MAX_TOLERANCE_SECONDS) {
            throw new InvalidInputException("tolerance_seconds",
                    "tolerance_seconds must be a whole number from 0 (no check) to " + MAX_TOLERANCE_SECONDS);
        }
        return value.asLong();
    }
}
