package dev.postcard.providers.brevo;

import dev.postcard.providers.SharedSecretProvider;

/**
 * Brevo (ex-Sendinblue) transactional webhooks: one event object per POST. Brevo signs nothing; the webhook is
 * configured with HTTP Basic credentials (or {@code https://user:pass@host/...}), a bearer token, or a
 * {@code ?token=} in the URL. See {@link BrevoParser} for the mapping.
 */
public final class BrevoProvider extends SharedSecretProvider {
    public static final String NAME = "brevo";

    public BrevoProvider() {
        super(NAME, new BrevoParser());
    }
}
