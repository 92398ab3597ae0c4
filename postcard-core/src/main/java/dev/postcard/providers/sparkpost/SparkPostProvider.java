package dev.postcard.providers.sparkpost;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.providers.Provider;
import dev.postcard.providers.ProviderContext;
import dev.postcard.providers.ProviderParser;
import dev.postcard.providers.RequestVerifier;
import dev.postcard.providers.SettingsFields;
import dev.postcard.providers.SharedSecret;
import dev.postcard.providers.Source;

/**
 * SparkPost webhooks: batches of {@code {"msys": {"<category>_event": {...}}}}, authenticated by HTTP Basic
 * credentials or a token (SparkPost signs nothing; it sends Basic auth or an OAuth2 bearer token, and a token
 * may also ride in the URL as {@code ?token=}). See {@link SparkPostParser} for the mapping.
 */
public final class SparkPostProvider implements Provider {
    public static final String NAME = "sparkpost";

    private final SparkPostParser parser = new SparkPostParser();

    public SparkPostProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode settings(ObjectNode given) {
        SettingsFields.onlyKnown(given, SharedSecret.FIELDS, NAME);
        return SharedSecret.settings(given);
    }

    @Override
    public ObjectNode publicSettings(ObjectNode stored) {
        return SharedSecret.publicSettings(stored);
    }

    @Override
    public RequestVerifier verifier(Source source, ProviderContext context) {
        return SharedSecret.verifier(source.settings());
    }

    @Override
    public ProviderParser parser(Source source) {
        return parser;
    }

}
