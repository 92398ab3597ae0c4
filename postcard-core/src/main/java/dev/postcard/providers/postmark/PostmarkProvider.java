package dev.postcard.providers.postmark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.providers.Provider;
import dev.postcard.providers.ProviderContext;
import dev.postcard.providers.ProviderParser;
import dev.postcard.providers.RequestVerifier;
import dev.postcard.providers.SettingsFields;
import dev.postcard.providers.SharedSecret;
import dev.postcard.providers.Source;

/**
 * Postmark webhooks: one JSON record per request, unsigned. Postmark sends the HTTP Basic credentials of the
 * webhook URL ({@code https://user:pass@host/...}) or custom headers, so a source is protected by
 * {@link SharedSecret}: {@code basic_auth} {@code {username, password}} and/or a {@code token}
 * ({@code Authorization: Bearer} header or {@code ?token=}).
 */
public final class PostmarkProvider implements Provider {
    public static final String NAME = "postmark";

    private final PostmarkParser parser = new PostmarkParser();

    public PostmarkProvider() {
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
