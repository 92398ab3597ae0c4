package dev.postcard.providers.postmark;

import dev.postcard.providers.SharedSecretProvider;

/**
 * Postmark webhooks: one JSON record per request, unsigned. Postmark sends the HTTP Basic credentials of the
 * webhook URL ({@code https://user:pass@host/...}) or custom headers, so a source is protected by
 * {@link dev.postcard.providers.SharedSecret}: {@code basic_auth} {@code {username, password}} and/or a {@code token}
 * ({@code Authorization: Bearer} header or {@code ?token=}).
 */
public final class PostmarkProvider extends SharedSecretProvider {
    public static final String NAME = "postmark";

    public PostmarkProvider() {
        super(NAME, new PostmarkParser());
    }
}
