package dev.postcard.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A provider that signs nothing and is trusted by shared credentials ({@link SharedSecret}: basic auth and/or a
 * token): Postmark, SparkPost, Mailjet and Brevo differ only in their parsers.
 */
public abstract class SharedSecretProvider implements Provider {
    private final String name;
    private final ProviderParser parser;

    protected SharedSecretProvider(String name, ProviderParser parser) {
        this.name = Objects.requireNonNull(name, "name");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ObjectNode settings(ObjectNode given) {
        SettingsFields.onlyKnown(given, SharedSecret.FIELDS, name);
        return SharedSecret.settings(given);
    }

    @Override
    public final ObjectNode publicSettings(ObjectNode stored) {
        return SharedSecret.publicSettings(stored);
    }

    @Override
    public final RequestVerifier verifier(Source source, ProviderContext context) {
        return SharedSecret.verifier(source.settings());
    }

    @Override
    public final ProviderParser parser(Source source) {
        return parser;
    }
}
