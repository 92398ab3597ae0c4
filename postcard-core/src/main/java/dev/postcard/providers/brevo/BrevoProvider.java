package dev.postcard.providers.brevo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.providers.Provider;
import dev.postcard.providers.ProviderContext;
import dev.postcard.providers.ProviderParser;
import dev.postcard.providers.RequestVerifier;
import dev.postcard.providers.SettingsFields;
import dev.postcard.providers.SharedSecret;
import dev.postcard.providers.Source;

/**
 * Brevo (ex-Sendinblue) transactional webhooks: one event object per POST. Brevo signs nothing; the webhook is
 * configured with HTTP Basic credentials (or {@code https://user:pass@host/...}), a bearer token, or a
 * {@code ?token=} in the URL. See {@link BrevoParser} for the mapping.
 */
public final class BrevoProvider implements Provider {
    public static final String NAME = "brevo";

    private final BrevoParser parser = new BrevoParser();

    public BrevoProvider() {
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
