package dev.postcard.providers.custom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.providers.Provider;
import dev.postcard.providers.ProviderContext;
import dev.postcard.providers.ProviderParser;
import dev.postcard.providers.RequestVerifier;
import dev.postcard.providers.SharedSecret;
import dev.postcard.providers.Source;

/** Placeholder replaced by the custom-provider branch. */
public record RegisteredProvider(String name, ProviderParser parser) implements Provider {
    @Override
    public ObjectNode settings(ObjectNode given) {
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
