package dev.postcard.providers.mailjet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.providers.Provider;
import dev.postcard.providers.ProviderContext;
import dev.postcard.providers.ProviderParser;
import dev.postcard.providers.RequestVerifier;
import dev.postcard.providers.SettingsFields;
import dev.postcard.providers.SharedSecret;
import dev.postcard.providers.Source;

/**
 * Mailjet Event API callbacks: one event object per POST, or an array of them when "group events" is on.
 * Mailjet signs nothing; the endpoint URL carries HTTP Basic credentials ({@code https://user:pass@host/...})
 * or a {@code ?token=}. See {@link MailjetParser} for the mapping.
 */
public final class MailjetProvider implements Provider {
    public static final String NAME = "mailjet";

    private final MailjetParser parser = new MailjetParser();

    public MailjetProvider() {
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
